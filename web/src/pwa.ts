// The installed app: the service worker (offline start, updates offered as a banner) and
// persistent storage (without it the browser may delete the wallet's database under pressure).
import { messages } from './i18n/index.ts';
import { $ } from './ui.ts';

/** Registers sw.js; a new version waiting to take over is offered, and taken when accepted. */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const registration = await navigator.serviceWorker.register('./sw.js');
  const offer = (worker: ServiceWorker | null) => {
    if (!worker || !navigator.serviceWorker.controller) return;  // the first install needs no reload
    $('update-banner').hidden = false;
    $('update-apply').onclick = () => worker.postMessage({ type: 'activate-update' });
  };
  offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => { if (installing.state === 'installed') offer(installing); });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || $('update-banner').hidden) return;  // the first activation (clients.claim) is not an update
    reloading = true;
    location.reload();
  });
}

/** Asks that the wallet's storage be kept; warns the person when the browser does not promise it. */
export async function keepStorage(): Promise<void> {
  const storage = navigator.storage;
  const kept = storage && ((await storage.persisted()) || (await storage.persist().catch(() => false)));
  $('storage-warning').textContent = messages.storage.notPersistent;
  $('storage-warning').hidden = Boolean(kept);
}
