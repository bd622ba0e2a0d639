/**
 * The subscription pages in a real browser (Debian's Chromium through playwright-core) against the
 * real local stack, at phone width with JavaScript OFF (the pages must work as plain HTML forms):
 * confirm from the emailed link, change preferences on the manage page, unsubscribe with the button.
 * A screenshot of each page lands in test/artifacts/ (gitignored). Needs Chromium at /usr/bin/chromium
 * (or CHROMIUM_PATH; .ci/run installs it): this test fails, never skips, without it.
 */
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS, expectSoundPage, launchChromium } from '../support/browser';
import { SubscribersTable } from '../../lambdas/shared/tables';
import { subscriberId } from '../../lambdas/subscriptions/address';
import { linkIn, sesEmails } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

const PHONE = { width: 390, height: 844 };
const EMAIL = 'phone.reader@example.com';

let browser: Browser;
let context: BrowserContext;
let stack: TestStack;
const problems: string[] = [];

beforeAll(async () => {
  [browser, stack] = await Promise.all([
    launchChromium(),
    startTestStack(undefined, { signUpLimits: { perClientPerHour: 100_000, confirmationEmailsPerHour: 100_000 } }),
  ]);
  context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, javaScriptEnabled: false });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  // A CSP violation or any console error (e.g. a blocked stylesheet) is a failure.
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.text()} (${m.location().url})`);
  });
  const res = await page.goto(url);
  expect(res?.status()).toBe(200);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `subscription-${name}.png`), fullPage: true });

const stored = async () =>
  (await stack.clients.dynamo().send(new GetCommand({ TableName: SubscribersTable.id, Key: { id: subscriberId(EMAIL) }, ConsistentRead: true }))).Item;

it('confirm → manage (change and save preferences) → unsubscribe, on a phone without JavaScript', async () => {
  const res = await fetch(`${stack.apiUrl}/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, keywords: ['medical billing'], geos: ['USA'] }),
  });
  expect(res.status).toBe(202);
  const [confirmation] = await sesEmails(stack.sesUrl, EMAIL);
  expect(confirmation).toBeDefined();

  // Confirm, from the link in the email.
  const confirm = await open(linkIn(confirmation!, '/subscriptions/confirm'));
  await expect(confirm.locator('h1').innerText()).resolves.toBe('You’re subscribed');
  await expect(confirm.getByRole('status').innerText()).resolves.toContain('Thanks for confirming');
  await expect(confirm.locator('main').innerText()).resolves.toContain('Free — weekly digest');
  await expectSoundPage(confirm);
  await shot(confirm, 'confirm');
  expect((await stored())?.status).toBe('confirmed');

  // Manage: follow the page's link, change preferences, save.
  await confirm.getByRole('link', { name: 'Choose what you get' }).click();
  const manage = confirm;
  await expect(manage.locator('h1').innerText()).resolves.toBe('Your job alerts');
  await expectSoundPage(manage);
  expect(await manage.getByLabel('Keywords').inputValue()).toBe('medical billing');
  await manage.getByLabel('Keywords').fill('medical billing, patient scheduling');
  await manage.getByLabel('Industries').fill('Healthcare');
  await manage.getByLabel('Full time').check();
  await manage.getByLabel('Medical Office Administrator').check();
  await shot(manage, 'manage');
  await manage.getByRole('button', { name: 'Save preferences' }).click();
  await manage.waitForURL(/saved=true/);
  await expect(manage.getByRole('status').innerText()).resolves.toContain('Saved');
  expect(await manage.getByLabel('Keywords').inputValue()).toBe('medical billing, patient scheduling');
  expect(await manage.getByLabel('Full time').isChecked()).toBe(true);
  expect(await manage.getByLabel('Medical Office Administrator').isChecked()).toBe(true);
  expect(await manage.getByLabel('Part time').isChecked()).toBe(false);
  await shot(manage, 'manage-saved');
  expect((await stored())?.preferences).toEqual({
    keywords: ['medical billing', 'patient scheduling'],
    industries: ['Healthcare'],
    geos: ['USA'],
    jobTypes: ['full-time'],
    guides: ['medical-office-administrator'],
    // Choices the form left alone stay at their defaults.
    levels: [],
    salaryMin: null,
    salaryCurrency: 'USD',
    remoteOnly: false,
    timeZone: null,
  });

  // Unsubscribe: the link in the welcome email opens a page; only the button unsubscribes.
  const welcome = (await sesEmails(stack.sesUrl, EMAIL)).find((m) => m.subject === 'Your careerwire job alerts are on');
  const ask = await open(linkIn(welcome!, '/unsubscribe'));
  await expect(ask.locator('h1').innerText()).resolves.toBe('Unsubscribe from job alerts?');
  await expectSoundPage(ask);
  await shot(ask, 'unsubscribe');
  expect((await stored())?.status).toBe('confirmed');
  await ask.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(ask.locator('h1').innerText()).resolves.toBe('You’re unsubscribed');
  await expectSoundPage(ask);
  await shot(ask, 'unsubscribed');
  const after = await stored();
  expect(after?.status).toBe('unsubscribed');
  expect(after?.alertShard).toBeUndefined();

  expect(problems).toEqual([]);
}, 60_000);

it('shows a broken link as a friendly 403 page, not JSON', async () => {
  const page = await context.newPage();
  const res = await page.goto(`${stack.apiUrl}/subscriptions/manage?token=manage.tampered`);
  expect(res?.status()).toBe(403);
  await expect(page.locator('h1').innerText()).resolves.toBe('This link doesn’t work');
  await expectSoundPage(page);
  await shot(page, 'invalid-link');
});
