/**
 * Debian's Chromium for the browser tests, through playwright-core, with the flags this machine needs
 * (no sandbox as root, no background networking: the network is closed). A missing browser fails the
 * test with how to install it; it never skips.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots land here (gitignored), to be looked at. */
export const ARTIFACTS = path.join(__dirname, '..', 'artifacts');

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it (apt-get install -y --no-install-recommends chromium) ` +
        'or set CHROMIUM_PATH; this test does not skip.',
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/**
 * What every page owes people, checked in the page as it rendered: `lang`, exactly one h1, a label for
 * every visible form control, no button without a name, no sideways scrolling at this width, and the
 * stylesheet allowed by the CSP and applied.
 */
export async function expectSoundPage(page: Page): Promise<void> {
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  expect(await page.locator('h1').count()).toBe(1);
  for (const control of await page.locator('input:not([type=hidden]), textarea, select').all()) {
    const id = await control.getAttribute('id');
    expect(id).not.toBeNull();
    expect(await page.locator(`label[for="${id}"]`).count()).toBe(1);
  }
  for (const button of await page.locator('button').all()) expect((await button.innerText()).trim()).not.toBe('');
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await page.evaluate('getComputedStyle(document.querySelector("main")).maxWidth')).not.toBe('none');
}
