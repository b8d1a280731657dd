// The Lightning account at the node: receive (an invoice shown as a QR code, watched until it is
// paid) and send (the pasted invoice decoded here by the core and shown, fee reserve included,
// before anything is paid).
import type { Core } from '../core/client.ts';
import { messages } from '../i18n/index.ts';
import type { Session } from '../session.ts';
import { showInvoice } from './invoice-view.ts';
import { $, UserError, busy, copyButton, field, fillTerms, readSat } from '../ui.ts';

const paymentWatchMs = 1000;
const paymentWaitMs = 120_000;
const invoicePrefixes: Record<string, string> = { mainnet: 'bc', testnet: 'tb', signet: 'tbs', regtest: 'bcrt' };

/** An invoice reviewed and shown, with the fee reserve that paying it holds. */
interface Reviewed {
  bolt11: string;
  maxFeeSat: number;
}

/** The fee reserve the node holds by default (1%, at least 2 sat), sent explicitly so that what is shown is what is held. */
export const feeReserveSat = (amountMsat: number) => Math.max(2, Math.ceil(amountMsat / 100_000));

/** The receive box of the Lightning panel. */
const invoiceView = { box: 'invoice', text: 'invoice-text', qr: 'invoice-qr', state: 'invoice-state' };

/** Wires the Lightning panel to `session` (listeners end with session.signal). */
export function attachLightning(session: Session): void {
  const { signal } = session;
  let watch = new AbortController();   // the invoice being watched; a new one replaces it
  let reviewed: Reviewed | null = null;  // the invoice shown for confirmation
  $('invoice').hidden = $('send-review').hidden = true;
  for (const id of ['receive-error', 'send-error', 'send-result']) $(id).textContent = '';
  field('send-invoice').value = '';
  signal.addEventListener('abort', () => watch.abort());

  $('receive-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($('receive-submit'), $('receive-error'), async () => {
      const body: { amount_sat: number; description?: string } = { amount_sat: readSat(field('receive-amount')) };
      const description = field('receive-description').value.trim();
      if (description) body.description = description;
      const invoice = await session.api.post('/api/v1/lightning/invoices', body);
      watch.abort();
      watch = new AbortController();
      showInvoice(session, invoice, invoiceView, watch.signal);
    });
  }, { signal });
  copyButton($('invoice-copy'), () => $('invoice-text').textContent, signal);

  $('send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($('send-check'), $('send-error'), async () => {
      $('send-result').textContent = '';
      reviewed = await review(session, field('send-invoice').value);
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
      field('send-invoice').value = '';
      session.refreshAccount();
    });
  }, { signal });
}

/** Decodes what was pasted and shows it; returns what confirming will pay. Throws UserError. */
async function review(session: Session, text: string): Promise<Reviewed> {
  const { core, network } = session;
  const bolt11 = text.trim().replace(/^lightning:/i, '').toLowerCase();
  let invoice: Awaited<ReturnType<Core['decodeBolt11']>>;
  try {
    invoice = await core.decodeBolt11(bolt11);
  } catch {
    throw new UserError(await whatElse(core, text));
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
async function whatElse(core: Core, text: string): Promise<string> {
  try {
    const type = (await core.parsePaymentTarget(text.trim())).type;
    return type === 'onchain' ? messages.send.onchainTarget : messages.send.otherTarget;
  } catch {
    return messages.send.notLightning;
  }
}

/** Pays and waits for the outcome; resolves to the sentence that tells it. */
async function pay(session: Session, { bolt11, maxFeeSat }: Reviewed): Promise<string> {
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
