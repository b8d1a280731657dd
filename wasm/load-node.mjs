// Loads the flash-core ES module in Node from a build directory (tests, benchmarks, flash-cli).
// Node's fetch cannot read file: URLs, so the wasm bytes are handed to the factory directly.
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The directory holding flash-core.mjs/.wasm: $FLASH_CORE_DIR or the wasm preset's output. */
export const coreDir = process.env.FLASH_CORE_DIR ?? join(root, 'build', 'wasm', 'wasm');

/** Instantiates a fresh core; each call returns an independent module instance. */
export async function loadCore(dir = coreDir) {
  const { default: createFlashCore } = await import(pathToFileURL(join(dir, 'flash-core.mjs')).href);
  const wasmBinary = await readFile(join(dir, 'flash-core.wasm'));
  return createFlashCore({ wasmBinary });
}
