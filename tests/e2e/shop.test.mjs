// A shop and a Flash Card in real Chromium against a real flash-node (fake Lightning): B adds a
// card in the app and reads its keys from the QR code the app shows (as the Bolt Card programming
// app would); a simulated card (tests/e2e/support/bolt-card.mjs, node:crypto, checked against the
// official vectors) makes the tap links. A, the merchant, sets a reward per card payment, charges
// an amount at the point of sale and is paid by B's card; a replayed tap and a disabled card are
// refused; both balances are right, reward included, and both histories say what each movement was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../tools/build-web.mjs';
import { startNode, stopAll } from '../interop/support/flash-node.mjs';
import { tap } from './support/bolt-card.mjs';
import { waitText } from './support/page.mjs';
import { addCard, fund } from './support/wallet.mjs';
import { launchChromium, person, shooter } from './support/people.mjs';

const screenshots = join(process.env.FLASH_SCREENSHOTS ?? join(tmpdir(), 'flash-e2e'), 'shop');
const uid = '04a39493cc8680';

let dir, node, browser, A, B, card;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-shop-'));
  await mkdir(screenshots, { recursive: true });
  const web = await buildWeb(join(dir, 'web'));
  node = await startNode({ config: { lightning: { fake_settle_ms: 500 } }, args: ['--web', web] });
  browser = await launchChromium();
  A = await person(browser, node.httpUrl, 'a');
  B = await person(browser, node.httpUrl, 'b');
});
after(async () => {
  await browser?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});


const shoot = shooter(screenshots);

/** A charges `amount` (for `note`) at the point of sale and B's card is tapped at `counter`; resolves to what the page says. */
async function charge(amount, counter, note = '') {
  const { page } = A;
  await page.click('#tab-shop');
  if (await page.isVisible('#pos-new')) await page.click('#pos-new');
  await page.fill('#pos-amount', String(amount));
  await page.fill('#pos-note', note);
  await page.click('#pos-charge');
  await page.waitForSelector('#pos-invoice:not([hidden])');
  const { p, c } = tap({ k1: card.k1, k2: card.k2, uid, counter });
  await page.fill('#pos-card-link', `${card.lnurlw_base}?p=${p}&c=${c}`);
  await page.click('#pos-card-pay');
  await page.waitForSelector('#pos-state[data-state=settled], #pos-card-error:not(:empty)', { timeout: 20_000 });
  return { link: `${card.lnurlw_base}?p=${p}&c=${c}`, error: await page.textContent('#pos-card-error') };
}

test('money first: B gets 20,000 sat, A 5,000 sat to pay rewards from', async () => {
  await fund(B.page, 20_000);
  await fund(A.page, 5000);
  await waitText(B.page, '#balance-lightning', /^20,000 sat$/);
  await waitText(A.page, '#balance-lightning', /^5,000 sat$/);
});

test('B adds a Flash Card; the keys come once, as a QR code for the programming app', async () => {
  const { page } = B;
  await page.click('#tab-shop');
  await page.click('#card-add summary');
  await page.fill('#card-uid', 'not hex');
  await page.click('#card-submit');
  await waitText(page, '#card-form-error', /^The UID is 14 hexadecimal characters/);
  card = await addCard(page, { uid, name: 'Blue card', maxPayment: 2000, maxDay: 3000 });
  assert.equal(card.protocol_name, 'create_bolt_card_response');
  for (const key of ['k0', 'k1', 'k2', 'k3', 'k4']) assert.match(card[key], /^[0-9a-f]{32}$/);
  assert.match(card.lnurlw_base, /^lnurlw:\/\/127\.0\.0\.1:\d+\//);
  await waitText(page, '#cards-list', /Blue card.*active/);
  await shoot(B, '1-card-keys');
  await page.click('#card-keys-done');
  assert.equal(await page.isHidden('#card-keys'), true);
});

test('A rewards card payments with 21 sat; B\'s card pays A\'s 1,500 sat sale; both balances are right', async () => {
  const { page } = A;
  await page.click('#tab-shop');
  await page.click('#rewards summary');
  await page.fill('#reward-per-tap', '21');
  await page.fill('#reward-cap-card', '100');
  await page.fill('#reward-cap-day', '1000');
  await page.click('#rewards-save');
  await waitText(page, '#rewards-result', /^Saved/);

  const { error } = await charge(1500, 1, 'Two coffees');
  assert.equal(error, '', 'the card paid');
  assert.match(await page.textContent('#pos-state'), /Paid: 1,500 sat received/);
  // Today's sales: this one. The 5,000 sat that funded A came in, but not through the point of sale.
  await waitText(page, '#pos-sales-total', /^1 sale, 1,500 sat$/);
  await waitText(page, '#pos-sales', /\+1,500 sat/);
  await shoot(A, '2-paid-by-card');
  await waitText(page, '#balance-lightning', /^6,479 sat$/);          // 5,000 + 1,500 − 21
  await waitText(B.page, '#balance-lightning', /^18,521 sat$/);       // 20,000 − 1,500 + 21
  await B.page.click('#tab-shop');
  await waitText(B.page, '#cards-list', /1,500 sat today/);

  // The histories say what each movement was: the sale's note on B's payment, the reward by name.
  await waitText(B.page, '#history li[data-kind=lightning_send] .detail', /^Two coffees · /);
  await waitText(B.page, '#history li[data-kind=reward_received]', /^Reward from a shop \(Lightning\)\+21 sat/);
  await waitText(A.page, '#history li[data-kind=reward_paid]', /^Reward paid to a customer−21 sat/);
  await shoot(B, '3-history');
});

test('the same tap again is refused; so is a payment over the card\'s limit, and any tap once disabled', async () => {
  const { page } = A;
  // Counter 1 was used: a copy of that link pays nothing.
  const again = await charge(300, 1);
  assert.match(again.error, /^The card was refused/);
  await page.click('#pos-new');
  const over = await charge(2500, 2);
  assert.match(over.error, /at most [\d,]+ sat|refused/);
  await page.click('#pos-new');

  await B.page.click('#tab-shop');
  await B.page.click('#cards-list li[data-state=active] button.secondary');
  await waitText(B.page, '#cards-list', /disabled/);
  const disabled = await charge(300, 3);
  assert.match(disabled.error, /^The card was refused/);
  await shoot(A, '3-refused');
  await waitText(B.page, '#balance-lightning', /^18,521 sat$/);
});
