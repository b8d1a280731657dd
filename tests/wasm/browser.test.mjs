// The app and its wasm core in real Chromium (Debian's, driven by playwright-core): the page
// loads the ES module through the browser's own fetch and derives the BIP-84 and BIP-86 vector
// addresses from the vector mnemonic typed into it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { assembleWeb } from '../../tools/assemble-web.mjs';
import { serveStatic } from '../../tools/serve-static.mjs';

const vectors = process.env.FLASH_VECTORS_DIR ?? new URL('../../../shared/vectors/', import.meta.url).pathname;
const readVector = async (name) => JSON.parse(await readFile(join(vectors, name), 'utf8'));

let dir, server, browser, page, origin;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-web-'));
  server = await serveStatic(await assembleWeb(join(dir, 'web')));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: '/usr/lib/chromium/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage();
  page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
  await page.goto(origin + '/');
  await page.waitForSelector('#create:not([disabled])');
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
  await page.fill('#mnemonic', bip84.mnemonic);
  await page.click('#open');
  assert.equal(await page.textContent('#p2wpkh'), first(bip84));
  assert.equal(bip86.mnemonic, bip84.mnemonic);
  assert.equal(await page.textContent('#p2tr'), first(bip86));
});

test('a new wallet gets a 12-word phrase and addresses; a mistyped phrase gets a clear error', async () => {
  await page.click('#create');
  const mnemonic = await page.inputValue('#mnemonic');
  assert.equal(mnemonic.split(' ').length, 12);
  assert.match(await page.textContent('#p2wpkh'), /^bc1q[02-9ac-hj-np-z]{38}$/);
  await page.fill('#mnemonic', mnemonic.replace(/^\S+/, 'flashy'));
  await page.click('#open');
  assert.match(await page.textContent('#error'), /not a recovery phrase/);
  assert.equal(await page.isHidden('#wallet'), true);
  await page.screenshot({ path: join(dir, 'screen.png') });
});

test('the page is cross-origin isolated (COOP/COEP), as the PWA needs for SharedArrayBuffer', async () => {
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
});
