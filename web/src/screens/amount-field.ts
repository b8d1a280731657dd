// An amount input in sats that shows its fiat value as it is typed ("≈ 12,34 €") and, when a rate
// is known, a button to type the amount in the chosen currency instead, showing the sats it makes
// ("= 12 500 sat"). What is read is always whole sats: a fiat amount is rounded down.
import { chosenCurrency, currentRate, fiatValue, onFiatChange, rateAge, satOfFiat } from '../fiat.ts';
import { applyTexts, messages } from '../i18n/index.ts';
import { UserError, field, readSat } from '../ui.ts';

export interface AmountField {
  /** The amount in whole sats, greater than zero. Throws UserError (and focuses the input). */
  read(): number;
  /** Empties the input, once its amount was used. */
  clear(): void;
  /** Shows `sat` in sats (an amount fixed by the payee, nothing to type). */
  setSat(sat: number): void;
}

/** A fiat amount as people type it: "10", "10.5", "10,50" (currencies here have two decimals). */
function readFiat(text: string): number | null {
  const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/\s/g, ''));
  return match ? Number(`${match[1]}.${match[2] ?? '0'}`) : null;
}

/** Adds the fiat line under the input `id` (until `signal` aborts, when the page is as it was). */
export function amountField(id: string, signal: AbortSignal): AmountField {
  const input = field(id);
  const label = document.querySelector<HTMLLabelElement>(`label[for="${id}"]`)!;
  const labelKey = label.dataset.text;
  const line = Object.assign(document.createElement('div'), { className: 'amount-fiat' });
  const note = Object.assign(document.createElement('span'), { className: 'note', id: `${id}-fiat` });
  note.setAttribute('aria-live', 'polite');
  const toggle = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', id: `${id}-unit` });
  line.append(note, toggle);
  input.after(line);
  let inFiat = false;

  const setMode = (fiat: boolean) => {
    inFiat = fiat;
    input.inputMode = fiat ? 'decimal' : 'numeric';
    if (fiat) {
      delete label.dataset.text;  // the language switch must not put "(sat)" back
      label.textContent = messages.exchange.amountIn(chosenCurrency()!);
    } else if (labelKey) {
      label.dataset.text = labelKey;
      applyTexts(label.parentElement!);
    }
  };
  const render = () => {
    const rate = currentRate();
    if (!rate && inFiat) setMode(false);
    toggle.hidden = !rate;
    if (rate) toggle.textContent = inFiat ? messages.exchange.enterSat : messages.exchange.enterIn(rate.currency);
    let value = '';
    if (inFiat) {
      const amount = readFiat(input.value);
      const sat = amount === null ? null : satOfFiat(amount);
      value = sat !== null ? messages.exchange.inSat(messages.sat(sat)) : '';
    } else {
      const digits = input.value.replace(/[\s,_]/g, '');  // as readSat() takes them
      if (/^\d+$/.test(digits)) value = fiatValue(Number(digits));
    }
    const age = value && rateAge();
    note.textContent = age ? `${value} (${age})` : value;
  };

  toggle.addEventListener('click', () => {
    setMode(!inFiat);
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));  // the form sees the amount change
    input.focus();
  }, { signal });
  input.addEventListener('input', render, { signal });
  onFiatChange(() => {
    if (inFiat && currentRate()) setMode(true);  // the label names the newly chosen currency
    render();
  }, signal);
  signal.addEventListener('abort', () => {
    setMode(false);
    line.remove();
  });
  render();

  return {
    read() {
      if (!inFiat) return readSat(input);
      const amount = readFiat(input.value);
      const sat = amount === null ? null : satOfFiat(amount);
      if (sat === null || sat <= 0) {
        input.focus();
        if (!currentRate()) throw new UserError(messages.exchange.noRate);
        throw new UserError(amount === null || amount === 0 ? messages.exchange.badAmount(chosenCurrency()!) : messages.exchange.belowOneSat);
      }
      return sat;
    },
    clear() {
      input.value = '';
      render();
    },
    setSat(sat) {
      setMode(false);
      input.value = String(sat);
      render();
    },
  };
}
