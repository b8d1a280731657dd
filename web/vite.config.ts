// The PWA's build: `npx vite build web` writes build/web, which flash-node serves (tools/run).
// The wasm core comes from the wasm preset's output (FLASH_CORE_DIR overrides where it is); the
// service worker and the icons are made by web/vite-plugins/pwa-plugin.ts.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { pwa } from './vite-plugins/pwa-plugin.ts';

const web = import.meta.dirname;
const root = resolve(web, '..');
const coreDir = process.env.FLASH_CORE_DIR ?? resolve(root, 'build/wasm/wasm');

export default defineConfig({
  root: web,
  base: './',
  resolve: {
    alias: {
      'flash-core': resolve(coreDir, 'flash-core.mjs'),
      '@wasm': resolve(root, 'wasm'),
    },
  },
  worker: { format: 'es' },
  build: {
    outDir: resolve(root, 'build/web'),
    emptyOutDir: true,
    target: 'es2022',
    // The wasm module stays a file of its own: it is streamed and compiled while it downloads.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { index: resolve(web, 'index.html'), sw: resolve(web, 'src/sw.ts') },
      // The service worker must keep its name and live at the root to control the whole app.
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  plugins: [pwa()],
});
