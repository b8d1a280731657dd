// LNURL in the core's worker. LUD-03 withdraw (the point of sale, when a card is tapped): the page
// fetches, the core checks what came back and builds the next URL. LUD-06 pay, to a lightning
// address (LUD-16) or an LNURL link: the worker fetches both steps itself and the core checks each
// answer; the invoice is handed to the page only once its amount is the one asked and its
// description hash is sha256(metadata).
import { fail, guarded, wasm } from './runtime.ts';

const lnurlTimeoutMs = 20_000;

/** What an LNURL-pay service offers, as the payment screen shows it (amounts in msat). */
export interface PayOffer {
  /** The service's payRequest answer as sent: payInvoice() reads it again. */
  answer: string;
  /** The lightning address typed, or null for an LNURL link. */
  address: string | null;
  /** Who is paid: text/identifier or text/email of the metadata, if any. */
  identifier: string | null;
  /** What the payment is for (text/plain of the metadata). */
  text: string;
  /** The host of the service's callback. */
  host: string;
  minSendable: number;
  maxSendable: number;
  /** LUD-12: the longest comment the service takes, 0 for none. */
  commentAllowed: number;
}

/** LUD-09/10: what the service asks the wallet to show once paid. */
export type SuccessAction =
  | { tag: 'message'; message: string }
  | { tag: 'url'; description: string; url: string }
  | { tag: 'aes'; description: string; ciphertext: string; iv: string };

/** An invoice of an LNURL-pay service, checked against what was asked. */
export interface PayInvoice {
  pr: string;
  network: string;
  amountMsat: number;
  expiresAt: number;
  successAction: SuccessAction | null;
}

/**
 * GETs `url` and resolves to the body, whatever the status (LNURL services refuse with a JSON body
 * and a 4xx). A service on the host that serves this app is asked the way the app was loaded (a
 * loopback node over http: LUD-16 makes every address https). CoreError lnurl_unreachable.
 */
async function fetchText(url: string): Promise<string> {
  const target = new URL(url);
  if (target.host === location.host) target.protocol = location.protocol;
  try {
    const response = await fetch(target, { signal: AbortSignal.timeout(lnurlTimeoutMs), headers: { accept: 'application/json' } });
    return await response.text();
  } catch (error) {
    throw fail('lnurl_unreachable', `${target.host}: ${(error as Error).message}`);
  }
}

export interface WithdrawRequest {
  callback: string;
  k1: string;
  defaultDescription: string;
  minWithdrawable: number;
  maxWithdrawable: number;
}

export const lnurlApi = {
  /** The withdrawRequest answer of a service, checked; CoreError bad_lnurl / bad_json / service_error. */
  withdrawRequest(answer: string): WithdrawRequest {
    return guarded(() => wasm().parseWithdrawRequest(answer));
  },

  /** The URL that asks the service of `answer` (a withdrawRequest) to pay `invoice`. */
  withdrawCallback(answer: string, invoice: string): string {
    return guarded(() => wasm().lnurlWithdrawCallback(answer, invoice));
  },

  /** Throws CoreError service_error (with the service's reason) unless `answer` is {"status":"OK"}. */
  checkStatus(answer: string): void {
    guarded(() => wasm().checkLnurlStatus(answer));
  },

  /**
   * Fetches and reads the payRequest of `text`, a lightning address or an LNURL-pay link (lnurl1…,
   * lnurlp://, lightning:…). CoreError not_lnurl_pay for a target of another kind; the target's own
   * errors (bad_lnurl, unknown_payment_target, ...); lnurl_unreachable; service_error with the
   * service's reason; bad_lnurl / bad_json for an answer that is no payRequest.
   */
  async payOffer(text: string): Promise<PayOffer> {
    const target = guarded(() => wasm().parsePaymentTarget(text));
    const viaAddress = target.type === 'lightningAddress';
    if (!viaAddress && !(target.type === 'lnurl' && (target.tag === null || target.tag === 'payRequest')))
      throw fail('not_lnurl_pay', `a ${target.tag ?? target.type} target, not an LNURL-pay link or address`);
    const answer = await fetchText(target.url);
    const offer = guarded(() => wasm().parsePayRequest(answer, viaAddress));
    return {
      answer,
      address: viaAddress ? target.address : null,
      identifier: offer.identifier ?? offer.email ?? null,
      text: offer.text,
      host: offer.host,
      minSendable: offer.minSendable,
      maxSendable: offer.maxSendable,
      commentAllowed: offer.commentAllowed,
    };
  },

  /**
   * Asks the service of `answer` (a payRequest) for an invoice of `amountMsat`, with `comment`
   * ("" for none), and checks it: CoreError invoice_mismatch when its amount or description hash
   * is not what was asked; bad_argument for an amount outside the offer or a comment too long;
   * lnurl_unreachable, service_error, bad_lnurl, bad_invoice as the steps meet them.
   */
  async payInvoice(answer: string, amountMsat: number, comment: string): Promise<PayInvoice> {
    const callback = guarded(() => wasm().lnurlPayCallback(answer, amountMsat, comment));
    const reply = await fetchText(callback);
    const paid = guarded(() => wasm().verifyLnurlPayInvoice(answer, amountMsat, reply));
    return { pr: paid.pr, network: paid.invoice.network, amountMsat: paid.invoice.amountMsat,
             expiresAt: paid.invoice.expiresAt, successAction: paid.successAction };
  },

  /** The text of a LUD-10 aes success action, opened with the payment's preimage (hex). */
  openSuccessAction(action: SuccessAction, preimage: string): string {
    return guarded(() => wasm().decryptSuccessAction(JSON.stringify(action), preimage));
  },
};
