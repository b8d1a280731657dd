// withdraw: the node builds the PSBT from the watched account; the CLI checks it against what was
// asked, signs it with the seed (core.signPsbt checks, signs and finalizes) and hands it back to
// be broadcast.
import { CliError } from '../errors.mjs';
import { parseFeeRate, parseSat, sat } from '../format.mjs';
import { withdrawalProblems } from '../withdrawal-check.mjs';

export const withdraw = {
  usage: 'withdraw <address> <sat|all> [--fee-rate SAT_PER_VB] [--yes]',
  summary: 'send coins of the on-chain account; shows what the transaction does and refuses one that differs from the request',
  options: { 'fee-rate': { type: 'string' }, yes: { type: 'boolean', short: 'y' } },
  positionals: [2, 2],
  async run(ctx, [address, amount], values) {
    const all = amount === 'all';
    const asked = { address, all, amountSat: all ? undefined : parseSat(amount, 'the amount') };
    const body = { address, ...(all ? { all: true } : { amount_sat: asked.amountSat }) };
    if (values['fee-rate'] !== undefined) body.fee_rate = asked.feeRate = parseFeeRate(values['fee-rate']);

    const [core, keys, network] = [await ctx.core(), await ctx.keys(), await ctx.network()];
    const api = await ctx.api();
    const built = await api.post('/api/v1/onchain/withdrawals', body);
    const summary = core.psbtSummary(built.psbt, keys.seed, network);
    const problems = withdrawalProblems({ asked, built, summary });
    // Not signing: give the coins back at once rather than after the node's 10 minutes.
    const release = () => api.delete(`/api/v1/onchain/withdrawals/${encodeURIComponent(built.id)}`).catch(() => {});
    if (problems.length) {
      await release();
      throw new CliError(`refusing to sign the node's transaction: ${problems.join('; ')}`, { exitCode: 1 });
    }

    const to = summary.outputs.find((o) => !o.change);
    const lines = [`to:     ${to.address}`, `amount: ${sat(to.amount)}`, `change: ${sat(summary.change)}`,
                   `fee:    ${sat(summary.fee)} (${summary.feeRate.toFixed(2)} sat/vB, ${summary.vsize} vB)`];
    if (!values.yes && ctx.prompter.interactive) {
      ctx.io.stderr.write(lines.join('\n') + '\n');
      if (!await ctx.prompter.confirm('Sign and broadcast?')) {
        await release();
        throw new CliError('not sent', { exitCode: 1 });
      }
    }

    const signed = core.signPsbt(built.psbt, keys.seed, network);
    const answer = await api.post(`/api/v1/onchain/withdrawals/${encodeURIComponent(built.id)}/signed`, { psbt: signed.psbt });
    if (answer.txid !== signed.txid)
      throw new CliError(`the node reports txid ${answer.txid} but the signed transaction is ${signed.txid}`, { exitCode: 1 });
    return {
      data: { id: built.id, txid: answer.txid, state: answer.state, address: to.address, amount_sat: to.amount,
              change_sat: summary.change, fee_sat: summary.fee, fee_rate: summary.feeRate, vsize: summary.vsize },
      lines: [...lines, `txid:   ${answer.txid} (${answer.state})`],
    };
  },
};
