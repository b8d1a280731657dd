// The app's wallet screens in real Chromium (Debian's, driven by playwright-core) against a real
// flash-node on its fake Lightning and chain backends: two people, A (a 360 px phone) and B (a
// 1280 px desktop), each in their own browser context. A receives over Lightning, pays B inside the
// node, registers the on-chain account, gets a simulated deposit confirmed and withdraws part of it
// to B with a PSBT checked and signed in the page. The QR codes are read back with paulmillr's
// decoder, the invoice with light-bolt11-decoder and the deposit address derived with @scure, all
// independent of the wasm core. Screenshots go to $FLASH_SCREENSHOTS (default /tmp/flash-e2e).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as decodeBolt11 } from 'light-bolt11-decoder';
import { mnemonicToSeedSync } from '@scure/bip39';
import { HDKey } from '@scure/bip32';
import { p2wpkh } from '@scure/btc-signer';
import { buildWeb } from '../../tools/build-web.mjs';
import { startNode, stopAll } from '../interop/support/flash-node.mjs';
import { readQr, waitText } from './support/page.mjs';
import { appReady, createWallet } from './support/onboarding.mjs';
import { launchChromium } from './support/people.mjs';

const screenshots = process.env.FLASH_SCREENSHOTS ?? join(tmpdir(), 'flash-e2e');
const regtest = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };

let dir, node, browser, A, B;

// Invoices count as paid by "someone" 5 s after they are made: time enough for A to pay B's
// invoice inside the node first. Blocks come only when the page mines them.
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-e2e-'));
  await mkdir(screenshots, { recursive: true });
  const web = await buildWeb(join(dir, 'web'));
  node = await startNode({ config: { lightning: { fake_settle_ms: 5000 }, chain: { fake_block_interval_s: 0 } },
                           args: ['--web', web] });
  // launch() gives the browser a fresh temporary --user-data-dir; each context is a separate person.
  browser = await launchChromium();
  A = await person('a', { width: 360, height: 780 });
  B = await person('b', { width: 1280, height: 900 });
});
after(async () => {
  await browser?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function person(name, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (e) => assert.fail(`${name}: page error: ${e.message}`));
  await page.goto(node.httpUrl);
  await appReady(page);
  return { name, page };
}



/** Waits for the review box `review` to open; fails with the page's sentence when it showed an error instead. */
async function waitReview(page, review, error) {
  await page.waitForSelector(`${review}:not([hidden]), ${error}:not(:empty)`, { timeout: 15_000 });
  assert.equal(await page.isVisible(review), true, `no review; the page says: "${await page.textContent(error)}"`);
}

const shoot = (who, step) => who.page.screenshot({ path: join(screenshots, `${who.name}-${step}.png`), fullPage: true });
const satText = (n) => `${new Intl.NumberFormat('en').format(n)} sat`;

test('A and B create wallets and see demo mode and empty balances', async () => {
  for (const who of [A, B]) {
    who.words = await createWallet(who.page, `${who.name} passphrase`);
    assert.equal(who.words.length, 12);
    assert.match(await who.page.textContent('#demo-banner'), /demo mode: payments are simulated/i);
    assert.equal(await who.page.isVisible('#demo-banner'), true);
    await waitText(who.page, '#balance-lightning', /^0 sat$/);
    await waitText(who.page, '#history', /Nothing yet/);
  }
  assert.notEqual(await A.page.textContent('#nostr'), await B.page.textContent('#nostr'));
  await shoot(A, '1-opened');
  await shoot(B, '1-opened');
});

test('A receives over Lightning, using only the keyboard: QR of the invoice, then "paid"', async () => {
  const { page } = A;
  await page.focus('#receive-amount');
  await page.keyboard.type('5000');
  await page.keyboard.press('Tab');  // to the button beside the amount that switches it to fiat
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'receive-amount-unit');
  await page.keyboard.press('Tab');
  await page.keyboard.type('first sats');
  await page.keyboard.press('Enter');
  const bolt11 = await waitText(page, '#invoice-text', /^lnbcrt/);
  assert.equal(await readQr(page, '#invoice-qr'), bolt11.toUpperCase());
  const sections = Object.fromEntries(decodeBolt11(bolt11).sections.map((s) => [s.name, s.value]));
  assert.equal(sections.amount, '5000000');
  assert.equal(sections.description, 'first sats');
  // Waiting, unless a slow machine took longer than the fake's 5 s to get here.
  await waitText(page, '#invoice-state', /Waiting for payment|Paid/, 2000);
  await shoot(A, '2-invoice');
  await page.waitForSelector('#invoice-state[data-state=settled]', { timeout: 15_000 });
  assert.match(await page.textContent('#invoice-state'), /Paid: 5,000 sat received/);
  await waitText(page, '#balance-lightning', /^5,000 sat$/);
  await waitText(page, '#history li[data-kind=lightning_receive]', /\+5,000 sat/);
  await shoot(A, '3-paid');
});

test('A pays an invoice of B inside the node after reviewing it; both balances are right', async () => {
  await B.page.fill('#receive-amount', '1200');
  await B.page.fill('#receive-description', 'coffee');
  await B.page.click('#receive-submit');
  const bolt11 = await waitText(B.page, '#invoice-text', /^lnbcrt/);

  const { page } = A;
  await page.fill('#send-invoice', bolt11);
  await page.click('#send-check');
  await waitReview(page, '#send-review', '#send-error');
  const review = await page.textContent('#send-details');
  assert.match(review, /Amount1,200 sat/);
  assert.match(review, /Descriptioncoffee/);
  assert.match(review, /Fee reserve \(at most\)12 sat/);
  await shoot(A, '4-review');
  await page.click('#send-confirm');
  await waitText(page, '#send-result', /Paid 1,200 sat \(fee 0 sat\)/);
  await waitText(page, '#balance-lightning', /^3,800 sat$/);
  await B.page.waitForSelector('#invoice-state[data-state=settled]', { timeout: 10_000 });
  await waitText(B.page, '#balance-lightning', /^1,200 sat$/);
  await waitText(page, '#history li[data-kind=lightning_send]', /−1,200 sat/);
  // The fake backend's own "someone paid it" comes later and must not credit B twice.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  await waitText(B.page, '#balance-lightning', /^1,200 sat$/);
});

test('send refusals read as sentences: not an invoice, own invoice, more than the balance', async () => {
  const { page } = A;
  await page.fill('#send-invoice', 'hello there');
  await page.click('#send-check');
  await waitText(page, '#send-error', /^That is not a Lightning invoice/);
  assert.equal(await page.isHidden('#send-review'), true);

  await page.fill('#send-invoice', await page.textContent('#invoice-text'));
  await page.click('#send-check');
  await page.click('#send-confirm');
  await waitText(page, '#send-error', /^This is your own invoice/);

  await B.page.fill('#receive-amount', '900000');
  await B.page.fill('#receive-description', '');
  await B.page.click('#receive-submit');
  const big = await waitText(B.page, '#invoice-text', /^lnbcrt9m/);
  await page.fill('#send-invoice', big);
  await page.click('#send-check');
  await page.click('#send-confirm');
  await waitText(page, '#send-error', /^Your Lightning balance does not cover/);
  await shoot(A, '5-refused');
  await page.click('#send-cancel');
});

/**
 * Opens the on-chain tab (by keyboard: the tabs move with the arrow keys) and returns the deposit
 * address once it is shown; fails with what the page says when the node refused.
 */
async function openOnchain(who) {
  const { page } = who;
  if (await page.getAttribute('#tab-onchain', 'aria-selected') !== 'true') {
    await page.focus('#tab-lightning');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-onchain', 'aria-selected'), 'true');
  }
  try {
    await page.waitForSelector('#onchain-body:not([hidden])', { timeout: 15_000 });
  } catch {
    assert.fail(`${who.name}: the on-chain view did not open; it says: "${await page.textContent('#onchain-error')}"`);
  }
  return waitText(page, '#address-text', /^bcrt1q/);
}

test('A registers on-chain; the deposit address is its own; a simulated deposit confirms after a block', async () => {
  const { page } = A;
  const address = await openOnchain(A);
  const seed = mnemonicToSeedSync(A.words.join(' '));
  const key = HDKey.fromMasterSeed(seed).derive("m/84'/1'/0'/0/0");
  assert.equal(address, p2wpkh(key.publicKey, regtest).address);
  assert.equal(await readQr(page, '#address-qr'), `BITCOIN:${address.toUpperCase()}`);

  await page.fill('#demo-amount', '50000');
  await page.click('#demo-pay');
  await waitText(page, '#demo-result', /Someone sent 50,000 sat/);
  await page.waitForSelector('#deposits li[data-state=unconfirmed]', { timeout: 10_000 });
  await waitText(page, '#balance-onchain-note', /50,000 sat unconfirmed/);
  await page.click('#demo-mine');
  await waitText(page, '#demo-result', /^Block \d+ mined/);
  await page.waitForSelector('#deposits li[data-state=confirmed]', { timeout: 10_000 });
  assert.match(await page.textContent('#deposits li[data-state=confirmed]'), /1 confirmation.*\+50,000 sat/);
  await waitText(page, '#balance-onchain', /^50,000 sat$/);
  await waitText(page, '#history li[data-kind=deposit]', /\+50,000 sat/);
  // A paid address is not offered again.
  assert.notEqual(await waitText(page, '#address-text', /^bcrt1q/), address);
  await shoot(A, '6-deposit');
});

test('A withdraws part to B: reviewed, signed in the page, broadcast, mined; balances follow', async () => {
  const { page } = A;
  await openOnchain(A);
  const b = await openOnchain(B);
  await page.fill('#withdraw-address', b);
  await page.fill('#withdraw-amount', '20000');
  await page.fill('#withdraw-fee-rate', '2');
  await page.click('#withdraw-prepare');
  await waitReview(page, '#withdraw-review', '#withdraw-error');
  const details = await page.textContent('#withdraw-details');
  assert.ok(details.includes(`To${b}`), details);
  assert.match(details, /Amount20,000 sat/);
  assert.match(details, /Fee rate2(\.\d+)? sat\/vB/);
  const fee = Number(/Network fee([\d,]+) sat/.exec(details)[1].replace(/,/g, ''));
  const change = Number(/Change back to you([\d,]+) sat/.exec(details)[1].replace(/,/g, ''));
  assert.equal(change, 50000 - 20000 - fee);
  await shoot(A, '7-withdraw-review');
  await page.click('#withdraw-confirm');
  const result = await waitText(page, '#withdraw-result', /Transaction ID: [0-9a-f]{64}$/);
  const txid = result.slice(-64);

  await page.click('#demo-mine');
  await waitText(page, '#demo-result', /^Block \d+ mined/);
  await waitText(page, '#history li[data-kind=withdrawal]', /−20,000 sat/);
  await waitText(page, '#balance-onchain', new RegExp(`^${satText(change)}$`));
  await B.page.waitForSelector('#deposits li[data-state=confirmed]', { timeout: 15_000 });
  assert.match(await B.page.textContent('#deposits li[data-state=confirmed]'), new RegExp(`\\+20,000 sat${txid.slice(0, 16)}`));
  await waitText(B.page, '#balance-onchain', /^20,000 sat$/);
  await shoot(A, '8-withdrawn');
  await shoot(B, '8-received');
});

// After the withdrawal: the node keeps the coins of a withdrawal it built for 10 minutes, even one
// the page refused to sign, so the refusal comes last.
test('a withdrawal whose PSBT differs from what the node claims is refused; bad addresses and amounts are explained', async () => {
  const { page } = A;
  await openOnchain(A);
  const b = await openOnchain(B);
  await page.fill('#withdraw-address', 'bcrt1qnotanaddress');
  await page.fill('#withdraw-amount', '5000');
  await page.fill('#withdraw-fee-rate', '');
  await page.click('#withdraw-prepare');
  await waitText(page, '#withdraw-error', /^That is not a valid Bitcoin address on regtest/);
  // A mainnet address is refused by the page before the node is asked.
  await page.fill('#withdraw-address', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  await page.click('#withdraw-prepare');
  await waitText(page, '#withdraw-error', /^That is not a valid Bitcoin address on regtest/);
  // More than the account holds: the node's refusal, as a sentence.
  await page.fill('#withdraw-address', b);
  await page.fill('#withdraw-amount', '900000');
  await page.click('#withdraw-prepare');
  await waitText(page, '#withdraw-error', /^Your on-chain balance does not cover/);
  await page.fill('#withdraw-amount', '5000');

  // A node (or anything between) that misstates the transaction: the page must not offer to sign.
  const misstate = async (route) => {
    const response = await route.fetch();
    const built = await response.json();
    await route.fulfill({ response, json: { ...built, change_sat: built.change_sat + 1000 } });
  };
  await page.route('**/api/v1/onchain/withdrawals', misstate);
  try {
    await page.click('#withdraw-prepare');
    await waitText(page, '#withdraw-error', /^Not signed, because the node's transaction does not match your request: the node says [\d,]+ sat change/);
    assert.equal(await page.isHidden('#withdraw-review'), true);
  } finally {
    await page.unroute('**/api/v1/onchain/withdrawals', misstate);
  }
});
