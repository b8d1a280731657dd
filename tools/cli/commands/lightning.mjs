// invoice, pay: the Lightning account at the node.
import { CliError } from '../errors.mjs';
import { msatAsSat, parseCount, parseSat, when } from '../format.mjs';
import { pollUntil } from '../poll.mjs';

const invoicePath = (hash) => `/api/v1/lightning/invoices/${encodeURIComponent(hash)}`;
const paymentPath = (hash) => `/api/v1/lightning/payments/${encodeURIComponent(hash)}`;
const paymentTimeoutMs = 120_000;

export const invoice = {
  usage: 'invoice <sat> [description] [--wait] [--timeout S]',
  summary: 'a BOLT11 invoice to be paid to this account; --wait waits until it is settled (default 120 s)',
  options: { wait: { type: 'boolean' }, timeout: { type: 'string' } },
  positionals: [1, 2],
  async run(ctx, [amount, description], values) {
    const body = { amount_sat: parseSat(amount, 'the amount') };
    if (description !== undefined) body.description = description;
    const timeoutMs = 1000 * (values.timeout === undefined ? 120 : parseCount(values.timeout, '--timeout'));
    const api = await ctx.api();
    let inv = await api.post('/api/v1/lightning/invoices', body);
    const lines = [inv.bolt11, `payment hash: ${inv.payment_hash}`, `amount: ${msatAsSat(inv.amount_msat)}`,
                   `expires: ${when(inv.expires_at)}`];
    if (values.wait) {
      // Said at once: the one who pays needs the invoice while we wait.
      if (!ctx.json) ctx.io.stderr.write(`${inv.bolt11}\nwaiting for payment...\n`);
      const { value, timedOut } = await pollUntil(() => api.get(invoicePath(inv.payment_hash)), (i) => i.state !== 'open', { timeoutMs });
      inv = value;
      if (timedOut) throw new CliError(`invoice ${inv.payment_hash} is still unpaid after ${timeoutMs / 1000} s`, { exitCode: 1 });
      if (inv.state !== 'settled') throw new CliError(`invoice ${inv.payment_hash} ended ${inv.state}`, { exitCode: 1 });
      return { data: inv, lines: [`settled: ${msatAsSat(inv.amount_msat)} received (payment hash ${inv.payment_hash})`] };
    }
    return { data: inv, lines };
  },
};

export const pay = {
  usage: 'pay <bolt11> [--max-fee SAT]',
  summary: 'pay an invoice from the Lightning balance and wait for the outcome',
  options: { 'max-fee': { type: 'string' } },
  positionals: [1, 1],
  async run(ctx, [bolt11], values) {
    const body = { bolt11: bolt11.trim() };
    if (values['max-fee'] !== undefined) body.max_fee_sat = parseMaxFee(values['max-fee']);
    const api = await ctx.api();
    let payment = await api.post('/api/v1/lightning/payments', body);
    if (payment.state === 'pending') {
      const { value, timedOut } = await pollUntil(() => api.get(paymentPath(payment.payment_hash)),
                                                  (p) => p.state !== 'pending', { timeoutMs: paymentTimeoutMs });
      payment = value;
      if (timedOut) throw new CliError(`payment ${payment.payment_hash} is still pending; see "flash-cli history"`, { exitCode: 1 });
    }
    if (payment.state !== 'succeeded')
      throw new CliError(`payment failed: ${payment.failure_reason ?? payment.state} (payment hash ${payment.payment_hash})`, { exitCode: 1 });
    return {
      data: payment,
      lines: [`paid ${msatAsSat(payment.amount_msat)}, fee ${msatAsSat(payment.fee_msat ?? 0)}`,
              `payment hash: ${payment.payment_hash}`, ...(payment.preimage ? [`preimage: ${payment.preimage}`] : [])],
    };
  },
};

function parseMaxFee(text) {
  if (text === '0') return 0;
  return parseSat(text, '--max-fee');
}
