// Before signing a withdrawal: does the PSBT the node built do what the user asked? The facts come
// from core.psbtSummary (which already refuses change outputs that are not ours); the node's own
// figures must match them too.

/** Relative slack on an asked fee rate: the node rounds the fee up on an estimated size. */
const feeRateSlack = { below: 0.95, above: 1.1, plus: 0.5 };

/**
 * `asked`: {address, all, amountSat?, feeRate?}; `built`: the node's answer (amount_sat, fee_sat,
 * change_sat); `summary`: core.psbtSummary. Returns what disagrees, as sentences (empty: sign).
 */
export function withdrawalProblems({ asked, built, summary }) {
  const problems = [];
  const paid = summary.outputs.filter((o) => !o.change);
  const to = paid.length === 1 ? paid[0] : undefined;
  if (!to) problems.push(`it pays ${paid.length} outside outputs instead of 1`);
  if (to && (to.address ?? '').toLowerCase() !== asked.address.toLowerCase())
    problems.push(`it pays ${to.address ?? `script ${to.scriptPubKey}`} instead of ${asked.address}`);
  if (to && !asked.all && to.amount !== asked.amountSat) problems.push(`it sends ${to.amount} sat instead of ${asked.amountSat} sat`);
  if (asked.all && summary.change !== 0) problems.push(`"all" was asked but ${summary.change} sat go back as change`);
  if (summary.inputTotal !== summary.ownInputTotal)
    problems.push(`${summary.inputTotal - summary.ownInputTotal} sat of its inputs are not this wallet's`);
  if (to && built.amount_sat !== to.amount) problems.push(`the node says ${built.amount_sat} sat but the PSBT sends ${to.amount} sat`);
  if (built.fee_sat !== summary.fee) problems.push(`the node says a fee of ${built.fee_sat} sat but the PSBT pays ${summary.fee} sat`);
  if (built.change_sat !== summary.change) problems.push(`the node says ${built.change_sat} sat change but the PSBT returns ${summary.change} sat`);
  if (asked.feeRate !== undefined) {
    const { below, above, plus } = feeRateSlack;
    if (summary.feeRate < asked.feeRate * below || summary.feeRate > asked.feeRate * above + plus)
      problems.push(`its fee rate is ${summary.feeRate.toFixed(2)} sat/vB instead of the ${asked.feeRate} sat/vB asked`);
  } else if (to && summary.fee > to.amount) {
    problems.push(`the fee the node chose (${summary.fee} sat) is more than the amount sent; ask for one with --fee-rate`);
  }
  return problems;
}
