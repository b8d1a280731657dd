// What every part of the core's worker shares: the loaded wasm module, its IDBFS directory, and
// errors in a shape that crosses to the page.
import createFlashCore from 'flash-core';

/** The directory of the app's files (IDBFS: IndexedDB). */
export const dir = '/flash';

/** An error the page can show by its code (structured clone keeps plain objects, not Error fields). */
export interface CoreError {
  name: 'CoreError';
  code: string;
  message: string;
}

export const fail = (code: string, message: string): CoreError => ({ name: 'CoreError', code, message });
export const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export const now = () => Math.floor(Date.now() / 1000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the embind module has no types
let module: any;

/** Loads the wasm module and mounts the app's files (once). */
export async function loadCore(): Promise<void> {
  module ??= await createFlashCore();
  if (!module.FS.analyzePath(dir).exists) {
    module.FS.mkdir(dir);
    module.FS.mount(module.FS.filesystems.IDBFS, {}, dir);
    await sync(true);
  }
}

/** The loaded wasm module (after loadCore()). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const wasm = (): any => module;

/** Runs `body`; a core Error (with its Errc `code`) crosses to the page as a CoreError. */
export function guarded<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw asCoreError(error);
  }
}

/** `error` as a CoreError (its own `code` when it has one, else 'internal'). */
export function asCoreError(error: unknown): CoreError {
  const e = error as { code?: unknown; message?: string; name?: string };
  if (e?.name === 'CoreError') return e as CoreError;
  return fail(typeof e?.code === 'string' ? e.code : 'internal', e?.message ?? String(error));
}

/** IDBFS and IndexedDB in step: `populate` reads IndexedDB into memory, else memory is flushed out. */
export const sync = (populate: boolean) => new Promise<void>((resolve, reject) =>
  module.FS.syncfs(populate, (error: unknown) => (error ? reject(fail('storage', String(error))) : resolve())));
