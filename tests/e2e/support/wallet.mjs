// Setting a person's wallet up through the PWA as a person would (playwright-core pages on a node
// with the fake Lightning backend): money, eCash, eCash set aside for offline payments, a card.
import { readQr, waitText } from './page.mjs';

/** Receives `amount` sat over Lightning (the fake backend pays the invoice). */
export async function fund(page, amount) {
  await page.click('#tab-lightning');
  await page.fill('#receive-amount', String(amount));
  await page.click('#receive-submit');
  await page.waitForSelector('#invoice-state[data-state=settled]', { timeout: 15_000 });
}

/** Turns `amount` sat of the Lightning balance into eCash of the node's mint. */
export async function topUpEcash(page, amount) {
  await page.click('#tab-ecash');
  await page.fill('#topup-amount', String(amount));
  await page.click('#topup-submit');
  await waitText(page, '#topup-result', new RegExp(`${Number(amount).toLocaleString('en-US')} sat of eCash added`));
}

/** Sets `amount` sat of eCash aside for offline payments, locked to `contact` (an npub). */
export async function setAsideOffline(page, amount, contact) {
  await page.click('#tab-offline');
  await page.fill('#prepare-amount', String(amount));
  await page.fill('#prepare-contact', contact);
  await page.click('#prepare-submit');
  await waitText(page, '#prepare-result', new RegExp(`${Number(amount).toLocaleString('en-US')} sat set aside`));
}

/**
 * Adds a Flash Card (`uid`, 14 hex digits; optional name and limits) in the Shop tab; resolves to
 * the keys the app shows once, read from their QR code as the Bolt Card programming app would
 * ({protocol_name, lnurlw_base, k0..k4}); the limits left out keep the form's defaults. The keys
 * stay shown (#card-keys-done hides them).
 */
export async function addCard(page, { uid, name, maxPayment, maxDay }) {
  await page.click('#tab-shop');
  if (await page.getAttribute('#card-add', 'open') === null) await page.click('#card-add summary');
  await page.fill('#card-uid', uid);
  if (name) await page.fill('#card-name', name);
  if (maxPayment) await page.fill('#card-max-payment', String(maxPayment));
  if (maxDay) await page.fill('#card-max-day', String(maxDay));
  await page.click('#card-submit');
  await page.waitForSelector('#card-keys:not([hidden])');
  return JSON.parse(await readQr(page, '#card-keys-qr', 600));
}
