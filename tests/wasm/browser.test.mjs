// The app and its wasm core in real Chromium (Debian's, driven by playwright-core), served by a
// plain static server (no node): the core's worker loads the module through the browser's own
// fetch and derives the BIP-84 and BIP-86 vector addresses from the vector mnemonic restored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../tools/build-web.mjs';
import { serveStatic } from '../../tools/serve-static.mjs';
import { appReady, restoreWallet } from '../e2e/support/onboarding.mjs';
import { launchChromium } from '../e2e/support/people.mjs';

const vectors = process.env.FLASH_VECTORS_DIR ?? new URL('../../../shared/vectors/', import.meta.url).pathname;
const readVector = async (name) => JSON.parse(await readFile(join(vectors, name), 'utf8'));

let dir, server, browser, page, origin;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-web-'));
  server = await serveStatic(await buildWeb(join(dir, 'web')));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
  await page.goto(origin + '/');
  await appReady(page);
});
after(async () => {
  await browser?.close();
  server?.close();
  await rm(dir, { recursive: true, force: true });
});

test('the vector mnemonic opens to the BIP-84 and BIP-86 vector addresses', async () => {
  const bip84 = await readVector('bitcoin/bip84-test-vectors.json');
  const bip86 = await readVector('bitcoin/bip86-test-vectors.json');
  const first = (v) => v.entries.find((e) => e.path.endsWith("/0'/0/0")).address;
  await restoreWallet(page, bip84.mnemonic, 'vector passphrase');
  await page.waitForFunction(() => document.querySelector('#p2wpkh').textContent !== '');
  assert.equal(await page.textContent('#p2wpkh'), first(bip84));
  assert.equal(bip86.mnemonic, bip84.mnemonic);
  assert.equal(await page.textContent('#p2tr'), first(bip86));
});

test('a mistyped phrase gets a clear error and goes no further', async () => {
  await page.click('#lock-now');
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('#forget');
  await page.click('#start-restore');
  const bip84 = await readVector('bitcoin/bip84-test-vectors.json');
  await page.fill('#mnemonic', bip84.mnemonic.replace(/^\S+/, 'flashy'));
  await page.click('#restore-submit');
  await page.waitForSelector('#restore-error:not(:empty)');
  assert.match(await page.textContent('#restore-error'), /not recovery words/);
  assert.equal(await page.isHidden('#passphrase'), true);
  await page.screenshot({ path: join(dir, 'screen.png') });
});

test('the page is cross-origin isolated (COOP/COEP), as the PWA needs for SharedArrayBuffer', async () => {
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
});
