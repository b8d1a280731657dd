// An invoice being paid to this wallet: its text and QR code, and its state, watched at the node
// until it is paid or expires (the Lightning panel's receive box and the point of sale use it).
import type { Answer } from '../api.ts';
import { messages } from '../i18n/index.ts';
import { showQr } from '../qr.ts';
import type { Session } from '../session.ts';
import { $, every } from '../ui.ts';

const watchMs = 1000;

/** The ids of the elements an invoice is shown in. */
export interface InvoiceView {
  box: string;
  text: string;
  qr: string;
  state: string;
}

/** Shows `invoice` (the node's answer) in `view` and follows it until `signal` aborts; `onSettled` once paid. */
export function showInvoice(session: Session, invoice: Answer, view: InvoiceView, signal: AbortSignal,
                            onSettled: (invoice: Answer) => void = () => {}): void {
  $(view.text).textContent = invoice.bolt11;
  // Upper case: QR's alphanumeric mode makes the code smaller and easier to scan.
  showQr($(view.qr), invoice.bolt11.toUpperCase());
  showState(view, invoice);
  $(view.box).hidden = false;
  every(watchMs, signal, async () => {
    const now = await session.api.get(`/api/v1/lightning/invoices/${encodeURIComponent(invoice.payment_hash)}`);
    if (signal.aborted) return true;
    showState(view, now);
    if (now.state === 'settled') {
      session.refreshAccount();
      onSettled(now);
    }
    return now.state !== 'open';
  });
}

function showState(view: InvoiceView, invoice: Answer) {
  const state = $(view.state);
  // Once paid or expired the code must not be scanned again: CSS hides it by this state.
  $(view.box).dataset.state = state.dataset.state = invoice.state;
  state.textContent = invoice.state === 'settled' ? messages.receive.paid(messages.msat(invoice.amount_msat))
                    : invoice.state === 'expired' ? messages.receive.expired : messages.receive.waiting;
}
