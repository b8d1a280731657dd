// A device without a wallet: create one (show the words, check some of them), restore one from
// its words, or import an encrypted backup file; then choose the passphrase that seals it.
import type { Core } from '../core/client.ts';
import type { Identity } from '../core/types.ts';
import { messages } from '../i18n/index.ts';
import { $, UserError, busy, field } from '../ui.ts';
import { showStep } from './screens.ts';

/** Shorter passphrases are refused: the sealed seed must resist guessing when the device is lost. */
export const minPassphraseLength = 8;
/** How many of the new words the person types back. */
const wordsChecked = 3;

/**
 * Resolves with the wallet once it is created, restored or imported (and unlocked); `restored`: it
 * existed before (its eCash may be waiting to be recovered from the mint).
 */
export function onboard(core: Core): Promise<{ identity: Identity; restored: boolean }> {
  return new Promise((resolve) => {
    const controller = new AbortController();
    const { signal } = controller;
    const done = (identity: Identity, restored: boolean) => {
      controller.abort();
      resolve({ identity, restored });
    };
    let phrase = '';   // the words to seal once the passphrase is chosen
    let restored = false;
    let checked: number[] = [];

    showStep('welcome');
    for (const back of document.querySelectorAll<HTMLButtonElement>('[data-back]'))
      back.addEventListener('click', () => showStep('welcome'), { signal });

    $('start-create').addEventListener('click', async () => {
      phrase = await core.generateMnemonic(12);
      restored = false;
      showWords($('word-list'), phrase);
      showStep('words');
    }, { signal });
    $('words-written').addEventListener('click', () => {
      checked = pickPositions(phrase.split(' ').length, wordsChecked);
      askWords(checked);
      $('confirm-error').textContent = '';
      showStep('confirm');
      field(`confirm-word-${checked[0]}`).focus();
    }, { signal });
    $('confirm-back').addEventListener('click', () => showStep('words'), { signal });
    $('confirm-form').addEventListener('submit', (event) => {
      event.preventDefault();
      busy($<HTMLButtonElement>('confirm-submit'), $('confirm-error'), async () => {
        const words = phrase.split(' ');
        const wrong = checked.some((n) => field(`confirm-word-${n}`).value.trim().toLowerCase() !== words[n - 1]);
        if (wrong) throw new UserError(messages.onboarding.wrongWords);
        choosePassphrase();
      });
    }, { signal });

    $('start-restore').addEventListener('click', () => {
      $('restore-error').textContent = '';
      showStep('restore');
      field('mnemonic').focus();
    }, { signal });
    $('restore-form').addEventListener('submit', (event) => {
      event.preventDefault();
      busy($<HTMLButtonElement>('restore-submit'), $('restore-error'), async () => {
        phrase = await core.checkMnemonic(field('mnemonic').value);
        restored = true;
        choosePassphrase();
      });
    }, { signal });

    $('start-import').addEventListener('click', () => {
      $('import-error').textContent = '';
      showStep('import');
    }, { signal });
    $('import-form').addEventListener('submit', (event) => {
      event.preventDefault();
      busy($<HTMLButtonElement>('import-submit'), $('import-error'), async () => {
        const file = field('import-file').files?.[0];
        if (!file) throw new UserError(messages.onboarding.noFile);
        done(await core.importBackup(await file.text(), field('import-passphrase').value), true);
      });
    }, { signal });

    $('passphrase-form').addEventListener('submit', (event) => {
      event.preventDefault();
      busy($<HTMLButtonElement>('passphrase-submit'), $('passphrase-error'), async () => {
        const passphrase = field('new-passphrase').value;
        if (passphrase.length < minPassphraseLength) throw new UserError(messages.onboarding.passphraseShort(minPassphraseLength));
        if (passphrase !== field('new-passphrase-again').value) throw new UserError(messages.onboarding.passphraseMismatch);
        $('passphrase-progress').textContent = messages.creating;
        try {
          const identity = await core.createWallet(phrase, passphrase);
          field('mnemonic').value = field('new-passphrase').value = field('new-passphrase-again').value = '';
          phrase = '';
          done(identity, restored);
        } finally {
          $('passphrase-progress').textContent = '';
        }
      });
    }, { signal });

    function choosePassphrase() {
      $('passphrase-error').textContent = '';
      showStep('passphrase');
      field('new-passphrase').focus();
    }
  });
}

/** Shows the words as a numbered list (one item per word, for reading and writing them down). */
export function showWords(list: HTMLElement, phrase: string): void {
  list.replaceChildren(...phrase.split(' ').map((word) => Object.assign(document.createElement('li'), { textContent: word })));
}

/** `count` distinct word numbers (1-based) out of `total`, in increasing order, chosen at random. */
function pickPositions(total: number, count: number): number[] {
  const chosen = new Set<number>();
  const random = new Uint32Array(1);
  while (chosen.size < count) {
    crypto.getRandomValues(random);
    chosen.add(1 + (random[0] % total));
  }
  return [...chosen].sort((a, b) => a - b);
}

/** One labelled input per checked word. */
function askWords(positions: number[]) {
  $('confirm-fields').replaceChildren(...positions.flatMap((n) => {
    const label = Object.assign(document.createElement('label'), { htmlFor: `confirm-word-${n}`, textContent: messages.onboarding.wordNumber(n) });
    const input = Object.assign(document.createElement('input'), {
      id: `confirm-word-${n}`, autocomplete: 'off', spellcheck: false, autocapitalize: 'none',
    });
    return [label, input];
  }));
}
