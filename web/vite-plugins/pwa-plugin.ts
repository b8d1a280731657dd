// What makes the build an installable PWA: the web app manifest, its icons (drawn by icon.ts) and
// the service worker's precache list. sw.js is built from src/sw.ts with the free identifier
// __PRECACHE__ in it; once every file is written, it is replaced by {version, files}, so that any
// change to the app changes sw.js and the browser offers the update.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { iconPng } from './icon.ts';

const themeColor = '#1b1d23';
const icons = [
  { file: 'icons/icon-192.png', size: 192, purpose: 'any' },
  { file: 'icons/icon-512.png', size: 512, purpose: 'any' },
  { file: 'icons/maskable-512.png', size: 512, purpose: 'maskable' },
  { file: 'icons/apple-touch-180.png', size: 180, purpose: 'apple' },
  { file: 'icons/favicon-32.png', size: 32, purpose: 'favicon' },
] as const;

const manifest = {
  name: 'Flash',
  short_name: 'Flash',
  description: 'Bitcoin wallet: Lightning, on-chain, eCash and chats',
  id: './',
  start_url: './',
  scope: './',
  display: 'standalone',
  orientation: 'any',
  background_color: themeColor,
  theme_color: themeColor,
  icons: icons.filter((i) => i.purpose === 'any' || i.purpose === 'maskable')
    .map((i) => ({ src: i.file, sizes: `${i.size}x${i.size}`, type: 'image/png', purpose: i.purpose })),
};

export function pwa(): Plugin {
  let outDir = '';
  return {
    name: 'flash-pwa',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    generateBundle() {
      for (const icon of icons)
        this.emitFile({ type: 'asset', fileName: icon.file, source: iconPng(icon.size, { maskable: icon.purpose === 'maskable' }) });
      this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: JSON.stringify(manifest, null, 2) });
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => name !== 'sw.js' && !name.endsWith('.map')).sort();
      // Hashed names change with their content; index.html and the manifest keep theirs.
      const hash = createHash('sha256');
      for (const name of files) hash.update(name).update(await readFile(join(outDir, name)));
      const precache = { version: hash.digest('hex').slice(0, 16), files: ['./', ...files.filter((f) => f !== 'index.html')] };
      const sw = join(outDir, 'sw.js');
      const code = await readFile(sw, 'utf8');
      if (!code.includes('__PRECACHE__')) this.error('sw.js does not use __PRECACHE__');
      await writeFile(sw, code.replaceAll('__PRECACHE__', JSON.stringify(precache)));
    },
  };
}
