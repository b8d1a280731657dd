// Flash in the browser: create or open a wallet from a BIP-39 phrase (keys computed by the wasm
// core here, never sent), then use its accounts at the flash-node that serves this page.
import createFlashCore from './flash-core.mjs';
import { showAccount } from './account.mjs';
import { NodeApi, nodeInfo } from './api.mjs';
import { attachLightning } from './lightning.mjs';
import { messages } from './messages.mjs';
import { attachOnchain } from './onchain.mjs';
import { setupTabs } from './tabs.mjs';
import { $, applyTexts } from './ui.mjs';

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

applyTexts(document);
$('status').textContent = messages.loading;

let core;
try {
  core = await createFlashCore();
} catch (error) {
  console.error(error);
  $('status').textContent = messages.coreFailed;
}
if (core) await start(core);

async function start(core) {
  // The node says which network it runs and whether its money is simulated; null: not reachable.
  const info = await nodeInfo(core).catch(() => null);
  $('demo-banner').textContent = messages.demo;
  $('demo-banner').hidden = !info?.fake;

  let session = null;   // the open wallet; opening another one ends it (its listeners and polls)
  let showOnchain = () => {};
  const tabs = setupTabs(document.querySelector('[role="tablist"]'),
                         (panel) => { if (panel === 'panel-onchain') showOnchain(); });

  const open = () => {
    const mnemonic = $('mnemonic').value.normalize('NFKD').trim().toLowerCase().split(/\s+/).join(' ');
    $('error').textContent = '';
    session?.close();
    session = null;
    try {
      core.checkMnemonic(mnemonic);
    } catch (e) {
      $('wallet').hidden = true;
      $('error').textContent = messages.phrase[e.code] ?? messages.unexpected;
      return;
    }
    const network = info?.network ?? 'mainnet';
    const seed = core.mnemonicToSeed(mnemonic, '');
    const { secretKey, publicKey } = core.nip06Key(mnemonic, '', 0);
    showKeys(core, seed, network, publicKey);
    $('wallet').hidden = false;
    $('node-views').hidden = !info;
    $('node-error').textContent = info ? '' : messages.nodeUnreachable;
    if (!info) return;

    const controller = new AbortController();
    session = { core, info, network, seed, api: new NodeApi(core, secretKey), signal: controller.signal,
                close: () => controller.abort() };
    session.refreshAccount = showAccount(session);
    attachLightning(session);
    showOnchain = attachOnchain(session);
    tabs.select(0);
  };

  $('status').textContent = messages.ready;
  $('create').disabled = $('open').disabled = false;
  $('create').addEventListener('click', () => {
    $('mnemonic').value = core.generateMnemonic(12);
    open();
  });
  $('open').addEventListener('click', open);
}

function showKeys(core, seed, network, publicKey) {
  $('keys-network').textContent = messages.keysOn(network);
  $('p2wpkh').textContent = core.accountAddress(seed, 'p2wpkh', network, 0, false, 0).address;
  $('p2tr').textContent = core.accountAddress(seed, 'p2tr', network, 0, false, 0).address;
  $('nostr').textContent = hex(publicKey);
}
