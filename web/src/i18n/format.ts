// Numbers, amounts and dates in the conventions of one language, through Intl.

export interface Format {
  /** The BCP 47 tag the formats follow. */
  locale: string;
  number: (n: number, maxFractionDigits?: number) => string;
  /** Whole satoshis: "1,234 sat" / "1 234 sat". */
  sat: (n: number) => string;
  /** Millisatoshis as satoshis, with decimals only when there are any. */
  msat: (msat: number) => string;
  /** A unix time as a medium date and short time. */
  time: (unix: number) => string;
  /** An amount of fiat money in `currency` (ISO 4217). */
  fiat: (amount: number, currency: string) => string;
}

export function format(locale: string): Format {
  const whole = new Intl.NumberFormat(locale);
  const number = (n: number, maxFractionDigits = 0) =>
    maxFractionDigits ? new Intl.NumberFormat(locale, { maximumFractionDigits: maxFractionDigits }).format(n) : whole.format(n);
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    number,
    sat: (n) => `${whole.format(n)} sat`,
    msat: (msat) => `${number(msat / 1000, 3)} sat`,
    time: (unix) => time.format(new Date(unix * 1000)),
    fiat: (amount, currency) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount),
  };
}
