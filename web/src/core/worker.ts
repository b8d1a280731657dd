// The core's Web Worker: the wasm module, the keys and everything that uses them run here, so the
// page never blocks on cryptography and never holds the seed. The page calls the methods of
// `WalletCore` through Comlink (core/client.ts); each part lives in its own module.
import * as Comlink from 'comlink';
import { chatApi } from './chat.ts';
import { ecashApi } from './ecash.ts';
import { lnurlApi } from './lnurl.ts';
import { offlineApi } from './offline.ts';
import { vaultApi } from './vault.ts';

const walletCore = { ...vaultApi, ...ecashApi, ...lnurlApi, ...offlineApi, ...chatApi };

export type WalletCore = typeof walletCore;

Comlink.expose(walletCore);
