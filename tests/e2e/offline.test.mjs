// Offline eCash between two phones in real Chromium, against a real flash-node (fake Lightning):
// A and B set up online; A sets eCash aside locked to B. Then both lose the network. A shows the
// payment as an animated QR code; B's camera (a canvas stream standing in for the camera) is shown
// A's frames as A draws them, with 30% of them dropped; B's page reads them with its own QR
// decoder, judges the token offline ("Safe to accept": DLEQ-valid and locked to B) and queues it.
// When B's network returns, the token is redeemed by itself and both balances are right.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../tools/build-web.mjs';
import { startNode, stopAll } from '../interop/support/flash-node.mjs';
import { showToCamera, waitText } from './support/page.mjs';
import { fund, setAsideOffline, topUpEcash } from './support/wallet.mjs';
import { launchChromium, person, shooter } from './support/people.mjs';

const screenshots = join(process.env.FLASH_SCREENSHOTS ?? join(tmpdir(), 'flash-e2e'), 'offline');
const dropRate = 0.3;

let dir, node, browser, A, B;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-offline-'));
  await mkdir(screenshots, { recursive: true });
  const web = await buildWeb(join(dir, 'web'));
  node = await startNode({ config: { lightning: { fake_settle_ms: 500 } }, args: ['--web', web] });
  browser = await launchChromium();
  A = await person(browser, node.httpUrl, 'a', { logErrors: true });
  B = await person(browser, node.httpUrl, 'b', { camera: true, logErrors: true });
});
after(async () => {
  await browser?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});


const shoot = shooter(screenshots);

test('online: A gets eCash and sets 500 sat aside for B; B caches the mint', async () => {
  const { page } = A;
  await fund(page, 3000);
  await topUpEcash(page, 2000);
  await setAsideOffline(page, 500, await B.page.textContent('#nostr'));
  await waitText(page, '#offline-ready', /500 sat ready/);

  await B.page.click('#tab-offline');
  await waitText(B.page, '#offline-queue', /Nothing received offline/);
  await waitText(B.page, '#offline-checks', /can be checked offline/);
  await waitText(B.page, '#balance-ecash', /^0 sat$/);
});

test('offline: A shows 100 sat as an animated QR; B scans it with 30% of frames lost and sees "Safe to accept"', async () => {
  await A.context.setOffline(true);
  await B.context.setOffline(true);
  const a = A.page, b = B.page;
  await a.fill('#offline-amount', '100');
  await a.fill('#offline-contact', await b.textContent('#nostr'));
  await a.click('#offline-pay-submit');
  await a.waitForSelector('#offline-show:not([hidden]), #offline-pay-error:not(:empty)');
  assert.equal(await a.isVisible('#offline-show'), true, `A says: "${await a.textContent('#offline-pay-error')}"`);
  // The smallest frames, at a speed the test's camera loop can follow.
  await a.selectOption('#offline-density', '50');
  await a.$eval('#offline-speed', (range) => {
    range.value = '4';
    range.dispatchEvent(new Event('input'));
  });
  await waitText(a, '#offline-frame', /at least/);
  const minimum = Number(/at least (\d+)/.exec(await a.textContent('#offline-frame'))[1]);
  assert.ok(minimum > 1, 'a multi-part code');
  await shoot(A, '1-animated-qr');

  await b.click('#scan-start');
  await b.waitForSelector('#scanner:not([hidden])');
  let shown = 0, dropped = 0, last = '';
  const deadline = Date.now() + 90_000;
  while (await b.isHidden('#verdict') && Date.now() < deadline) {
    const svg = await a.evaluate(() => document.querySelector('#offline-qr svg')?.outerHTML ?? '');
    if (svg && svg !== last) {
      last = svg;
      if (Math.random() < dropRate) {
        dropped++;
      } else {
        shown++;
        await showToCamera(b, svg);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
  console.log(`animated QR: ${minimum} frames at least; ${shown} shown to the camera, ${dropped} dropped`);
  assert.equal(await b.isVisible('#verdict'), true, `no verdict; B says: "${await b.textContent('#scan-status')}" ${await b.textContent('#offline-receive-error')}`);
  assert.equal(await b.getAttribute('#verdict', 'data-verdict'), 'locked_to_me');
  assert.match(await b.textContent('#verdict-title'), /^Safe to accept$/);
  assert.match(await b.textContent('#verdict-details'), /Amount100 sat/);
  await shoot(B, '2-verdict');
  await b.click('#verdict-accept');
  await waitText(b, '#offline-receive-result', /^Accepted/);
  await b.waitForSelector('#offline-queue li[data-state=queued]');
  await shoot(B, '3-queued');
  await a.click('#offline-done');
});

test('back online: B\'s queued token is redeemed by itself; balances are right', async () => {
  await B.context.setOffline(false);
  await B.page.waitForSelector('#offline-queue li[data-state=redeemed], #offline-queue li[data-state=failed]', { timeout: 30_000 })
    .catch(() => {});
  assert.equal(await B.page.isVisible('#offline-queue li[data-state=redeemed]'), true,
               `B's queue: "${await B.page.textContent('#offline-queue')}" ${await B.page.textContent('#offline-error')}`);
  await waitText(B.page, '#balance-ecash', /^100 sat$/);
  await A.context.setOffline(false);
  await waitText(A.page, '#offline-ready', /400 sat ready/);
  await waitText(A.page, '#balance-ecash', /^1,900 sat$/);
  await shoot(B, '4-redeemed');
});

test('the Scan button reads an invoice shown by another phone into the send field', async () => {
  const a = A.page, b = B.page;
  await a.click('#tab-lightning');
  await a.fill('#receive-amount', '321');
  await a.click('#receive-submit');
  await a.waitForSelector('#invoice-text:not(:empty)');
  const bolt11 = await a.textContent('#invoice-text');
  const svg = await a.evaluate(() => document.querySelector('#invoice-qr svg').outerHTML);
  await b.click('#tab-lightning');
  await b.click('[data-scan=send-invoice]');
  await b.waitForSelector('#scan-dialog[open]');
  // The camera keeps showing A's code (a canvas stream sends a picture when it is painted).
  const deadline = Date.now() + 15_000;
  while (await b.isVisible('#scan-dialog') && Date.now() < deadline) {
    await showToCamera(b, svg);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(await b.isVisible('#scan-dialog'), false, `still scanning: "${await b.textContent('#scan-dialog-error')}"`);
  assert.equal((await b.inputValue('#send-invoice')).toLowerCase(), bolt11);
});
