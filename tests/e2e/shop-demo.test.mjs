// The demo's simulated Flash Card, as a person uses it after tools/run: no NFC card, no keys
// written anywhere. B adds a card in the app and asks the node for the card's next tap
// ("Simulated tap (demo)"); the app shows the link as a QR code and as text, marked as a
// simulation. A, the shop, has a reward rule, charges an amount, reads B's QR code with the Scan
// button beside the card link (the same field a card reader types into) and is paid; B gets the
// reward. A copy of a paid link is refused, and a node whose Lightning is real (LND) refuses to
// simulate taps. Switched to eCash rewards, A's next sale gives B 21 sat of eCash that B's wallet
// mints by itself (a paid quote of the node's mint, locked to B's key).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../tools/build-web.mjs';
import { NodeApi } from '../../tools/cli/api.mjs';
import { loadCore } from '../../wasm/load-node.mjs';
import { startNode, stopAll } from '../interop/support/flash-node.mjs';
import { readQr, showToCamera, waitText } from './support/page.mjs';
import { addCard, fund } from './support/wallet.mjs';
import { launchChromium, person, shooter } from './support/people.mjs';

const screenshots = join(process.env.FLASH_SCREENSHOTS ?? join(tmpdir(), 'flash-e2e'), 'shop-demo');

let dir, node, browser, A, B, firstLink;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-shop-demo-'));
  await mkdir(screenshots, { recursive: true });
  const web = await buildWeb(join(dir, 'web'));
  // The fake backend pays every invoice by itself after fake_settle_ms: long enough here for a sale
  // to be paid by the card first (B's balance tells which one paid).
  node = await startNode({ config: { lightning: { fake_settle_ms: 8000 } }, args: ['--web', web] });
  browser = await launchChromium();
  A = await person(browser, node.httpUrl, 'a', { camera: true, clipboard: true });
  B = await person(browser, node.httpUrl, 'b', { clipboard: true });
});
after(async () => {
  await browser?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});


const shoot = shooter(screenshots);

/** A starts a sale of `amount` sat at the point of sale. */
async function charge(amount) {
  const { page } = A;
  await page.click('#tab-shop');
  if (await page.isVisible('#pos-new')) await page.click('#pos-new');
  await page.fill('#pos-amount', String(amount));
  await page.click('#pos-charge');
  await page.waitForSelector('#pos-invoice:not([hidden])');
}

/** B asks for a simulated tap of their card; resolves to the link shown (as text and as QR code). */
async function simulatedTap() {
  const { page } = B;
  await page.click('#tab-shop');
  await page.click('#cards-list li[data-state] button.simulated-tap');
  await page.waitForSelector('#card-tap:not([hidden])');
  await waitText(page, '#card-tap-link', /^lnurlw:\/\//);
  return { link: await page.textContent('#card-tap-link'), svg: await page.evaluate(() => document.querySelector('#card-tap-qr svg').outerHTML) };
}

/** A pays the sale with the card link in the field; resolves to the error shown ('' when the card's service pays). */
async function payWithCard() {
  const { page } = A;
  await page.click('#pos-card-pay');
  await page.waitForFunction(() => document.querySelector('#pos-card-error').textContent ||
                                   /is paying/.test(document.querySelector('#pos-card-result').textContent), null, { timeout: 20_000 });
  return page.textContent('#pos-card-error');
}

test('B is funded with 20,000 sat and adds a card; A rewards card payments with 21 sat', async () => {
  await fund(B.page, 20_000);
  await waitText(B.page, '#balance-lightning', /^20,000 sat$/);

  await addCard(B.page, { uid: randomBytes(7).toString('hex'), name: 'Demo card' });
  await B.page.click('#card-keys-done');
  await waitText(B.page, '#cards-list', /Demo card.*active/);

  await A.page.click('#tab-shop');
  await A.page.click('#rewards summary');
  await A.page.fill('#reward-per-tap', '21');
  await A.page.click('#rewards-save');
  await waitText(A.page, '#rewards-result', /^Saved/);
});

test('B\'s simulated tap, scanned at A\'s point of sale, pays 1,500 sat; B gets the 21 sat reward', async () => {
  await charge(1500);
  const { link, svg } = await simulatedTap();
  firstLink = link;

  // A's Scan button reads B's screen into the card link field, as a card reader would type it.
  const { page } = A;
  await page.click('[data-scan=pos-card-link]');
  await page.waitForSelector('#scan-dialog[open]');
  const deadline = Date.now() + 15_000;
  while (await page.isVisible('#scan-dialog') && Date.now() < deadline) {
    await showToCamera(page, svg);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(await page.isVisible('#scan-dialog'), false, `still scanning: "${await page.textContent('#scan-dialog-error')}"`);
  assert.equal(await page.inputValue('#pos-card-link'), link);
  assert.equal(await payWithCard(), '', 'the simulated tap paid');
  await waitText(page, '#pos-state', /Paid: 1,500 sat received/);
  await shoot(A, '2-paid-by-simulated-tap');

  // B saw it as what it is: a simulation, the card's next tap (its first), as a QR code and as text.
  await waitText(B.page, '#card-tap', /Simulated card tap: a demo, not a real card/);
  await waitText(B.page, '#card-tap-note', /tap number 1\b.*only on a demo node/);
  assert.match(link, /^lnurlw:\/\/127\.0\.0\.1:\d+\/api\/v1\/cards\/tap\?p=[0-9A-F]{32}&c=[0-9A-F]{16}$/);
  assert.equal(await readQr(B.page, '#card-tap-qr'), link);
  await B.page.click('#card-tap-copy');
  assert.equal(await B.page.evaluate(() => navigator.clipboard.readText()), link);
  await shoot(B, '1-simulated-tap');

  await waitText(page, '#balance-lightning', /^1,479 sat$/);        // 1,500 − 21
  await waitText(B.page, '#balance-lightning', /^18,521 sat$/);     // 20,000 − 1,500 + 21
  // The rewards (still open since A set the rule) are read again when the Shop tab is opened.
  await page.click('#tab-lightning');
  await page.click('#tab-shop');
  await waitText(page, '#rewards-ledger', /Reward paid/);
  await B.page.click('#card-tap-done');
  assert.equal(await B.page.isHidden('#card-tap'), true);
  await waitText(B.page, '#cards-list', /1,500 sat today/);
});

test('the next simulated tap pays the next sale; a copy of the paid link is refused', async () => {
  await charge(200);
  await A.page.fill('#pos-card-link', firstLink);
  assert.match(await payWithCard(), /^The card was refused/);
  await shoot(A, '3-replay-refused');

  await A.page.click('#pos-new');
  await charge(200);
  const { link } = await simulatedTap();
  await waitText(B.page, '#card-tap-note', /tap number 2\b/);
  assert.notEqual(link, firstLink);
  await A.page.fill('#pos-card-link', link);
  assert.equal(await payWithCard(), '', 'the second simulated tap paid');
  await waitText(B.page, '#balance-lightning', /^18,342 sat$/);     // 18,521 − 200 + 21
});

test('A pays rewards as eCash: B\'s next tap gives 21 sat of eCash, which B\'s wallet mints by itself', async () => {
  const { page } = A;
  await page.click('#tab-shop');
  if (!await page.$eval('#rewards', (details) => details.open)) await page.click('#rewards summary');
  await page.selectOption('#reward-payout', 'ecash');
  await page.click('#rewards-save');
  await waitText(page, '#rewards-result', /^Saved/);

  await page.click('#pos-new');
  await charge(300);
  const { link } = await simulatedTap();
  await page.fill('#pos-card-link', link);
  assert.equal(await payWithCard(), '', 'the third simulated tap paid');
  // The reward is not Lightning balance this time: it waits at the node's mint for B's wallet.
  await waitText(B.page, '#balance-lightning', /^18,042 sat$/);     // 18,342 − 300
  await waitText(B.page, '#balance-ecash', /^21 sat$/);             // minted by B's wallet, unasked
  await B.page.click('#tab-ecash');
  await waitText(B.page, '#ecash-history', /Reward from a shop \(eCash\)\s*\+21 sat/);
  await waitText(B.page, '#ecash-status', /Shop reward received: 21 sat of eCash/);
  await shoot(B, '2-ecash-reward');
  await page.click('#tab-lightning');
  await page.click('#tab-shop');
  await waitText(page, '#rewards-ledger', /Reward paid \(eCash\)/);
  await shoot(A, '4-ecash-reward-paid');
});

test('a node with real Lightning (LND) refuses to simulate a tap', async () => {
  const macaroon = join(dir, 'admin.macaroon');
  await writeFile(macaroon, randomBytes(32));
  // LND is never reached here: registering a card and refusing the tap need no Lightning call.
  const real = await startNode({ args: ['--lnd-rest', 'https://127.0.0.1:9', '--lnd-macaroon', macaroon] });
  const api = new NodeApi({ baseUrl: real.httpUrl, core: await loadCore(), secretKey: new Uint8Array(randomBytes(32)) });
  assert.equal((await api.get('/api/v1/info', { auth: false })).lightning, 'lnd');
  const { card } = await api.post('/api/v1/cards', { uid: randomBytes(7).toString('hex') });
  await assert.rejects(api.post(`/api/v1/fake/cards/${card.id}/tap`), (error) => {
    assert.equal(error.status, 404);
    assert.equal(error.code, 'not_found');
    assert.match(error.message, /Lightning is real/);
    return true;
  });
  await real.stop();
});
