// The lock: the wallet on this device is sealed until its passphrase is given, and locks itself
// again after a chosen time without any interaction.
import type { Core } from '../core/client.ts';
import type { Identity } from '../core/types.ts';
import { messages } from '../i18n/index.ts';
import { $, busy, field } from '../ui.ts';
import { showStep } from './screens.ts';

/** Resolves with the unlocked wallet, or null when the person removed it from this device. */
export function unlockScreen(core: Core): Promise<Identity | null> {
  return new Promise((resolve) => {
    const controller = new AbortController();
    const { signal } = controller;
    const done = (identity: Identity | null) => {
      controller.abort();
      field('unlock-passphrase').value = '';
      resolve(identity);
    };
    $('unlock-error').textContent = '';
    showStep('lock');
    field('unlock-passphrase').focus();
    $('unlock-form').addEventListener('submit', (event) => {
      event.preventDefault();
      busy($<HTMLButtonElement>('unlock-submit'), $('unlock-error'), async () => {
        $('unlock-submit').textContent = messages.unlocking;
        try {
          done(await core.unlock(field('unlock-passphrase').value));
        } finally {
          $('unlock-submit').textContent = messages.ui.unlock;
        }
      });
    }, { signal });
    $('forget').addEventListener('click', async () => {
      if (!confirm(messages.lock.forgetConfirm)) return;
      await core.forgetWallet();
      done(null);
    }, { signal });
  });
}

/** The inactivity delays offered in the settings, in minutes. */
export const autoLockChoices = [1, 5, 15, 60] as const;
const storageKey = 'flash.autoLockMinutes';

export function autoLockMinutes(): number {
  const stored = Number(localStorage.getItem(storageKey));
  return (autoLockChoices as readonly number[]).includes(stored) ? stored : 5;
}

export function setAutoLockMinutes(minutes: number): void {
  localStorage.setItem(storageKey, String(minutes));
}

/**
 * Calls `lock` once nothing happened on the page for autoLockMinutes() (read each time, so a change
 * in the settings applies at once). Stops with `signal`.
 */
export function watchIdle(signal: AbortSignal, lock: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(lock, autoLockMinutes() * 60_000);
  };
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart'])
    document.addEventListener(type, restart, { signal, passive: true });
  signal.addEventListener('abort', () => clearTimeout(timer));
  restart();
}
