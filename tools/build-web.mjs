// Builds the PWA (web/, TypeScript + Vite) with the wasm core of the wasm preset into one
// directory ready to serve. Usage: node tools/build-web.mjs OUT_DIR (default build/web)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the app into `outDir` (emptied first); resolves to `outDir`. */
export async function buildWeb(outDir = join(root, 'build/web')) {
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir } });
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWeb(process.argv[2] && resolve(process.argv[2]));
