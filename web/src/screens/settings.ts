// Settings and backup, inside the open wallet: language, auto-lock delay, the currency of the fiat
// values beside amounts, the encrypted backup file and the recovery words (shown again only after
// the passphrase).
import { chooseCurrency, chosenCurrency, currencies, onFiatChange, rateSource, type Currency } from '../fiat.ts';
import { languages, language, messages, setLanguage } from '../i18n/index.ts';
import type { Core } from '../core/client.ts';
import { $, busy, field } from '../ui.ts';
import { autoLockChoices, autoLockMinutes, setAutoLockMinutes } from './lock.ts';
import { showWords } from './onboarding.ts';

/** Wires the settings to the open wallet `core` until `signal` aborts. */
export function attachSettings(core: Core, signal: AbortSignal): void {
  const fillChoices = () => {
    $('language').replaceChildren(...Object.entries(languages).map(([code, { name }]) =>
      new Option(name, code, false, code === language)));
    $('auto-lock').replaceChildren(...autoLockChoices.map((n) =>
      new Option(messages.autoLockMinutes(n), String(n), false, n === autoLockMinutes())));
    const names = new Intl.DisplayNames(language, { type: 'currency' });
    $('currency').replaceChildren(new Option(messages.exchange.none, 'none', false, !chosenCurrency()),
      ...currencies.map((code) => new Option(`${names.of(code)} (${code})`, code, false, code === chosenCurrency())));
  };
  fillChoices();
  // Demo rates must never pass for real ones.
  const showSource = () => { $('currency-note').textContent = rateSource() === 'fake' ? messages.exchange.fake : ''; };
  showSource();
  onFiatChange(showSource, signal);
  for (const id of ['settings-result', 'settings-error']) $(id).textContent = '';
  $('reveal-words').hidden = true;

  field('language').addEventListener('change', async () => {
    await setLanguage(field('language').value, { remember: true });
    fillChoices();
    showSource();
  }, { signal });
  field('auto-lock').addEventListener('change', () => setAutoLockMinutes(Number(field('auto-lock').value)), { signal });
  field('currency').addEventListener('change', () => {
    const code = field('currency').value;
    chooseCurrency(code === 'none' ? null : code as Currency);
  }, { signal });

  $('export-backup').addEventListener('click', () => busy($<HTMLButtonElement>('export-backup'), $('settings-error'), async () => {
    const text = await core.exportBackup();
    const link = Object.assign(document.createElement('a'), {
      href: URL.createObjectURL(new Blob([text], { type: 'application/json' })),
      download: `flash-backup-${new Date().toISOString().slice(0, 10)}.json`,
    });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    $('settings-result').textContent = messages.backupDone;
  }), { signal });

  $('reveal-form').addEventListener('submit', (event) => {
    event.preventDefault();
    busy($<HTMLButtonElement>('show-words'), $('settings-error'), async () => {
      const phrase = await core.revealMnemonic(field('reveal-passphrase').value);
      field('reveal-passphrase').value = '';
      showWords($('reveal-words'), phrase);
      $('reveal-words').hidden = false;
    });
  }, { signal });
  signal.addEventListener('abort', () => {
    $('reveal-words').replaceChildren();
    $('reveal-words').hidden = true;
  });
}
