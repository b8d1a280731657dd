// Before signing a withdrawal: does the PSBT the node built do what the person asked? The facts
// come from core.psbtSummary (which already refuses change that is not ours); the node's own
// figures must agree with them. The same rules as flash-cli's tools/cli/withdrawal-check.mjs,
// worded through the message catalog.
import type { PsbtSummary } from './core/types.ts';
import { messages } from './i18n/index.ts';

/** What the person asked for. */
export interface Asked {
  address: string;
  all: boolean;
  amountSat?: number;
  feeRate?: number;
}

/** The node's figures for a built withdrawal. */
export interface Built {
  amount_sat: number;
  fee_sat: number;
  change_sat: number;
}

/** Slack on an asked fee rate: the node rounds the fee up on an estimated size. */
const feeRateSlack = { below: 0.95, above: 1.1, plus: 0.5 };

/**
 * `asked`: {address, all, amountSat?, feeRate?}; `built`: the node's answer (amount_sat, fee_sat,
 * change_sat); `summary`: core.psbtSummary. Returns what disagrees, as phrases (empty: sign).
 */
export function withdrawalProblems({ asked, built, summary }: { asked: Asked; built: Built; summary: PsbtSummary }): string[] {
  const say = messages.onchain.problems;
  const problems: string[] = [];
  const paid = summary.outputs.filter((o) => !o.change);
  const to = paid.length === 1 ? paid[0] : undefined;
  if (!to) problems.push(say.outputs(paid.length));
  if (to && (to.address ?? '').toLowerCase() !== asked.address.toLowerCase())
    problems.push(say.destination(to.address ?? to.scriptPubKey, asked.address));
  if (to && !asked.all && to.amount !== asked.amountSat) problems.push(say.amount(to.amount, asked.amountSat ?? 0));
  if (asked.all && summary.change !== 0) problems.push(say.change(summary.change));
  if (summary.inputTotal !== summary.ownInputTotal) problems.push(say.foreignInputs(summary.inputTotal - summary.ownInputTotal));
  if (to && built.amount_sat !== to.amount) problems.push(say.nodeAmount(built.amount_sat, to.amount));
  if (built.fee_sat !== summary.fee) problems.push(say.nodeFee(built.fee_sat, summary.fee));
  if (built.change_sat !== summary.change) problems.push(say.nodeChange(built.change_sat, summary.change));
  if (asked.feeRate !== undefined) {
    const { below, above, plus } = feeRateSlack;
    if (summary.feeRate < asked.feeRate * below || summary.feeRate > asked.feeRate * above + plus)
      problems.push(say.feeRate(summary.feeRate, asked.feeRate));
  } else if (to && summary.fee > to.amount) {
    problems.push(say.feeAboveAmount(summary.fee));
  }
  return problems;
}
