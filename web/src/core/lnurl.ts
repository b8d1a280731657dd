// LNURL answers read by the core (LUD-03 withdraw, used by the point of sale when a card is
// tapped): the page fetches, the core checks what came back and builds the next URL.
import { guarded, wasm } from './runtime.ts';

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
};
