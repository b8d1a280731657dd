// The Lightning account at the node: receive (an invoice shown as a QR code, watched until it is
// paid) and send (the pasted invoice decoded here by the core and shown, fee reserve included,
// before anything is paid).
import { messages } from './messages.mjs';
import { showQr } from './qr.mjs';
import { $, UserError, busy, copyButton, every, fillTerms, readSat } from './ui.mjs';

const invoiceWatchMs = 1000;
const paymentWatchMs = 1000;
const paymentWaitMs = 120_000;
const invoicePrefixes = { mainnet: 'bc', testnet: 'tb', signet: 'tbs', regtest: 'bcrt' };

/** The fee reserve the node holds by default (1%, at least 2 sat), sent explicitly so that what is shown is what is held. */
export const feeReserveSat = (amountMsat) => Math.max(2, Math.ceil(amountMsat / 100_000));

/** Wires the Lightning panel to `session` (listeners end with session.signal). */
export function attachLightning(session) {
  const { signal } = session;
  let watch = new AbortController();   // the invoice being watched; a new one replaces it
  let reviewed = null;                 // the invoice shown for confirmation: {bolt11, maxFeeSat}
  $('invoice').hidden = $('send-review').hidden = true;
  for (const id of ['receive-error', 'send-error', 'send-result']) $(id).textContent = '';
  $('send-invoice').value = '';
  signal.addEventListener('abort', () => watch.abort());

  $('receive-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($('receive-submit'), $('receive-error'), async () => {
      const body = { amount_sat: readSat($('receive-amount')) };
      const description = $('receive-description').value.trim();
      if (description) body.description = description;
      const invoice = await session.api.post('/api/v1/lightning/invoices', body);
      watch.abort();
      watch = new AbortController();
      showInvoice(session, invoice, watch.signal);
    });
  }, { signal });
  copyButton($('invoice-copy'), () => $('invoice-text').textContent, signal);

  $('send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($('send-check'), $('send-error'), async () => {
      $('send-result').textContent = '';
      reviewed = review(session, $('send-invoice').value);
      $('send-review').hidden = false;
      $('send-confirm').focus();
    });
  }, { signal });
  // A changed invoice must be reviewed again before it can be paid.
  $('send-invoice').addEventListener('input', () => { reviewed = null; $('send-review').hidden = true; }, { signal });
  $('send-cancel').addEventListener('click', () => { reviewed = null; $('send-review').hidden = true; $('send-invoice').focus(); }, { signal });
  $('send-confirm').addEventListener('click', () => {
    if (!reviewed) return;
    const paying = reviewed;
    busy($('send-confirm'), $('send-error'), async () => {
      $('send-result').textContent = messages.send.paying;
      try {
        $('send-result').textContent = await pay(session, paying);
      } catch (error) {
        $('send-result').textContent = '';
        throw error;
      }
      reviewed = null;
      $('send-review').hidden = true;
      $('send-invoice').value = '';
      session.refreshAccount();
    });
  }, { signal });
}

function showInvoice(session, invoice, watchSignal) {
  $('invoice-text').textContent = invoice.bolt11;
  showQr($('invoice-qr'), invoice.bolt11.toUpperCase());
  showInvoiceState(invoice);
  $('invoice').hidden = false;
  every(invoiceWatchMs, watchSignal, async () => {
    const now = await session.api.get(`/api/v1/lightning/invoices/${encodeURIComponent(invoice.payment_hash)}`);
    if (watchSignal.aborted) return true;
    showInvoiceState(now);
    if (now.state === 'settled') session.refreshAccount();
    return now.state !== 'open';
  });
}

function showInvoiceState(invoice) {
  const state = $('invoice-state');
  // Once paid or expired the code must not be scanned again: CSS hides it by this state.
  $('invoice').dataset.state = state.dataset.state = invoice.state;
  state.textContent = invoice.state === 'settled' ? messages.receive.paid(messages.msat(invoice.amount_msat))
                    : invoice.state === 'expired' ? messages.receive.expired : messages.receive.waiting;
}

/** Decodes what was pasted and shows it; returns what confirming will pay. Throws UserError. */
function review(session, text) {
  const { core, network } = session;
  const bolt11 = text.trim().replace(/^lightning:/i, '').toLowerCase();
  let invoice;
  try {
    invoice = core.decodeBolt11(bolt11);
  } catch {
    throw new UserError(whatElse(core, text));
  }
  if (invoice.network !== invoicePrefixes[network]) throw new UserError(messages.send.wrongNetwork(network));
  if (invoice.amountMsat === null) throw new UserError(messages.send.noAmount);
  if (invoice.expiresAt <= Date.now() / 1000) throw new UserError(messages.send.expired);
  const maxFeeSat = feeReserveSat(invoice.amountMsat);
  const { terms } = messages.send;
  fillTerms($('send-details'), [
    [terms.amount, messages.msat(invoice.amountMsat)],
    [terms.description, invoice.description || messages.send.noDescription],
    [terms.reserve, messages.sat(maxFeeSat)],
    [terms.total, messages.msat(invoice.amountMsat + maxFeeSat * 1000)],
  ]);
  return { bolt11, maxFeeSat };
}

/** Why a text that is not a BOLT11 invoice cannot be paid here, as a sentence. */
function whatElse(core, text) {
  try {
    const type = core.parsePaymentTarget(text.trim()).type;
    return type === 'onchain' ? messages.send.onchainTarget : messages.send.otherTarget;
  } catch {
    return messages.send.notLightning;
  }
}

/** Pays and waits for the outcome; resolves to the sentence that tells it. */
async function pay(session, { bolt11, maxFeeSat }) {
  let payment = await session.api.post('/api/v1/lightning/payments', { bolt11, max_fee_sat: maxFeeSat });
  const deadline = Date.now() + paymentWaitMs;
  while (payment.state === 'pending' && Date.now() < deadline && !session.signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, paymentWatchMs));
    payment = await session.api.get(`/api/v1/lightning/payments/${encodeURIComponent(payment.payment_hash)}`);
  }
  if (payment.state === 'succeeded') return messages.send.paid(messages.msat(payment.amount_msat), messages.msat(payment.fee_msat ?? 0));
  if (payment.state === 'pending') return messages.send.stillPending;
  throw new UserError(messages.send.failed(payment.failure_reason));
}
