// The service worker: keeps the app shell and the wasm core in a cache named after the build, so
// the installed app opens without a network. The API (/api/) and the relay are never cached:
// balances come from the node or, offline, from what the app stored itself.
//
// Updates: a new build installs next to the running one and waits; the page offers "new version
// available" and, when the person accepts, posts {type: 'activate-update'} to it.
// A module (export {} below), so this declaration narrows `self` here only.
declare const self: ServiceWorkerGlobalScope;
/** Replaced at build time by web/vite-plugins/pwa-plugin.ts. */
declare const __PRECACHE__: { version: string; files: string[] };

const { version, files } = __PRECACHE__;
const cacheName = `flash-${version}`;
const shell = new URL('./', self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll(files.map((f) => new URL(f, shell).href))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith('flash-') && name !== cacheName) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'activate-update') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  // The relay's NIP-11 document shares "/" with the app: it is asked for by its Accept header.
  if (request.headers.get('accept')?.includes('application/nostr+json')) return;
  // Every page of the app is the shell; assets by their URL. Network only for what is not cached.
  const key = request.mode === 'navigate' ? shell : request;
  event.respondWith(caches.open(cacheName)
    .then((cache) => cache.match(key, { ignoreSearch: request.mode === 'navigate' }))
    .then((hit) => hit ?? fetch(request)));
});

export {};
