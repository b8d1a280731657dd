// Driving the PWA's onboarding and lock screens as a person would (playwright-core pages).

/** Waits until the app has loaded its core and shows its first screen. */
export const appReady = (page, timeout = 20_000) => page.waitForSelector('body[data-ready]', { timeout });

/** Creates a wallet: reads the words shown, types back the ones asked for, sets `passphrase`; returns the words. */
export async function createWallet(page, passphrase) {
  await page.click('#start-create');
  await page.waitForSelector('#words:not([hidden])');
  const words = await page.locator('#word-list li').allTextContents();
  await page.click('#words-written');
  await page.waitForSelector('#confirm:not([hidden])');
  for (const input of await page.locator('#confirm-fields input').all()) {
    const n = Number((await input.getAttribute('id')).split('-').pop());
    await input.fill(words[n - 1]);
  }
  await page.click('#confirm-submit');
  await setPassphrase(page, passphrase);
  return words;
}

/** Restores the wallet of `words` (a string or a list) under `passphrase`. */
export async function restoreWallet(page, words, passphrase) {
  await page.click('#start-restore');
  await page.fill('#mnemonic', Array.isArray(words) ? words.join(' ') : words);
  await page.click('#restore-submit');
  await setPassphrase(page, passphrase);
}

async function setPassphrase(page, passphrase) {
  await page.waitForSelector('#passphrase:not([hidden])');
  await page.fill('#new-passphrase', passphrase);
  await page.fill('#new-passphrase-again', passphrase);
  await page.click('#passphrase-submit');
  await page.waitForSelector('#wallet:not([hidden])', { timeout: 20_000 });
}

/** Unlocks the wallet from the lock screen. */
export async function unlock(page, passphrase) {
  await page.waitForSelector('#lock:not([hidden])', { timeout: 20_000 });
  await page.fill('#unlock-passphrase', passphrase);
  await page.click('#unlock-submit');
  await page.waitForSelector('#wallet:not([hidden])', { timeout: 20_000 });
}
