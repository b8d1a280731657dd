// The page's handle on the core's worker: every call is asynchronous and runs off the UI thread.
import * as Comlink from 'comlink';
import type { WalletCore } from './worker.ts';

export type Core = Comlink.Remote<WalletCore>;

/** Starts the worker (it loads the wasm core on `start()`). */
export function startCore(): Core {
  return Comlink.wrap<WalletCore>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
}
