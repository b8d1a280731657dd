// The point of sale: the merchant types an amount, the customer pays the invoice's QR code with
// any Lightning wallet, or taps a Flash Card (Bolt Card): the card's link is a LUD-03 withdraw
// request, which this page answers with the invoice (Web NFC reads the card where the browser has
// it; a USB reader that types the link, or a pasted link, works everywhere). Today's sales below.
import type { Answer } from '../api.ts';
import { fiatValue } from '../fiat.ts';
import { messages } from '../i18n/index.ts';
import type { Session } from '../session.ts';
import { $, UserError, busy, describeError, field } from '../ui.ts';
import { amountField } from './amount-field.ts';
import { showInvoice } from './invoice-view.ts';

const view = { box: 'pos-invoice', text: 'pos-text', qr: 'pos-qr', state: 'pos-state' };
/** Web NFC, where the browser has it (Chrome on Android). */
const Nfc = (globalThis as unknown as { NDEFReader?: new () => NfcReader }).NDEFReader;

interface NfcReader {
  scan(options?: { signal?: AbortSignal }): Promise<void>;
  addEventListener(type: 'reading', listener: (event: { message: { records: { recordType: string; data?: DataView }[] } }) => void,
                   options?: object): void;
}

/** Wires the point of sale; returns show(), to call whenever the panel is opened. */
export function attachPos(session: Session): () => void {
  const { signal } = session;
  let sale: { invoice: Answer; watch: AbortController; tap: AbortController } | null = null;
  $('pos-tap').hidden = !Nfc;
  const amount = amountField('pos-amount', signal);

  const endSale = () => {
    sale?.watch.abort();
    sale?.tap.abort();
    sale = null;
    $('pos-invoice').hidden = $('pos-new').hidden = true;
    for (const id of ['pos-card-result', 'pos-card-error']) $(id).textContent = '';
  };
  signal.addEventListener('abort', endSale);

  $('pos-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('pos-charge'), $('pos-error'), async () => {
      const sat = amount.read();
      const note = field('pos-note').value.trim();
      endSale();
      const invoice = await session.api.post('/api/v1/lightning/invoices', { amount_sat: sat, sale: true, ...(note ? { description: note } : {}) });
      const watch = new AbortController(), tap = new AbortController();
      sale = { invoice, watch, tap };
      $('pos-total').textContent = [messages.sat(sat), fiatValue(sat)].filter(Boolean).join(' · ');
      field('pos-card-link').value = '';
      showInvoice(session, invoice, view, watch.signal, () => {
        tap.abort();   // paid: a card held to the phone now must not be asked to pay again
        if ($('pos-card-result').textContent === messages.shop.holdCard) $('pos-card-result').textContent = '';
        $('pos-new').hidden = false;
        $('pos-new').focus();
        showSales(session);
      });
      $('pos-new').hidden = false;
    });
  }, { signal });
  $('pos-new').addEventListener('click', () => {
    endSale();
    amount.clear();
    field('pos-note').value = '';
    field('pos-amount').focus();
  }, { signal });

  /** Asks the card's service (LUD-03) to pay the sale's invoice. */
  const payWithCard = async (link: string) => {
    if (!sale) return;
    const { bolt11 } = sale.invoice;
    $('pos-card-result').textContent = messages.shop.cardPaying;
    try {
      const request = await get(cardUrl(link));
      const offer = await session.core.withdrawRequest(request);
      const amountMsat = sale.invoice.amount_msat;
      if (amountMsat < offer.minWithdrawable || amountMsat > offer.maxWithdrawable)
        throw new UserError(messages.shop.overCardLimit(messages.msat(offer.maxWithdrawable)));
      await session.core.checkStatus(await get(await session.core.withdrawCallback(request, bolt11)));
      $('pos-card-result').textContent = messages.shop.cardAccepted;
    } catch (error) {
      $('pos-card-result').textContent = '';
      const { code, message } = error as { code?: string; message?: string };
      // The card's service said why (a limit, a disabled card, a replayed tap): the merchant reads it.
      if (code === 'service_error') throw new UserError(messages.shop.cardRefused(String(message).replace(/^[a-z_]+: /, '')));
      throw error;
    }
  };
  $('pos-card-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('pos-card-pay'), $('pos-card-error'), () => payWithCard(field('pos-card-link').value.trim()));
  }, { signal });
  $('pos-tap').addEventListener('click', () => busy($<HTMLButtonElement>('pos-tap'), $('pos-card-error'), async () => {
    if (!Nfc || !sale || sale.tap.signal.aborted) return;
    const reader = new Nfc();
    const tap = sale.tap;
    $('pos-card-result').textContent = messages.shop.holdCard;
    reader.addEventListener('reading', ({ message }) => {
      const url = message.records.find((r) => r.recordType === 'url' && r.data);
      if (!url) return;
      const link = new TextDecoder().decode(url.data);
      busy($<HTMLButtonElement>('pos-card-pay'), $('pos-card-error'), () => payWithCard(link));
    }, { signal: tap.signal });
    await reader.scan({ signal: tap.signal });
  }), { signal });

  return () => { showSales(session); };
}

/**
 * The https URL of a card's lnurlw:// link (LUD-17). A card of the node that serves this page is
 * asked the way the page itself was loaded (http on a loopback demo node).
 */
function cardUrl(link: string): string {
  const match = /^lnurlw:\/\/(.+)$/i.exec(link);
  if (!match) {
    if (/^https?:\/\//i.test(link)) return link;
    throw new UserError(messages.shop.notCardLink);
  }
  const url = new URL(`https://${match[1]}`);
  if (url.host === location.host) url.protocol = location.protocol;
  return url.href;
}

/** GET `url`'s text; the service's silence is an error worded for the merchant. */
async function get(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  } catch {
    throw new UserError(messages.shop.cardServiceUnreachable);
  }
  return response.text();
}

/** Today's settled sales: the invoices a point of sale of this account asked for and got paid. */
async function showSales(session: Session) {
  try {
    const { items = [] } = await session.api.get('/api/v1/history');
    const midnight = new Date().setHours(0, 0, 0, 0) / 1000;
    const today = (items as Answer[]).filter((item) => item.sale && item.state === 'settled' && item.at >= midnight);
    const total = today.reduce((sum, item) => sum + item.amount_sat, 0);
    $('pos-sales-total').textContent = messages.shop.todayTotal(today.length, messages.sat(total));
    $('pos-sales').replaceChildren(...today.map((item) => {
      const li = document.createElement('li');
      li.append(Object.assign(document.createElement('span'), { className: 'what', textContent: messages.time(item.at) }),
                Object.assign(document.createElement('span'), { className: 'amount in', textContent: `+${messages.sat(item.amount_sat)}` }));
      return li;
    }));
  } catch (error) {
    $('pos-error').textContent = describeError(error);
  }
}
