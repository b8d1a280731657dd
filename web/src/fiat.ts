// Fiat values beside amounts in sats. The currency is the person's choice, kept on this device (by
// default the money of the browser's region, when the app offers it; else none). The rates come
// from the node (GET /api/v1/rates, which needs no signature) and are kept on this device too, so
// that values still show offline; a rate older than a few minutes is shown with its time, and no
// value is shown without a rate. Payments are always made in whole sats: an amount typed in fiat
// becomes sats rounded down.
import { NodeApi } from './api.ts';
import { messages } from './i18n/index.ts';
import { every } from './ui.ts';

export const currencies = ['EUR', 'USD', 'GBP', 'CHF', 'BRL'] as const;
export type Currency = (typeof currencies)[number];

interface Rate {
  /** Units of the currency for 1 BTC. */
  per_btc: number;
  /** Unix seconds: when the node learned it. */
  at: number;
}

interface RateTable {
  /** The node's source: "fake" (demo figures) or a real one. */
  source: string;
  rates: Partial<Record<Currency, Rate>>;
}

const currencyKey = 'flash.currency';
const ratesKey = 'flash.rates';
const refreshMs = 60_000;
/** A rate older than this is shown with its time. */
const staleAfterS = 10 * 60;
const satPerBtc = 100_000_000;

const euroRegions = ['AD', 'AT', 'BE', 'BG', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV',
                     'MC', 'ME', 'MT', 'NL', 'PT', 'SI', 'SK', 'SM', 'VA', 'XK'];
/** The regions whose money the app offers. */
const regionCurrency: Record<string, Currency> = {
  ...Object.fromEntries(euroRegions.map((region) => [region, 'EUR'])),
  US: 'USD', GB: 'GBP', CH: 'CHF', LI: 'CHF', BR: 'BRL',
};

const changes = new EventTarget();
const changed = () => changes.dispatchEvent(new Event('change'));

/** Calls `listener` whenever the currency or the rates change, until `signal` aborts. */
export function onFiatChange(listener: () => void, signal: AbortSignal): void {
  changes.addEventListener('change', listener, { signal });
}

/** The money of the region of the first browser language that names one ("fr-FR": EUR), when the app offers it. */
export function regionalCurrency(tags: readonly string[] = navigator.languages): Currency | null {
  for (const tag of tags) {
    let region: string | undefined;
    try {
      region = new Intl.Locale(tag).region;
    } catch {
      continue;
    }
    if (region) return regionCurrency[region] ?? null;
  }
  return null;
}

const isCurrency = (code: unknown): code is Currency => (currencies as readonly unknown[]).includes(code);

/** The currency chosen in the settings (null: none), else the region's. */
export function chosenCurrency(): Currency | null {
  const stored = localStorage.getItem(currencyKey);
  if (stored === 'none') return null;
  return isCurrency(stored) ? stored : regionalCurrency();
}

export function chooseCurrency(code: Currency | null): void {
  localStorage.setItem(currencyKey, code ?? 'none');
  changed();
}

/** The node's answer, keeping only well-formed rates of the offered currencies; null when it has none. */
function rateTable(answer: unknown): RateTable | null {
  const { source, rates } = (answer ?? {}) as { source?: unknown; rates?: Record<string, Partial<Rate>> };
  if (typeof source !== 'string' || typeof rates !== 'object' || rates === null) return null;
  const table: RateTable = { source, rates: {} };
  for (const code of currencies) {
    const rate = rates[code];
    if (rate && Number.isFinite(rate.per_btc) && rate.per_btc! > 0 && Number.isFinite(rate.at))
      table.rates[code] = { per_btc: rate.per_btc!, at: rate.at! };
  }
  return Object.keys(table.rates).length ? table : null;
}

function storedTable(): RateTable | null {
  try {
    return rateTable(JSON.parse(localStorage.getItem(ratesKey) ?? 'null'));
  } catch {
    return null;
  }
}

/** Where the rates come from ("fake" for the node's demo figures), null while none is known. */
export const rateSource = (): string | null => storedTable()?.source ?? null;

/** Asks the node for its rates now and every minute while the page is visible, until `signal` aborts. */
export function watchRates(signal: AbortSignal): void {
  every(refreshMs, signal, async () => {
    // The node may know none yet, or be unreachable: the rates kept here stay until it answers.
    const table = rateTable(await new NodeApi(null).get('/api/v1/rates').catch(() => null));
    if (!table || signal.aborted) return;
    localStorage.setItem(ratesKey, JSON.stringify(table));
    changed();
  });
}

/** The chosen currency with its rate; null when none is chosen or no rate is known. */
export function currentRate(): { currency: Currency; perBtc: number; at: number } | null {
  const currency = chosenCurrency();
  const rate = currency && storedTable()?.rates[currency];
  return currency && rate ? { currency, perBtc: rate.per_btc, at: rate.at } : null;
}

/** "≈ 12,34 €" for `sat` in the chosen currency and the app's language; '' without a rate. */
export function fiatValue(sat: number): string {
  const rate = currentRate();
  if (!rate || !Number.isFinite(sat)) return '';
  return messages.exchange.approx(messages.fiat((sat * rate.perBtc) / satPerBtc, rate.currency));
}

/** A <span class="fiat"> with fiatValue(sat), to put beside an amount. */
export function fiatElement(sat: number): HTMLSpanElement {
  return Object.assign(document.createElement('span'), { className: 'fiat', textContent: fiatValue(sat) });
}

/** "rate from <time>" when the rate in use is old; '' when it is recent or there is none. */
export function rateAge(): string {
  const rate = currentRate();
  return rate && Date.now() / 1000 - rate.at > staleAfterS ? messages.exchange.rateFrom(messages.time(rate.at)) : '';
}

/** Whole sats, rounded down, that `amount` of the chosen currency buys; null without a rate. */
export function satOfFiat(amount: number): number | null {
  const rate = currentRate();
  // The tiny addition keeps an exact result (10 € at 80,000 €/BTC = 12,500 sat) from flooring to one less.
  return rate ? Math.floor((amount * satPerBtc) / rate.perBtc + 1e-6) : null;
}
