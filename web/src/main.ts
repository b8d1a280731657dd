// Flash in the browser. The wasm core runs in a worker (keys never reach the page); a wallet on
// this device is sealed under its passphrase. The app goes round: onboarding or the lock screen,
// then the open wallet until it is locked (by hand or after inactivity), then the lock again.
import { NodeApi, type NodeInfo, nodeInfo } from './api.ts';
import { startCore, type Core } from './core/client.ts';
import type { Identity } from './core/types.ts';
import { watchRates } from './fiat.ts';
import { messages, preferredLanguage, setLanguage } from './i18n/index.ts';
import { keepStorage, registerServiceWorker } from './pwa.ts';
import { showAccount, showLastSeen } from './screens/account.ts';
import { attachChat } from './screens/chat.ts';
import { attachCards } from './screens/cards.ts';
import { attachEcash } from './screens/ecash.ts';
import { attachLightning } from './screens/lightning.ts';
import { unlockScreen, watchIdle } from './screens/lock.ts';
import { onboard } from './screens/onboarding.ts';
import { attachScanButtons } from './screens/scan-field.ts';
import { attachOffline } from './screens/offline.ts';
import { attachOnchain } from './screens/onchain.ts';
import { attachPos } from './screens/pos.ts';
import { showStep } from './screens/screens.ts';
import { attachSettings } from './screens/settings.ts';
import { setupTabs } from './screens/tabs.ts';
import type { Session } from './session.ts';
import { $ } from './ui.ts';

await setLanguage(preferredLanguage());
registerServiceWorker().catch((error) => console.warn('service worker', error));
$('status').textContent = messages.loading;

const core = startCore();
try {
  const { hasWallet } = await core.start();
  // The node says which network it runs and whether its money is simulated; null: not reachable.
  const info = await nodeInfo().catch(() => null);
  $('demo-banner').textContent = messages.demo;
  $('demo-banner').hidden = !info?.fake;
  $('status').textContent = messages.ready;
  attachScanButtons(core);
  document.body.dataset.ready = 'true';
  performance.mark('flash-ready');  // time to interactive, as the e2e budget reads it
  await run(core, info, hasWallet);
} catch (error) {
  console.error(error);
  $('status').textContent = messages.coreFailed;
}

async function run(core: Core, info: NodeInfo | null, hasWallet: boolean): Promise<never> {
  for (;;) {
    const opened = hasWallet ? { identity: await unlockScreen(core), restored: false } : await onboard(core);
    hasWallet = opened.identity !== null;
    if (opened.identity) await openWallet(core, info, opened.identity, opened.restored);
  }
}

/** Shows the unlocked wallet; resolves once it is locked again. */
async function openWallet(core: Core, info: NodeInfo | null, identity: Identity, restored: boolean): Promise<void> {
  const controller = new AbortController();
  const { signal } = controller;
  const locked = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
  const lock = () => {
    core.lock();
    controller.abort();
  };
  $('lock-now').addEventListener('click', lock, { signal });
  watchIdle(signal, lock);
  keepStorage().catch(() => {});

  showStep('wallet');
  const network = info?.network ?? 'mainnet';
  $('keys-network').textContent = messages.keysOn(network);
  $('nostr').textContent = identity.npub;
  const addresses = await core.addresses(network);
  $('p2wpkh').textContent = addresses.p2wpkh;
  $('p2tr').textContent = addresses.p2tr;
  // Without the node (offline), the account as this device last saw it, and no payments.
  $('node-views').hidden = !info && !showLastSeen(identity.nostrPubkey);
  $('payment-views').hidden = !info;
  $('node-error').textContent = info ? '' : messages.nodeUnreachable;
  attachSettings(core, signal);

  if (info) {
    watchRates(signal);
    const base = { core, identity, info, network, api: new NodeApi(core), signal };
    const session: Session = { ...base, refreshAccount: showAccount(base) };
    const shown: Record<string, () => void> = {};
    const tabs = setupTabs($('tabs'), (panel) => shown[panel]?.(), signal);
    attachLightning(session);
    shown['panel-onchain'] = attachOnchain(session);
    shown['panel-ecash'] = attachEcash(session, { restored });
    shown['panel-offline'] = attachOffline(session);
    const showPos = attachPos(session);
    const showCards = attachCards(session);
    shown['panel-shop'] = () => { showPos(); showCards(); };
    shown['panel-chat'] = attachChat(session);
    if (restored) shown['panel-ecash']();  // recover the seed's eCash now, not when the tab is first opened
    tabs.select(0);
  }
  return locked;
}
