// The PWA's Web NFC paths in real Chromium against a real flash-node (fake Lightning). Headless
// Chromium has no NFC radio, so each page gets a test-only Web NFC (tests/e2e/support/web-nfc.mjs):
// an NDEFReader whose messages cross as NDEF bytes that the test carries between phones and tags.
//   - Offline eCash by NFC: with both phones offline, A taps "Tap phones (NFC)"; the NDEF message
//     A's app writes (a Text record with the cashuB token) is read by B's app, scanning, as
//     exactly those bytes; B sees "Safe to accept" and queues the token. B also takes tokens as
//     other wallets write them (a URL record with #token=; a MIME record with the binary `craw`
//     token made by @cashu/cashu-ts, behind an Android application record), refuses a broken
//     token (Text or craw) in the app's words and scans on, and passes over a tag with no token.
//     Back online, B redeems the three tokens by itself; both balances are right.
//   - Point of sale: B adds a Flash Card; a simulated Bolt Card (tests/e2e/support/bolt-card.mjs)
//     is held to A's phone after "Tap a Flash Card": an NDEF URI record with the card's lnurlw link
//     and this tap's p and c. The sale is paid and A's phone stops reading cards; at the next sale
//     the same tap again is refused, so is a tag whose link is no card's, and the card's next tap
//     pays; both balances are right.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDecodedToken, getEncodedTokenBinary } from '@cashu/cashu-ts';
import { buildWeb } from '../../tools/build-web.mjs';
import { startNode, stopAll } from '../interop/support/flash-node.mjs';
import { tap } from './support/bolt-card.mjs';
import { waitText } from './support/page.mjs';
import { addCard, fund, setAsideOffline, topUpEcash } from './support/wallet.mjs';
import { nfcRecords, nfcTap, nfcWritten } from './support/web-nfc.mjs';
import { launchChromium, person, shooter } from './support/people.mjs';

const screenshots = join(process.env.FLASH_SCREENSHOTS ?? join(tmpdir(), 'flash-e2e'), 'nfc');
const uid = randomBytes(7).toString('hex');

let dir, node, browser, A, B, card;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-nfc-'));
  await mkdir(screenshots, { recursive: true });
  const web = await buildWeb(join(dir, 'web'));
  // The fake backend pays every invoice by itself after fake_settle_ms: long enough here for a
  // sale to be paid by the card first (B's balance tells which one paid).
  node = await startNode({ config: { lightning: { fake_settle_ms: 8000 } }, args: ['--web', web] });
  browser = await launchChromium();
  [A, B] = await Promise.all(['a', 'b'].map((name) => person(browser, node.httpUrl, name, { nfc: true, logErrors: true })));
});
after(async () => {
  await browser?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});


const shoot = shooter(screenshots);
const readers = (page) => page.evaluate(() => globalThis.testNfc.readers);

/** A pays `amount` sat offline to B and shows it (QR code, NFC button); resolves to the token. */
async function payOffline(amount) {
  const a = A.page;
  await a.fill('#offline-amount', String(amount));
  await a.fill('#offline-contact', await B.page.textContent('#nostr'));
  await a.click('#offline-pay-submit');
  await a.waitForSelector('#offline-show:not([hidden]), #offline-pay-error:not(:empty)');
  assert.equal(await a.isVisible('#offline-show'), true, `A says: "${await a.textContent('#offline-pay-error')}"`);
  return a.$eval('#offline-show', (show) => show.dataset.token);
}

/** B starts receiving by NFC: its reader scans. */
async function receiveByNfc() {
  const b = B.page;
  await b.click('#nfc-receive');
  await b.waitForFunction(() => globalThis.testNfc.readers > 0);
}

/**
 * B reads `message` by NFC and shows a verdict (`refused`: an error instead); resolves to what B
 * shows. B's verdict is hidden before (a token accepted or none yet).
 */
async function nfcToB(message, { refused = false } = {}) {
  const b = B.page;
  if (refused) await b.$eval('#offline-receive-error', (e) => { e.textContent = ''; });
  assert.equal(await nfcTap(b, message), 1, 'B\'s reader scans');
  await b.waitForSelector(refused ? '#offline-receive-error:not(:empty)' : '#verdict:not([hidden])', { timeout: 10_000 })
    .catch(() => {});
  const shown = await b.isVisible('#verdict'), error = await b.textContent('#offline-receive-error');
  assert.equal(shown, !refused, `B shows ${shown ? 'a verdict' : 'no verdict'}; B says: "${error}"`);
  return { verdict: await b.getAttribute('#verdict', 'data-verdict'), error,
           title: await b.textContent('#verdict-title'), details: await b.textContent('#verdict-details') };
}

/** B accepts the verdict shown; the token is queued. */
async function accept() {
  const b = B.page;
  await b.$eval('#offline-receive-result', (e) => { e.textContent = ''; });
  await b.click('#verdict-accept');
  await waitText(b, '#offline-receive-result', /^Accepted/);
}

test('online: A gets eCash and sets 500 sat aside for B; B gets 5,000 sat; both apps offer NFC', async () => {
  await Promise.all([fund(A.page, 3000), fund(B.page, 5000)]);
  await topUpEcash(A.page, 2000);
  await setAsideOffline(A.page, 500, await B.page.textContent('#nostr'));
  await waitText(A.page, '#offline-ready', /500 sat ready/);
  await B.page.click('#tab-offline');
  await waitText(B.page, '#offline-checks', /can be checked offline/);
  assert.equal(await B.page.isVisible('#nfc-receive'), true, 'B can receive by NFC');
  await waitText(A.page, '#balance-lightning', /^1,000 sat$/);
  await waitText(B.page, '#balance-lightning', /^5,000 sat$/);
});

test('offline: A taps phones with B; B reads the very NDEF message A wrote and sees "Safe to accept"', async () => {
  await A.context.setOffline(true);
  await B.context.setOffline(true);
  const a = A.page, b = B.page;
  const token = await payOffline(100);
  assert.match(token, /^cashuB/);
  assert.equal(await a.isVisible('#offline-nfc'), true, 'A can pay by NFC');
  await a.click('#offline-nfc');
  await waitText(a, '#offline-nfc-result', /^Hold the phones back to back/);
  await receiveByNfc();
  await waitText(b, '#offline-receive-result', /^Hold the phones back to back/);

  // The phones touch: A's write completes with the bytes it wrote; they are a Text record of the token.
  const message = await nfcWritten(a);
  await waitText(a, '#offline-nfc-result', /^Sent by NFC\.$/);
  assert.deepEqual(await nfcRecords(b, message),
                   [{ recordType: 'text', mediaType: null, encoding: 'utf-8', lang: 'en', text: token }]);
  assert.equal(message[0] & 0x07, 1, 'an NFC Forum well-known record');
  await shoot(A, '1-nfc-sent');

  const seen = await nfcToB(message);
  assert.equal(seen.error, '', 'B read the token');
  assert.equal(seen.verdict, 'locked_to_me');
  assert.match(seen.title, /^Safe to accept$/);
  assert.match(seen.details, /Amount100 sat/);
  assert.equal(await readers(b), 0, 'B stopped scanning once it had a token');
  assert.equal(await b.textContent('#offline-receive-result'), '');
  await shoot(B, '2-nfc-verdict');
  await accept();
  await b.waitForSelector('#offline-queue li[data-state=queued]');
  await a.click('#offline-done');
});

test('offline: B takes tokens as other wallets write them (URL #token=, MIME craw) and refuses a broken one', async () => {
  const a = A.page, b = B.page;
  // (Set-aside eCash pays only the amounts its pieces add up to: after 100 sat, 128 and 16 are.)
  // A broken token in a Text record: refused with the app's words; B's reader scans on for another tap.
  const good = await payOffline(128);
  await a.click('#offline-done');
  await receiveByNfc();
  const broken = await nfcToB({ records: [{ recordType: 'text', lang: 'en', data: `${good.slice(0, 60)}xx${good.slice(62, 120)}` }] },
                              { refused: true });
  assert.match(broken.error, /^That eCash token cannot be read/);
  assert.equal(await readers(b), 1, 'B still scans');
  await shoot(B, '3-broken-token');

  // A tag that carries no token: nothing is judged, and B keeps scanning.
  assert.equal(await nfcTap(b, { records: [{ recordType: 'url', data: 'https://example.com/menu' }] }), 1);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(await b.isVisible('#verdict'), false, 'no verdict for a tag without a token');
  assert.equal(await readers(b), 1, 'B still scans');

  // A wallet link with the token in its fragment (cashu.me's form), on the same scan.
  const viaUrl = await nfcToB({ records: [{ recordType: 'url', data: `https://wallet.cashu.me/#token=${good}` }] });
  assert.equal(viaUrl.error, '', 'B read the token from the URL (the error of the broken one is gone)');
  assert.equal(viaUrl.verdict, 'locked_to_me');
  assert.match(viaUrl.details, /Amount128 sat/);
  await accept();

  // The binary token (`craw` + 'B' + CBOR) in a MIME record, written by @cashu/cashu-ts (Numo's form),
  // behind an Android application record that B must skip.
  const other = await payOffline(16);
  await a.click('#offline-done');
  const { keysets } = await (await fetch(new URL('/v1/keysets', node.httpUrl))).json();
  const raw = getEncodedTokenBinary(getDecodedToken(other, keysets.map((k) => k.id)));
  assert.equal(Buffer.from(raw.subarray(0, 5)).toString(), 'crawB');
  await receiveByNfc();
  const viaMime = await nfcToB({ records: [
    { recordType: 'android.com:pkg', data: [...Buffer.from('me.cashu.numo')] },
    { recordType: 'mime', mediaType: 'application/octet-stream', data: [...raw] },
  ] });
  assert.equal(viaMime.error, '', 'B read the craw token');
  assert.equal(viaMime.verdict, 'locked_to_me');
  assert.match(viaMime.details, /Amount16 sat/);
  await accept();
  // ... and a craw record that does not decode is refused.
  await receiveByNfc();
  const badRaw = await nfcToB({ records: [{ recordType: 'mime', mediaType: 'application/octet-stream', data: [...raw.subarray(0, 40)] }] },
                              { refused: true });
  assert.match(badRaw.error, /^That eCash token cannot be read/);
  assert.equal(await readers(b), 1, 'B still scans');
  await b.waitForFunction(() => document.querySelectorAll('#offline-queue li[data-state=queued]').length === 3);
  await shoot(B, '4-queued');
});

test('back online: B\'s three tokens are redeemed by themselves; balances are right', async () => {
  await B.context.setOffline(false);
  await B.page.waitForFunction(() => document.querySelectorAll('#offline-queue li[data-state=redeemed]').length === 3 ||
                                     document.querySelector('#offline-queue li[data-state=failed]'), null, { timeout: 30_000 })
    .catch(() => {});
  assert.equal(await B.page.locator('#offline-queue li[data-state=redeemed]').count(), 3,
               `B's queue: "${await B.page.textContent('#offline-queue')}" ${await B.page.textContent('#offline-error')}`);
  await waitText(B.page, '#balance-ecash', /^244 sat$/);
  await A.context.setOffline(false);
  await waitText(A.page, '#offline-ready', /256 sat ready/);
  await waitText(A.page, '#balance-ecash', /^1,756 sat$/);
  await shoot(B, '5-redeemed');
});

/** A starts a sale of `amount` sat and taps "Tap a card": A's reader scans. */
async function charge(amount) {
  const { page } = A;
  await page.click('#tab-shop');
  if (await page.isVisible('#pos-new')) await page.click('#pos-new');
  await page.fill('#pos-amount', String(amount));
  await page.click('#pos-charge');
  await page.waitForSelector('#pos-invoice:not([hidden])');
  assert.equal(await page.isVisible('#pos-tap'), true, 'A can read cards by NFC');
  await page.click('#pos-tap');
  await waitText(page, '#pos-card-result', /^Hold the card against the back of the phone/);
  await page.waitForFunction(() => globalThis.testNfc.readers > 0);
}

/** A tag holding the URI record `link` is held to A's phone; resolves to the error shown ('' when the card's service pays). */
async function hold(link) {
  const { page } = A;
  await page.$eval('#pos-card-error', (e) => { e.textContent = ''; });
  assert.equal(await nfcTap(page, { records: [{ recordType: 'url', data: link }] }), 1, 'A\'s reader scans');
  await page.waitForFunction(() => document.querySelector('#pos-card-error').textContent ||
                                   /is paying/.test(document.querySelector('#pos-card-result').textContent), null, { timeout: 20_000 });
  return page.textContent('#pos-card-error');
}

/** The link B's card puts in its NDEF URI record at tap number `counter`. */
function cardLink(counter) {
  const { p, c } = tap({ k1: card.k1, k2: card.k2, uid, counter });
  return `${card.lnurlw_base}?p=${p}&c=${c}`;
}

test('point of sale: B\'s card, held to A\'s phone, pays A\'s 1,500 sat sale', async () => {
  card = await addCard(B.page, { uid, name: 'NFC card' });
  assert.match(card.lnurlw_base, /^lnurlw:\/\/127\.0\.0\.1:\d+\//);
  await B.page.click('#card-keys-done');
  await charge(1500);
  await shoot(A, '6-hold-card');
  assert.equal(await hold(cardLink(1)), '', 'the card paid');
  await waitText(A.page, '#pos-state', /Paid: 1,500 sat received/);
  await shoot(A, '7-paid-by-nfc');
  await waitText(A.page, '#balance-lightning', /^2,500 sat$/);     // 1,000 + 1,500
  await waitText(B.page, '#balance-lightning', /^3,500 sat$/);     // 5,000 − 1,500
  // Paid: A's phone stops reading cards, so a card still held there is not asked to pay again.
  assert.equal(await readers(A.page), 0, 'A stopped reading cards');
  assert.equal(await nfcTap(A.page, { records: [{ recordType: 'url', data: cardLink(2) }] }), 0);
  assert.equal(await A.page.textContent('#pos-card-error'), '');
});

test('point of sale: the same tap again is refused, so is a tag that is no card; the card\'s next tap pays', async () => {
  const { page } = A;
  await charge(300);
  assert.match(await hold(cardLink(1)), /^The card was refused/);
  assert.match(await hold('mailto:shop@example.com'), /^That is not a card link/);
  await shoot(A, '8-refused');
  // The reader still scans: the card's next tap (counter 2; the tap A's phone did not read was never
  // seen by the card's service) pays the sale.
  assert.equal(await hold(cardLink(2)), '', 'the next tap paid');
  await waitText(page, '#pos-state', /Paid: 300 sat received/);
  await waitText(B.page, '#balance-lightning', /^3,200 sat$/);     // the card paid, not the fake backend
  await waitText(page, '#balance-lightning', /^2,800 sat$/);
  await page.click('#pos-new');
  assert.equal(await readers(page), 0, 'a new sale stops reading cards');
});
