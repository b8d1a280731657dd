// The installable app in real Chromium against a real flash-node (fake backends): installability
// (manifest, icons, service worker), the first-load budgets, the lock (reload, passphrase,
// balances intact), the app opening with the network cut, restore from the words in a fresh
// context, the encrypted backup file, and screenshots of the main screens at phone and desktop
// sizes in English and French (saved to $FLASH_SCREENSHOTS/pwa, default /tmp/flash-e2e/pwa).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../../tools/build-web.mjs';
import { startNode, stopAll } from '../interop/support/flash-node.mjs';
import { waitText } from './support/page.mjs';
import { appReady, createWallet, restoreWallet, unlock } from './support/onboarding.mjs';
import { launchChromium } from './support/people.mjs';

const screenshots = join(process.env.FLASH_SCREENSHOTS ?? join(tmpdir(), 'flash-e2e'), 'pwa');
const budget = { firstLoadGzipBytes: 1.5e6, timeToInteractiveMs: 1500 };
const phone = { width: 360, height: 740 };
const desktop = { width: 1280, height: 800 };
const passphrase = 'a long passphrase';

let dir, node, browser, A;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-pwa-'));
  await mkdir(screenshots, { recursive: true });
  const web = await buildWeb(join(dir, 'web'));
  node = await startNode({ config: { lightning: { fake_settle_ms: 500 } }, args: ['--web', web] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A new person: their own context (storage, service worker) and page. */
async function person(viewport = phone, locale = 'en-US') {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
  return { context, page };
}


test('first load: JS + wasm within the gzipped budget, interactive within the time budget', async () => {
  A = await person();
  const loaded = [];
  A.context.on('response', (response) => loaded.push(response));
  await A.page.goto(node.httpUrl);
  await appReady(A.page);
  let gzipBytes = 0, rawBytes = 0;
  for (const response of loaded) {
    if (!/\.(m?js|wasm)$/.test(new URL(response.url()).pathname)) continue;
    const body = await response.body();
    rawBytes += body.length;
    gzipBytes += gzipSync(body, { level: 6 }).length;
  }
  const tti = await A.page.evaluate(() => performance.getEntriesByName('flash-ready')[0]?.startTime);
  console.log(`first load: JS + wasm ${(rawBytes / 1e6).toFixed(2)} MB, ${(gzipBytes / 1e6).toFixed(2)} MB gzipped ` +
              `(budget ${budget.firstLoadGzipBytes / 1e6} MB); interactive after ${Math.round(tti)} ms ` +
              `(budget ${budget.timeToInteractiveMs} ms)`);
  assert.ok(rawBytes > 1e6, 'the wasm core was loaded');
  assert.ok(gzipBytes <= budget.firstLoadGzipBytes, `${gzipBytes} bytes gzipped`);
  assert.ok(tti <= budget.timeToInteractiveMs, `${tti} ms`);
});

test('installable: the manifest is complete, its icons load at their sizes, the service worker controls the page', async () => {
  const { page } = A;
  const href = await page.getAttribute('link[rel=manifest]', 'href');
  const manifestUrl = new URL(href, node.httpUrl);
  const manifest = await (await fetch(manifestUrl)).json();
  assert.equal(manifest.name, 'Flash');
  assert.equal(manifest.display, 'standalone');
  assert.ok(manifest.start_url && manifest.theme_color && manifest.background_color);
  const sizes = new Set();
  for (const icon of manifest.icons) {
    const response = await fetch(new URL(icon.src, manifestUrl));
    assert.equal(response.headers.get('content-type'), 'image/png');
    const png = Buffer.from(await response.arrayBuffer());
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.sizes);
    sizes.add(`${icon.sizes} ${icon.purpose}`);
  }
  for (const needed of ['192x192 any', '512x512 any', '512x512 maskable']) assert.ok(sizes.has(needed), needed);
  await page.evaluate(() => navigator.serviceWorker.ready);
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.state), 'activated');
});

test('A creates a wallet and gets paid; after a reload it is locked, and the passphrase opens it with its balance', async () => {
  const { page } = A;
  A.words = await createWallet(page, passphrase);
  await page.fill('#receive-amount', '2100');
  await page.click('#receive-submit');
  await page.waitForSelector('#invoice-state[data-state=settled]', { timeout: 15_000 });
  await waitText(page, '#balance-lightning', /^2,100 sat$/);

  await page.reload();
  await appReady(page);
  assert.equal(await page.isVisible('#lock'), true);
  assert.equal(await page.isHidden('#wallet'), true);
  await page.fill('#unlock-passphrase', 'not the passphrase');
  await page.click('#unlock-submit');
  await waitText(page, '#unlock-error', /^Wrong passphrase/);
  await unlock(page, passphrase);
  await waitText(page, '#balance-lightning', /^2,100 sat$/);
  // The words never reach the page's storage; the vault holds them sealed (IndexedDB, in the worker).
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  for (const word of A.words) assert.equal(stored.includes(` ${word} `), false);
});

test('the encrypted backup opens in a fresh context with its passphrase only', async () => {
  const { page } = A;
  await page.click('#settings summary');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-backup')]);
  const file = join(dir, 'backup.json');
  await download.saveAs(file);
  const text = await readFile(file, 'utf8');
  assert.equal(text.includes(A.words.join(' ')), false, 'the phrase is not in clear');
  // Every readable text in the file (not hex, base64, an ncryptsec or the format's own names) holds
  // none of the words; keys and names such as "salt" or "flash" may happen to be BIP-39 words.
  const values = [];
  JSON.parse(text, (key, value) => { if (typeof value === 'string') values.push(value); return value; });
  const readable = values.filter((v) => !/^[0-9a-f]*$/.test(v) && !/^[A-Za-z0-9+/]+={0,2}$/.test(v) && !v.startsWith('ncryptsec1') &&
                                     !['flash-web-vault', 'scrypt', 'xchacha20-poly1305'].includes(v));
  for (const word of A.words) assert.equal(readable.some((v) => new RegExp(`\\b${word}\\b`).test(v)), false, `no "${word}" in clear`);

  const fresh = await person(desktop);
  await fresh.page.goto(node.httpUrl);
  await appReady(fresh.page);
  await fresh.page.click('#start-import');
  await fresh.page.setInputFiles('#import-file', file);
  await fresh.page.fill('#import-passphrase', 'wrong one');
  await fresh.page.click('#import-submit');
  await waitText(fresh.page, '#import-error', /^Wrong passphrase/);
  await fresh.page.fill('#import-passphrase', passphrase);
  await fresh.page.click('#import-submit');
  await fresh.page.waitForSelector('#wallet:not([hidden])');
  assert.equal(await fresh.page.textContent('#nostr'), await page.textContent('#nostr'));
  await waitText(fresh.page, '#balance-lightning', /^2,100 sat$/);
  await fresh.context.close();
});

test('restoring A from its words in a fresh context gives the same wallet and balance', async () => {
  const other = await person(desktop);
  await other.page.goto(node.httpUrl);
  await appReady(other.page);
  await restoreWallet(other.page, A.words, 'another passphrase');
  assert.equal(await other.page.textContent('#nostr'), await A.page.textContent('#nostr'));
  await waitText(other.page, '#balance-lightning', /^2,100 sat$/);
  await other.context.close();
});

test('with the network cut, the installed app opens from its cache, unlocks and shows the last balances', async () => {
  const { page, context } = A;
  await context.setOffline(true);
  try {
    await page.reload();
    await appReady(page);
    await unlock(page, passphrase);
    await waitText(page, '#balance-lightning', /^2,100 sat$/);
    assert.match(await page.textContent('#balance-as-of'), /^Offline: as last seen on/);
    assert.equal(await page.isHidden('#payment-views'), true);
    await page.screenshot({ path: join(screenshots, 'offline-360.png'), fullPage: true });
  } finally {
    await context.setOffline(false);
  }
});

test('screenshots of the main screens at 360x740 and 1280x800, in English and in French', async () => {
  for (const [lang, locale] of [['en', 'en-US'], ['fr', 'fr-FR']]) {
    for (const [size, viewport] of [['360', phone], ['1280', desktop]]) {
      const { context, page } = await person(viewport, locale);
      const shot = (name) => page.screenshot({ path: join(screenshots, `${lang}-${size}-${name}.png`), fullPage: true });
      await page.goto(node.httpUrl);
      await appReady(page);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await shot('1-welcome');
      await page.click('#start-create');
      await shot('2-words');
      await page.click('[data-back]');
      await restoreWallet(page, A.words, passphrase);
      await waitText(page, '#balance-lightning', /2.100 sat/);
      await shot('3-wallet');
      await page.click('#tab-onchain');
      await page.waitForSelector('#onchain-body:not([hidden])', { timeout: 15_000 });
      await shot('4-onchain');
      await page.click('#tab-ecash');
      await page.waitForSelector('#ecash-mint option', { state: 'attached', timeout: 15_000 });
      await shot('5-ecash');
      for (const [n, tab] of [[6, 'offline'], [7, 'chat'], [8, 'shop']]) {
        await page.click(`#tab-${tab}`);
        await page.waitForSelector(`#panel-${tab}:not([hidden])`);
        await shot(`${n}-${tab}`);
      }
      await page.click('#settings summary');
      await shot('9-settings');
      await page.click('#lock-now');
      await shot('10-locked');
      await context.close();
    }
  }
});
