// Human-readable amounts, times and argument values.
import { CliError } from './errors.mjs';

/** "1234 sat" */
export const sat = (n) => `${n} sat`;

/** msat as sats: "21 sat", or "21.5 sat" when not a whole number. */
export const msatAsSat = (msat) => (msat % 1000 === 0 ? sat(msat / 1000) : `${(msat / 1000).toFixed(3).replace(/0+$/, '')} sat`);

/** Unix seconds as "2024-05-01 12:00:00Z". */
export const when = (unix) => (Number.isFinite(unix) ? new Date(unix * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');

/** A positive whole number of satoshis from an argument, else CliError naming `what`. */
export function parseSat(text, what) {
  if (!/^\d+$/.test(String(text)) || !Number.isSafeInteger(Number(text)) || Number(text) <= 0)
    throw new CliError(`${what} must be a positive whole number of satoshis, not "${text}"`);
  return Number(text);
}

/** A positive integer option (blocks, depth, seconds). */
export function parseCount(text, what) {
  if (!/^\d+$/.test(String(text)) || Number(text) <= 0 || !Number.isSafeInteger(Number(text)))
    throw new CliError(`${what} must be a positive whole number, not "${text}"`);
  return Number(text);
}

/** A positive fee rate in sat/vB (fractions allowed). */
export function parseFeeRate(text) {
  const rate = Number(text);
  if (!/^\d+(\.\d+)?$/.test(String(text)) || !(rate > 0)) throw new CliError(`--fee-rate must be a positive number of sat/vB, not "${text}"`);
  return rate;
}
