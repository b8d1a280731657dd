// Lightning addresses in real Chromium against a real flash-node (fake Lightning): A claims the
// name "alice" in the Lightning tab and sees alice@<host:port> with a copy button; B cannot take
// the same name; B types A's address in the send field, chooses 1,234 sat and a comment, the app's
// worker fetches the pay request and the invoice from the node's LNURL-pay routes and the core checks
// them, B reviews and pays inside the node; both balances are right and A's invoice carries the
// comment. A wrong, an unknown and an unreachable address each read as a clear sentence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../tools/build-web.mjs';
import { startNode, stopAll } from '../interop/support/flash-node.mjs';
import { appReady, unlock } from './support/onboarding.mjs';
import { waitText } from './support/page.mjs';
import { launchChromium, person, shooter } from './support/people.mjs';

const screenshots = join(process.env.FLASH_SCREENSHOTS ?? join(tmpdir(), 'flash-e2e'), 'lightning-address');

let dir, node, browser, A, B, host;

// Invoices count as paid by "someone" 5 s after they are made: time enough for B to pay A's
// address inside the node first.
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-lnaddr-'));
  await mkdir(screenshots, { recursive: true });
  const web = await buildWeb(join(dir, 'web'));
  node = await startNode({ config: { lightning: { fake_settle_ms: 5000 } }, args: ['--web', web] });
  host = new URL(node.httpUrl).host;
  browser = await launchChromium();
  A = await person(browser, node.httpUrl, 'a', { viewport: { width: 360, height: 780 }, clipboard: true });
  B = await person(browser, node.httpUrl, 'b', { viewport: { width: 360, height: 780 }, clipboard: true });
});
after(async () => {
  await browser?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});


/** `text` as a regular expression matching itself. */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const shoot = shooter(screenshots);

/** Waits for `box` to open; fails with the page's sentence when it showed an error instead. */
async function waitBox(page, box) {
  await page.waitForSelector(`${box}:not([hidden]), #send-error:not(:empty)`, { timeout: 15_000 });
  assert.equal(await page.isVisible(box), true, `no ${box}; the page says: "${await page.textContent('#send-error')}"`);
}

/** Types `text` in the send field and asks for a review; resolves to the error shown ('' for none). */
async function check(page, text) {
  await page.fill('#send-invoice', text);
  await page.click('#send-check');
  await page.waitForSelector('#send-lnurl:not([hidden]), #send-review:not([hidden]), #send-error:not(:empty)',
                             { timeout: 25_000 });
  return page.textContent('#send-error');
}

test('B receives 5,000 sat over Lightning to pay with', async () => {
  const { page } = B;
  await page.fill('#receive-amount', '5000');
  await page.click('#receive-submit');
  await page.waitForSelector('#invoice-state[data-state=settled]', { timeout: 20_000 });
  await waitText(page, '#balance-lightning', /^5,000 sat$/);
});

test('A claims the name alice and sees the address with a copy button; B cannot take it', async () => {
  const { page } = A;
  await page.waitForSelector('#ln-address-form:not([hidden])');
  assert.equal(await page.textContent('#ln-address-domain'), `@${host}`);
  await page.fill('#ln-address-name', 'Bad Name!');
  await page.click('#ln-address-claim');
  await waitText(page, '#ln-address-error', /^A name has 1 to 64 characters/);
  await page.fill('#ln-address-name', 'Alice');  // folded to lower case, as LUD-16 names are
  await page.click('#ln-address-claim');
  await waitText(page, '#ln-address-text', new RegExp(`^${literal(`alice@${host}`)}$`));
  assert.equal(await page.isHidden('#ln-address-form'), true);
  assert.equal(await page.textContent('#ln-address-error'), '');
  await page.click('#ln-address-copy');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `alice@${host}`);
  await shoot(A, '1-address');

  // Taken: B's claim of the same name is refused in words.
  await B.page.fill('#ln-address-name', 'alice');
  await B.page.click('#ln-address-claim');
  await waitText(B.page, '#ln-address-error', /^Someone else already has this name/);
  assert.equal(await B.page.isVisible('#ln-address-form'), true);

  // The node keeps it: the app shows it again after a reload.
  await page.reload();
  await appReady(page);
  await unlock(page, 'a passphrase');
  await waitText(page, '#ln-address-text', new RegExp(`^${literal(`alice@${host}`)}$`));
});

test('B pays alice@host 1,234 sat with a comment; the worker checks the invoice; both balances are right', async () => {
  const { page } = B;
  assert.equal(await check(page, `alice@${host}`), '');
  await waitBox(page, '#send-lnurl');
  const payee = await page.textContent('#send-lnurl-payee');
  assert.match(payee, new RegExp(`^To${literal(`alice@${host}`)}For`));
  assert.match(payee, /ForPayment to alice@/);
  assert.match(await page.textContent('#send-lnurl-limits'), /accepts from 1 sat to 10,000,000 sat/);
  assert.equal(await page.isVisible('#send-lnurl-comment'), true);
  assert.equal(await page.getAttribute('#send-lnurl-comment', 'maxlength'), '140');

  // Outside the service's range: refused before anything is asked.
  await page.fill('#send-lnurl-amount', '20000000');
  await page.click('#send-lnurl-next');
  await waitText(page, '#send-error', /^Enter an amount from 1 sat to 10,000,000 sat/);

  await page.fill('#send-lnurl-amount', '1234');
  await page.fill('#send-lnurl-comment', 'Lunch, thanks!');
  await shoot(B, '1-amount');
  await page.click('#send-lnurl-next');
  await waitBox(page, '#send-review');
  const review = await page.textContent('#send-details');
  assert.match(review, new RegExp(`To${literal(`alice@${host}`)}`));
  assert.match(review, /Your commentLunch, thanks!/);
  assert.match(review, /Amount1,234 sat/);
  assert.match(review, /Fee reserve \(at most\)13 sat/);
  assert.equal(await page.isHidden('#send-lnurl'), true);
  await shoot(B, '2-review');
  await page.click('#send-confirm');
  await waitText(page, '#send-result', /Paid 1,234 sat \(fee 0 sat\)/);
  await waitText(page, '#balance-lightning', /^3,766 sat$/);
  await waitText(A.page, '#balance-lightning', /^1,234 sat$/);
  await waitText(A.page, '#history li[data-kind=lightning_receive]', /\+1,234 sat/);
  assert.match(await A.page.textContent('#history li[data-kind=lightning_receive] .detail'), /^Lunch, thanks! · /);
  await shoot(B, '3-paid');
  await shoot(A, '2-received');

  // The fake's own "someone paid it" comes later and must not credit A twice.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  await waitText(A.page, '#balance-lightning', /^1,234 sat$/);
  await waitText(page, '#balance-lightning', /^3,766 sat$/);
});

test('a wrong, an unknown and an unreachable address read as sentences; nothing is paid', async () => {
  const { page } = B;
  assert.match(await check(page, 'alice@'), /^That lightning address or LNURL is not valid/);
  assert.match(await check(page, `nobody@${host}`), /^The recipient's service refused: no one has this name here\.$/);
  assert.equal(await page.isHidden('#send-lnurl'), true);
  assert.match(await check(page, 'alice@127.0.0.1:1'), /^The recipient's service cannot be reached/);
  // An LNURL-pay link (LUD-17) of A's address pays the same way.
  assert.equal(await check(page, `lnurlp://${host}/.well-known/lnurlp/alice`), '');
  await waitBox(page, '#send-lnurl');
  await page.click('#send-lnurl-cancel');
  assert.equal(await page.isHidden('#send-lnurl'), true);
  await shoot(B, '4-refusals');
  await waitText(page, '#balance-lightning', /^3,766 sat$/);
});
