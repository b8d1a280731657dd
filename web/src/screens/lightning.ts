// The Lightning account at the node: receive (an invoice shown as a QR code, watched until it is
// paid; the person's lightning address) and send. What is pasted or scanned is read by the core: an
// invoice is decoded and shown; for a lightning address or an LNURL-pay link the core's worker asks
// the recipient's service for an invoice of the amount chosen and checks it (amount, description
// hash) before it is shown. Either way the fee reserve is shown before anything is paid.
import type { Answer } from '../api.ts';
import type { Core } from '../core/client.ts';
import type { PayInvoice, PayOffer, SuccessAction } from '../core/lnurl.ts';
import type { PaymentTarget } from '../core/types.ts';
import { messages } from '../i18n/index.ts';
import type { Session } from '../session.ts';
import { amountField, type AmountField } from './amount-field.ts';
import { showInvoice } from './invoice-view.ts';
import { $, UserError, busy, copyButton, field, fillTerms } from '../ui.ts';

const paymentWatchMs = 1000;
const paymentWaitMs = 120_000;
const invoicePrefixes: Record<string, string> = { mainnet: 'bc', testnet: 'tb', signet: 'tbs', regtest: 'bcrt' };
const addressPath = '/api/v1/lightning/address';

/** An invoice reviewed and shown, with the fee reserve that paying it holds. */
interface Reviewed {
  bolt11: string;
  maxFeeSat: number;
  /** What an LNURL-pay service asked to show once paid. */
  successAction: SuccessAction | null;
}

/** What the review shows of an invoice, and checks before it can be paid. */
interface InvoiceFacts {
  network: string;
  amountMsat: number | null;
  expiresAt: number;
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
  let offer: PayOffer | null = null;     // the LNURL-pay offer whose amount is being chosen
  const resetSend = () => {
    reviewed = offer = null;
    $('send-review').hidden = $('send-lnurl').hidden = $('send-action').hidden = true;
  };
  resetSend();
  $('invoice').hidden = true;
  for (const id of ['receive-error', 'send-error', 'send-result']) $(id).textContent = '';
  field('send-invoice').value = '';
  signal.addEventListener('abort', () => watch.abort());
  attachAddress(session);

  const receiveAmount = amountField('receive-amount', signal);
  const lnurlAmount = amountField('send-lnurl-amount', signal);
  $('receive-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($('receive-submit'), $('receive-error'), async () => {
      const body: { amount_sat: number; description?: string } = { amount_sat: receiveAmount.read() };
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
      resetSend();
      const text = field('send-invoice').value.trim();
      const target = await targetOf(session.core, text);
      if (target.type === 'lnurl' || target.type === 'lightningAddress') {
        offer = await lnurlStep(session.core.payOffer(text));
        showOffer(offer, lnurlAmount);
        $('send-lnurl').hidden = false;
        field('send-lnurl-amount').focus();
        return;
      }
      if (target.type !== 'invoice') throw new UserError(target.type === 'onchain' ? messages.send.onchainTarget : messages.send.otherTarget);
      reviewed = await review(session, text);
      $('send-review').hidden = false;
      $('send-confirm').focus();
    });
  }, { signal });
  $('send-lnurl').addEventListener('submit', (event) => {
    event.preventDefault();
    const asked = offer;
    if (!asked) return;
    busy($('send-lnurl-next'), $('send-error'), async () => {
      const { amountMsat, comment } = readLnurlAmount(asked, lnurlAmount);
      const invoice = await lnurlStep(session.core.payInvoice(asked.answer, amountMsat, comment));
      reviewed = reviewLnurl(session, asked, invoice, comment);
      $('send-lnurl').hidden = true;
      $('send-review').hidden = false;
      $('send-confirm').focus();
    });
  }, { signal });
  // A changed text must be reviewed again before it can be paid.
  $('send-invoice').addEventListener('input', resetSend, { signal });
  for (const id of ['send-cancel', 'send-lnurl-cancel']) {
    $(id).addEventListener('click', () => { resetSend(); $('send-invoice').focus(); }, { signal });
  }
  $('send-confirm').addEventListener('click', () => {
    if (!reviewed) return;
    const paying = reviewed;
    busy($('send-confirm'), $('send-error'), async () => {
      $('send-result').textContent = messages.send.paying;
      let payment: Answer;
      try {
        payment = await pay(session, paying);
      } catch (error) {
        $('send-result').textContent = '';
        throw error;
      }
      $('send-result').textContent = payment.state === 'succeeded'
        ? messages.send.paid(messages.msat(payment.amount_msat), messages.msat(payment.fee_msat ?? 0))
        : messages.send.stillPending;
      resetSend();
      field('send-invoice').value = '';
      if (payment.state === 'succeeded' && paying.successAction) await showSuccessAction(session.core, paying.successAction, payment.preimage);
      session.refreshAccount();
    });
  }, { signal });
}

/** What `text` is, as the core reads it; a text that is nothing payable is a UserError. */
async function targetOf(core: Core, text: string): Promise<PaymentTarget> {
  try {
    return await core.parsePaymentTarget(text);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'bad_lnurl') throw new UserError(messages.lnurlPay.badLink);
    if (code === 'bad_invoice' || code === 'bad_bech32' || code === 'bad_checksum') throw error;
    throw new UserError(messages.send.notLightning);
  }
}

/** Decodes a pasted invoice and shows it; returns what confirming will pay. Throws UserError. */
async function review(session: Session, text: string): Promise<Reviewed> {
  const bolt11 = text.replace(/^lightning:/i, '').toLowerCase();
  const invoice = await session.core.decodeBolt11(bolt11);
  const amountMsat = checkInvoice(session, invoice);
  const maxFeeSat = showReview(amountMsat, [[messages.send.terms.description, invoice.description || messages.send.noDescription]]);
  return { bolt11, maxFeeSat, successAction: null };
}

/** Shows an LNURL-pay service's checked invoice; returns what confirming will pay. Throws UserError. */
function reviewLnurl(session: Session, offer: PayOffer, invoice: PayInvoice, comment: string): Reviewed {
  const amountMsat = checkInvoice(session, invoice);
  const rows: [string, string][] = [[messages.lnurlPay.to, payee(offer)], [messages.lnurlPay.for, offer.text]];
  if (comment) rows.push([messages.lnurlPay.comment, comment]);
  return { bolt11: invoice.pr, maxFeeSat: showReview(amountMsat, rows), successAction: invoice.successAction };
}

/** The amount of an invoice that this node can pay now; UserError otherwise. */
function checkInvoice(session: Session, invoice: InvoiceFacts): number {
  if (invoice.network !== invoicePrefixes[session.network]) throw new UserError(messages.send.wrongNetwork(session.network));
  if (invoice.amountMsat === null) throw new UserError(messages.send.noAmount);
  if (invoice.expiresAt <= Date.now() / 1000) throw new UserError(messages.send.expired);
  return invoice.amountMsat;
}

/** Fills the review with `rows`, the amount and the fee reserve; returns the reserve (sat). */
function showReview(amountMsat: number, rows: [string, string][]): number {
  const maxFeeSat = feeReserveSat(amountMsat);
  const { terms } = messages.send;
  fillTerms($('send-details'), [
    ...rows,
    [terms.amount, messages.msat(amountMsat)],
    [terms.reserve, messages.sat(maxFeeSat)],
    [terms.total, messages.msat(amountMsat + maxFeeSat * 1000)],
  ]);
  return maxFeeSat;
}

/** Who an LNURL-pay payment goes to, in words. */
const payee = (offer: PayOffer) => offer.identifier ?? offer.address ?? offer.host;

/** The whole satoshis an offer accepts. */
const satRange = (offer: PayOffer) => ({ min: Math.ceil(offer.minSendable / 1000), max: Math.floor(offer.maxSendable / 1000) });

/** Shows who is paid and what they accept, for the amount (and comment) to be chosen. */
function showOffer(offer: PayOffer, amount: AmountField): void {
  const { min, max } = satRange(offer);
  if (min > max) throw new UserError(messages.lnurlPay.noWholeSat);
  fillTerms($('send-lnurl-payee'), [[messages.lnurlPay.to, payee(offer)], [messages.lnurlPay.for, offer.text]]);
  $('send-lnurl-limits').textContent = messages.lnurlPay.limits(messages.sat(min), messages.sat(max));
  if (min === max) amount.setSat(min);
  else amount.clear();
  field('send-lnurl-comment').value = '';
  field('send-lnurl-comment').maxLength = offer.commentAllowed;
  $('send-lnurl-comment-box').hidden = offer.commentAllowed === 0;
}

/** The amount (msat) and comment typed for `offer`, within what it accepts; UserError otherwise. */
function readLnurlAmount(offer: PayOffer, amount: AmountField): { amountMsat: number; comment: string } {
  const sat = amount.read();
  const { min, max } = satRange(offer);
  if (sat < min || sat > max) {
    field('send-lnurl-amount').focus();
    throw new UserError(messages.lnurlPay.outside(messages.sat(min), messages.sat(max)));
  }
  const comment = offer.commentAllowed ? field('send-lnurl-comment').value.trim() : '';
  if ([...comment].length > offer.commentAllowed) throw new UserError(messages.lnurlPay.commentTooLong(offer.commentAllowed));
  return { amountMsat: sat * 1000, comment };
}

/** Awaits a step of LNURL-pay, turning what the recipient's service did wrong into a sentence. */
async function lnurlStep<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    switch (code) {
      case 'service_error': throw new UserError(messages.lnurlPay.refused(reason(message)));
      case 'lnurl_unreachable': throw new UserError(messages.lnurlPay.unreachable);
      case 'not_lnurl_pay': throw new UserError(messages.lnurlPay.notPayLink);
      case 'invoice_mismatch': throw new UserError(messages.lnurlPay.mismatch);
      case 'bad_lnurl': case 'bad_json': case 'too_large': case 'bad_invoice': case 'bad_bech32': case 'bad_checksum':
        throw new UserError(messages.lnurlPay.badAnswer);
      default: throw error;
    }
  }
}

/** A service's reason as a sentence: "service_error: unknown_name: no such name" -> "no such name." */
function reason(message = ''): string {
  const text = message.replace(/^([a-z0-9_]+: )+/, '').trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Shows what the service asked to show once paid (LUD-09 message or url, LUD-10 aes opened with the preimage). */
async function showSuccessAction(core: Core, action: SuccessAction, preimage?: string): Promise<void> {
  const box = $('send-action');
  if (action.tag === 'message') box.textContent = messages.lnurlPay.message(action.message);
  else if (action.tag === 'url') {
    const link = Object.assign(document.createElement('a'), { href: action.url, target: '_blank', rel: 'noopener noreferrer',
                                                              textContent: action.url });
    box.replaceChildren(`${action.description} `, link);
  } else {
    if (!preimage) return;
    box.textContent = messages.lnurlPay.secret(action.description, await core.openSuccessAction(action, preimage));
  }
  box.hidden = false;
}

/** Pays and waits for the outcome; resolves to the payment (succeeded or still pending). Throws UserError when it failed. */
async function pay(session: Session, { bolt11, maxFeeSat }: Reviewed): Promise<Answer> {
  let payment = await session.api.post('/api/v1/lightning/payments', { bolt11, max_fee_sat: maxFeeSat });
  const deadline = Date.now() + paymentWaitMs;
  while (payment.state === 'pending' && Date.now() < deadline && !session.signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, paymentWatchMs));
    payment = await session.api.get(`/api/v1/lightning/payments/${encodeURIComponent(payment.payment_hash)}`);
  }
  if (payment.state === 'failed') throw new UserError(messages.send.failed(payment.failure_reason));
  return payment;
}

/** The receive side's lightning address: shown with a copy button once held, else a form to claim one. */
function attachAddress(session: Session): void {
  const { signal } = session;
  const show = (held: Answer | null) => {
    $('ln-address-held').hidden = !held;
    $('ln-address-form').hidden = !!held;
    $('ln-address-text').textContent = held?.address ?? '';
  };
  $('ln-address-held').hidden = $('ln-address-form').hidden = true;
  $('ln-address-error').textContent = '';
  $('ln-address-domain').textContent = `@${location.host}`;
  session.api.get(addressPath).then(show, (error) => {
    if (error.code === 'no_address') show(null);
    else $('ln-address-error').textContent = messages.lnAddress.unavailable;
  });
  $('ln-address-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($('ln-address-claim'), $('ln-address-error'), async () => {
      const input = field('ln-address-name');
      const name = input.value.trim().toLowerCase();
      if (!/^[a-z0-9._-]{1,64}$/.test(name)) {
        input.focus();
        throw new UserError(messages.lnAddress.badName);
      }
      show(await session.api.post(addressPath, { name }));
      input.value = '';
    });
  }, { signal });
  copyButton($('ln-address-copy'), () => $('ln-address-text').textContent, signal);
  $('ln-address-release').addEventListener('click', () => {
    busy($('ln-address-release'), $('ln-address-error'), async () => {
      if (!confirm(messages.lnAddress.releaseConfirm($('ln-address-text').textContent))) return;
      await session.api.delete(addressPath);
      show(null);
    });
  }, { signal });
}
