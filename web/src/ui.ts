// Small helpers every screen uses: buttons that show work in progress, errors as sentences,
// polling that pauses while the page is hidden, copying, and reading amounts typed by a person.
import { ApiError } from './api.ts';
import { messages } from './i18n/index.ts';

/** The element with `id`; the page's markup has every id the screens use. */
export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
/** An input, select or textarea by `id`. */
export const field = (id: string) => $<HTMLInputElement>(id);

/** A mistake the person can fix, already worded for them. */
export class UserError extends Error {}

/** The sentence shown for `error`: never a stack trace or an internal code. */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof ApiError) {
    if (error.code === 'bad_response') return messages.badResponse;
    return (messages.apiErrors as Record<string, string>)[error.code] ??
      (/^http_/.test(error.code) ? messages.unexpected : sentence(error.message));
  }
  // The core's worker rejects with {name: 'CoreError', code: its Errc name, message}.
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code in messages.coreErrors) return (messages.coreErrors as Record<string, string>)[code];
  console.error(error);
  return messages.unexpected;
}

/** "bad_thing: the balance does not cover it" -> "The balance does not cover it." (the code is not for people) */
const sentence = (text: string) => {
  const trimmed = String(text ?? '').trim().replace(/^[a-z0-9]+(_[a-z0-9]+)*: /, '');
  if (!trimmed) return messages.unexpected;
  return trimmed[0].toUpperCase() + trimmed.slice(1) + (/[.!?]$/.test(trimmed) ? '' : '.');
};

/**
 * Runs `task` with `button` disabled and spinning, so it cannot be sent twice; a failure is shown
 * in `errorElement` (cleared first). Resolves to the task's result, or undefined when it failed.
 */
export async function busy<T>(button: HTMLButtonElement, errorElement: HTMLElement, task: () => Promise<T>): Promise<T | undefined> {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.classList.add('busy');
  button.setAttribute('aria-busy', 'true');
  errorElement.textContent = '';
  try {
    return await task();
  } catch (error) {
    errorElement.textContent = describeError(error);
    return undefined;
  } finally {
    button.disabled = false;
    button.classList.remove('busy');
    button.removeAttribute('aria-busy');
  }
}

/**
 * Calls `task` now and then every `ms` while the page is visible, until `signal` aborts or the
 * task returns true. A hidden tab makes no requests; it catches up as soon as it is shown again.
 */
export function every(ms: number, signal: AbortSignal, task: () => Promise<boolean | void>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined, running = false, again = false, done = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;  // asked during a round: what it read may be older than the change
      return;
    }
    clearTimeout(timer);
    if (done || signal.aborted || document.visibilityState !== 'visible') return;
    running = true;
    try {
      done = (await task()) === true;
    } catch (error) {
      console.warn(error);  // the task shows its own errors; a poll must never stop the page
    } finally {
      running = false;
    }
    if (done || signal.aborted) return;
    if (again) {
      again = false;
      run();
    } else {
      timer = setTimeout(run, ms);
    }
  };
  document.addEventListener('visibilitychange', run, { signal });
  signal.addEventListener('abort', () => clearTimeout(timer));
  run();
  return run;  // call it to refresh at once (after an action)
}

/** Makes `button` copy `text()` to the clipboard and say so. */
export function copyButton(button: HTMLButtonElement, text: () => string, signal: AbortSignal): void {
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text());
      button.textContent = messages.copied;
    } catch {
      button.textContent = messages.copyFailed;
    }
    setTimeout(() => { button.textContent = messages.copy; }, 2000);
  }, { signal });
}

/** A whole, positive number of satoshis from an input field. */
export function readSat(input: HTMLInputElement): number {
  const text = input.value.trim().replace(/[\s,_]/g, '');
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) {
    input.focus();
    throw new UserError(messages.badAmount);
  }
  return n;
}

/** An optional positive fee rate (sat/vB) from an input field: undefined when left empty. */
export function readFeeRate(input: HTMLInputElement): number | undefined {
  const text = input.value.trim();
  if (!text) return undefined;
  const rate = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(rate > 0)) {
    input.focus();
    throw new UserError(messages.badFeeRate);
  }
  return rate;
}

/** Replaces the rows of a <dl> with [term, value] pairs. */
export function fillTerms(dl: HTMLElement, rows: [string, string][]): void {
  dl.replaceChildren(...rows.flatMap(([term, value]) => {
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = value;
    return [dt, dd];
  }));
}
