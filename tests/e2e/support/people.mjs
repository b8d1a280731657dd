// Real Chromium for the e2e files, and the people in them: each person is a fresh browser context
// (a phone's viewport), the app loaded and ready, and a wallet just created.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { appReady, createWallet } from './onboarding.mjs';
import { testCamera } from './page.mjs';
import { webNfc } from './web-nfc.mjs';

/** The flags every run uses: headless, no sandbox (root), nothing fetched in the background. */
export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                              '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Debian's Chromium with chromiumFlags. */
export const launchChromium = () => chromium.launch({ executablePath: '/usr/lib/chromium/chromium', args: chromiumFlags });

/**
 * `name` at the app served at `url`, with a new wallet (passphrase "<name> passphrase"): { name, context, page }.
 * A page error fails the test. Options: viewport (default 360x740), camera (a test camera,
 * page.mjs), nfc (the Web NFC stand-in, web-nfc.mjs), clipboard (read and write), logErrors
 * (print the page's console errors, but for connections cut on purpose).
 */
export async function person(browser, url, name, { viewport = { width: 360, height: 740 }, camera = false, nfc = false,
                                                  clipboard = false, logErrors = false } = {}) {
  const context = await browser.newContext({ viewport });
  if (camera) await testCamera(context);
  if (nfc) await webNfc(context);
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  page.on('pageerror', (e) => assert.fail(`${name}: page error: ${e.message}`));
  if (logErrors) {
    page.on('console', (m) => {
      if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED/.test(m.text())) console.log(`${name}: ${m.text()}`);
    });
  }
  await page.goto(url);
  await appReady(page);
  await createWallet(page, `${name} passphrase`);
  return { name, context, page };
}

/** shoot(who, step) saves who's whole page as `dir`/<name>-<step>.png. */
export const shooter = (dir) => (who, step) =>
  who.page.screenshot({ path: join(dir, `${who.name}-${step}.png`), fullPage: true });
