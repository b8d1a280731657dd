// Puts the app in one directory ready to serve: web/ plus the wasm core (flash-core.mjs/.wasm)
// from the wasm build, its JS hosts (wasm/relay-pool.mjs, wasm/cashu-wallet.mjs) and the browser
// files of npm packages the app imports (vendor/). Usage: node tools/assemble-web.mjs OUT_DIR
import { cp, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreDir } from '../wasm/load-node.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** npm files the browser loads as they are (self-contained ES modules), with their licences. */
const vendored = [
  ['node_modules/qr/index.js', 'vendor/qr.mjs'],
  ['node_modules/qr/LICENSE-MIT', 'vendor/qr.LICENSE.txt'],
];

/** Copies web/, the core and vendor/ into `outDir` (created if missing); returns `outDir`. */
export async function assembleWeb(outDir) {
  await mkdir(outDir, { recursive: true });
  await cp(join(root, 'web'), outDir, { recursive: true });
  for (const file of ['flash-core.mjs', 'flash-core.wasm']) await cp(join(coreDir, file), join(outDir, file));
  for (const host of ['relay-pool.mjs', 'cashu-wallet.mjs']) await cp(join(root, 'wasm', host), join(outDir, host));
  for (const [from, to] of vendored) await cp(join(root, from), join(outDir, to));
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) await assembleWeb(resolve(process.argv[2]));
