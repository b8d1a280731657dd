// Fiat values in real Chromium against a real flash-node with its fake exchange rates (the default,
// labelled "fake" by the node and in the settings). In English (en-US): the currency defaults to the
// region's (USD), none hides every value, EUR shows the balance's and the history's euro value
// computed from the node's rate, and 10 € typed in the Lightning receive amount makes an invoice for
// the sats they buy (rounded down). In French (fr-FR): EUR by default, the euro sign after the number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../tools/build-web.mjs';
import { startNode, stopAll } from '../interop/support/flash-node.mjs';
import { appReady, createWallet } from './support/onboarding.mjs';
import { waitText } from './support/page.mjs';
import { launchChromium } from './support/people.mjs';

const screenshots = join(process.env.FLASH_SCREENSHOTS ?? join(tmpdir(), 'flash-e2e'), 'fiat');
const satPerBtc = 100_000_000;
const funded = 10_000;

let dir, node, browser, eur, english, french;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flash-fiat-'));
  await mkdir(screenshots, { recursive: true });
  const web = await buildWeb(join(dir, 'web'));
  node = await startNode({ config: { lightning: { fake_settle_ms: 300 } }, args: ['--web', web] });
  const rates = await (await fetch(new URL('/api/v1/rates', node.httpUrl))).json();
  assert.equal(rates.source, 'fake');
  eur = rates.rates.EUR.per_btc;
  assert.ok(eur > 0);
  browser = await launchChromium();
  english = await person('en', 'en-US');
  french = await person('fr', 'fr-FR');
});
after(async () => {
  await browser?.close();
  await stopAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function person(name, locale) {
  const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => assert.fail(`${name}: page error: ${e.message}`));
  await page.goto(node.httpUrl);
  await appReady(page);
  await createWallet(page, `${name} passphrase`);
  return { name, page };
}

const shoot = (who, step) => who.page.screenshot({ path: join(screenshots, `${who.name}-${step}.png`), fullPage: true });
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `sat` in euros, two decimals, with `point` as the decimal separator (no amount here reaches 1,000 €). */
const euros = (sat, point) => ((sat * eur) / satPerBtc).toFixed(2).replace('.', point);

/** Receives `amount` sat over Lightning (the fake backend pays the invoice). */
async function fund({ page }, amount) {
  await page.click('#tab-lightning');
  await page.fill('#receive-amount', String(amount));
  await page.click('#receive-submit');
  await page.waitForSelector('#invoice-state[data-state=settled]', { timeout: 15_000 });
}

/** The amount of a BOLT 11 invoice, in msat, read from its human-readable part. */
function invoiceMsat(bolt11) {
  const [, digits, unit] = /^lnbcrt(\d+)([munp]?)1/.exec(bolt11);
  const msatPerUnit = { '': 100_000_000_000, m: 100_000_000, u: 100_000, n: 100, p: 0.1 }[unit];
  return Number(digits) * msatPerUnit;
}

async function openSettings(page) {
  if ((await page.getAttribute('#settings', 'open')) === null) await page.click('#settings summary');
}

test('the settings default to the region\'s currency, say the rates are fake, and none hides the values', async () => {
  const { page } = english;
  await openSettings(page);
  assert.equal(await page.inputValue('#currency'), 'USD');  // en-US
  assert.deepEqual(await page.locator('#currency option').evaluateAll((options) => options.map((o) => o.value)),
                   ['none', 'EUR', 'USD', 'GBP', 'CHF', 'BRL']);
  await waitText(page, '#currency-note', /exchange rates are fake/);

  await page.selectOption('#currency', 'none');
  await fund(english, funded);
  await waitText(page, '#balance-lightning', /^10,000 sat$/);
  assert.equal(await page.textContent('#balance-lightning-fiat'), '');
  assert.equal(await page.isVisible('#receive-amount-unit'), false);
  await page.fill('#receive-amount', '12345');
  assert.equal(await page.textContent('#receive-amount-fiat'), '');
});

test('with EUR chosen, the balance and the history show the euro value of the node\'s rate', async () => {
  const { page } = english;
  await page.selectOption('#currency', 'EUR');
  const value = `≈ €${euros(funded, '.')}`;
  await waitText(page, '#balance-lightning-fiat', new RegExp(`^${escape(value)}$`));
  await waitText(page, '#history li:first-child .amount .fiat', new RegExp(`^${escape(value)}$`));
  assert.equal(await page.textContent('#balance-rate'), '');  // a fresh rate has no date
  await shoot(english, 'balance');
});

test('10 € typed in the Lightning receive amount make an invoice for the sats they buy, rounded down', async () => {
  const { page } = english;
  await page.click('#tab-lightning');
  await page.fill('#receive-amount', '12500');
  await waitText(page, '#receive-amount-fiat', new RegExp(`^${escape(`≈ €${euros(12_500, '.')}`)}$`));

  await waitText(page, '#receive-amount-unit', /^Enter in EUR$/);
  await page.click('#receive-amount-unit');
  await waitText(page, 'label[for=receive-amount]', /^Amount \(EUR\)$/);
  assert.equal(await page.inputValue('#receive-amount'), '');
  await page.fill('#receive-amount', '10');
  const sats = Math.floor((10 * satPerBtc) / eur);
  await waitText(page, '#receive-amount-fiat', new RegExp(`^= ${escape(sats.toLocaleString('en-US'))} sat$`));
  await page.fill('#receive-amount', '10,5');  // either decimal separator
  await waitText(page, '#receive-amount-fiat', new RegExp(`^= ${escape(Math.floor((10.5 * satPerBtc) / eur).toLocaleString('en-US'))} sat$`));
  await page.fill('#receive-amount', '10');
  const before = await page.textContent('#invoice-text');  // the invoice that funded the wallet
  await page.click('#receive-submit');
  await page.waitForFunction((old) => document.querySelector('#invoice-text').textContent !== old, before);
  assert.equal(invoiceMsat(await page.textContent('#invoice-text')), sats * 1000);
  await page.waitForSelector('#invoice-state[data-state=settled]', { timeout: 15_000 });
  await shoot(english, 'receive-in-euros');

  // Not a number, or less than a sat: refused before anything is asked of the node.
  await page.fill('#receive-amount', 'ten');
  await page.click('#receive-submit');
  await waitText(page, '#receive-error', /positive number/);
  await page.fill('#receive-amount', '0,0001');
  await page.click('#receive-submit');
  await waitText(page, '#receive-error', /positive number/);

  // Back to sats: the label says so again.
  await page.click('#receive-amount-unit');
  await waitText(page, 'label[for=receive-amount]', /^Amount \(sat\)$/);
  await waitText(page, '#receive-amount-unit', /^Enter in EUR$/);
});

test('in French, EUR by default and the euro sign after the number', async () => {
  const { page } = french;
  await openSettings(page);
  assert.equal(await page.inputValue('#currency'), 'EUR');  // fr-FR
  await waitText(page, '#currency-note', /fictifs\u00a0:/);
  await fund(french, funded);
  await waitText(page, '#balance-lightning-fiat', new RegExp(`^≈ ${escape(euros(funded, ','))}\\s€$`));
  await page.fill('#receive-amount', '12500');
  await waitText(page, '#receive-amount-fiat', new RegExp(`^≈ ${escape(euros(12_500, ','))}\\s€$`));
  await waitText(page, '#receive-amount-unit', /^Saisir en EUR$/);
  await shoot(french, 'balance');
});
