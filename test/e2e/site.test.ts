/**
 * The public site in a real browser (Debian's Chromium through playwright-core) against the real
 * local stack, with JavaScript OFF for the journey: home → search → guide page → sign-up (a bad
 * address first) → the confirmation email → confirm → the manage page shows the guide selected.
 *
 * Every page is also checked at 390 and 1024 px: axe-core (WCAG 2.1 A and AA) finds nothing, nothing
 * scrolls sideways, no request leaves the stack's origin and the console stays clean (a CSP
 * violation is a console error). axe is JavaScript, so it runs in a second context with JS on (and
 * the CSP bypassed, to inject it); the pages themselves are always also loaded with JS off.
 * Screenshots of the home and guide pages land in test/artifacts/ (gitignored). Needs Chromium at
 * /usr/bin/chromium (or CHROMIUM_PATH): this test fails, never skips, without it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS, expectSoundPage, launchChromium } from '../support/browser';
import { linkIn, sesEmails } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1024, height: 768 } } as const;
type Width = keyof typeof WIDTHS;
const EMAIL = 'site.reader@example.com';
const GUIDE = 'medical-office-administrator';

let browser: Browser;
let stack: TestStack;
/** JavaScript off: what people without it (and crawlers) get. */
const plain = {} as Record<Width, BrowserContext>;
/** JavaScript on and the CSP bypassed, only to run axe. */
const withAxe = {} as Record<Width, BrowserContext>;
const problems: string[] = [];
const foreign: string[] = [];

beforeAll(async () => {
  [browser, stack] = await Promise.all([
    launchChromium(),
    startTestStack(undefined, { signUpLimits: { perClientPerHour: 100_000, confirmationEmailsPerHour: 100_000 } }),
  ]);
  for (const width of Object.keys(WIDTHS) as Width[]) {
    const mobile = width === 'phone' ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {};
    plain[width] = await browser.newContext({ viewport: WIDTHS[width], ...mobile, javaScriptEnabled: false });
    withAxe[width] = await browser.newContext({ viewport: WIDTHS[width], ...mobile, bypassCSP: true });
  }
}, 60_000);

afterAll(async () => {
  for (const c of [...Object.values(plain), ...Object.values(withAxe)]) await c.close();
  await browser?.close();
  await stack?.stop();
});

/** A page with JS off that records console errors and any request that leaves the stack. */
async function newPage(width: Width): Promise<Page> {
  const page = await plain[width].newPage();
  const origin = new URL(stack.apiUrl).origin;
  page.on('console', (m) => {
    // A 4xx page is expected where the test asks for one (and checks its status); anything else is a problem.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) foreign.push(url);
  });
  return page;
}

/** axe-core over the page as it is at this URL (GET), at one width. */
async function axeViolations(url: string, width: Width): Promise<string[]> {
  const page = await withAxe[width].newPage();
  try {
    await page.goto(url);
    await page.addScriptTag({ content: AXE_SOURCE });
    const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as {
      violations: { id: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((v) => `${width} ${url}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  } finally {
    await page.close();
  }
}

/** Both widths: sound layout with JS off, zero axe violations, a screenshot when named. */
async function checkEverywhere(url: string, status: number, shot?: string): Promise<void> {
  const violations: string[] = [];
  for (const width of Object.keys(WIDTHS) as Width[]) {
    const page = await newPage(width);
    const res = await page.goto(url);
    expect(res?.status()).toBe(status);
    await expectSoundPage(page);
    if (shot !== undefined) await page.screenshot({ path: path.join(ARTIFACTS, `site-${shot}-${width}.png`), fullPage: true });
    await page.close();
    violations.push(...(await axeViolations(url, width)));
  }
  expect(violations).toEqual([]);
}

it('home → search → guide page → sign-up (a bad address first) → confirm → manage shows the guide, without JavaScript', async () => {
  const page = await newPage('phone');
  const home = await page.goto(`${stack.apiUrl}/`);
  expect(home?.status()).toBe(200);
  await expect(page.locator('h1').innerText()).resolves.toContain('Find your next role');
  await expect(page.locator('main').innerText()).resolves.toMatch(/Free[\s\S]*Plus/);

  // Search from the home page: a plain GET form to the guide index.
  await page.getByLabel('Search the career guides').fill('medical');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/\/guides\?q=medical/);
  await expect(page.locator('h1').innerText()).resolves.toBe('Career guides');
  await expect(page.getByRole('status').innerText()).resolves.toBe('1 guide found');

  // The guide page, at the URL digests link to.
  await page.getByRole('link', { name: 'Medical Office Administrator' }).click();
  await page.waitForURL(`${stack.apiUrl}/guides/${GUIDE}`);
  await expect(page.locator('h1').innerText()).resolves.toBe('Medical Office Administrator');
  const headings = await page.locator('main section h2').allInnerTexts();
  expect(headings).toEqual(
    expect.arrayContaining(['Salary', 'Market demand', 'Responsibilities', 'Career path', 'A day in the life', 'Work-life balance', 'Skill map', 'Pros and cons', 'Common mistakes', 'Advice', 'Case studies', 'Portfolio tips', 'Outlook', 'Frequently asked questions', 'Current Medical Office Administrator jobs']),
  );
  await expect(page.locator('svg.chart[role=img] rect.bar').count()).resolves.toBe(3);
  const jobs = await page.locator('ul.jobs li').count();
  const api = (await (await fetch(`${stack.apiUrl}/guides/${GUIDE}/jobs?limit=10`)).json()) as { items: { title: string }[] };
  expect(api.items.length).toBeGreaterThan(0);
  expect(jobs).toBe(api.items.length);
  await expect(page.locator('ul.jobs li a').first().innerText()).resolves.toBe(api.items[0]?.title);
  const ld = (await page.locator('script[type="application/ld+json"]').allTextContents()).map((t) => JSON.parse(t) as { '@type': string });
  expect(ld.map((d) => d['@type'])).toEqual(['Occupation', 'FAQPage']);

  // Sign up from the guide page: first a bad address, shown beside its field with the input kept.
  await expect(page.getByLabel('Only jobs in this role: Medical Office Administrator').isChecked()).resolves.toBe(true);
  // The more choices sit closed in a <details>, which opens without JavaScript.
  await expect(page.locator('#signup-timeZone').isVisible()).resolves.toBe(false);
  await page.getByText('More choices: level, salary, remote, time zone').click();
  await page.locator('#signup-level-senior').check();
  await page.getByLabel(/^Lowest yearly salary/).fill('70,000');
  await page.getByLabel('Only jobs open to remote work').check();
  await page.getByLabel(/^Your time zone/).selectOption('Europe/Berlin');
  await page.getByLabel('Email address').fill('site.reader@example');
  await page.getByRole('button', { name: 'Get job alerts' }).click();
  await page.waitForURL(`${stack.apiUrl}/subscribe`);
  await expect(page.locator('#signup-email-error').innerText()).resolves.toContain('The email address must have a domain with a dot');
  expect(await page.getByLabel('Email address').inputValue()).toBe('site.reader@example');
  expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel(/^Role/).inputValue()).toBe(GUIDE);
  // The more choices are kept, and shown (the details open).
  expect(await page.locator('#signup-level-senior').isChecked()).toBe(true);
  expect(await page.getByLabel(/^Lowest yearly salary/).inputValue()).toBe('70,000');
  expect(await page.getByLabel('Only jobs open to remote work').isChecked()).toBe(true);
  expect(await page.getByLabel(/^Your time zone/).inputValue()).toBe('Europe/Berlin');
  await expectSoundPage(page);
  await page.screenshot({ path: path.join(ARTIFACTS, 'site-signup-error-phone.png'), fullPage: true });
  expect(await sesEmails(stack.sesUrl, EMAIL)).toEqual([]);

  await page.getByLabel('Email address').fill(EMAIL);
  await page.getByRole('button', { name: 'Get job alerts' }).click();
  await expect(page.locator('h1').innerText()).resolves.toBe('Check your inbox');
  await expectSoundPage(page);
  await page.screenshot({ path: path.join(ARTIFACTS, 'site-check-inbox-phone.png'), fullPage: true });

  // The confirmation email → confirm → the manage page has the guide ticked.
  const [confirmation] = await sesEmails(stack.sesUrl, EMAIL);
  expect(confirmation).toBeDefined();
  await page.goto(linkIn(confirmation!, '/subscriptions/confirm'));
  await expect(page.locator('h1').innerText()).resolves.toBe('You’re subscribed');
  await page.getByRole('link', { name: 'Choose what you get' }).click();
  await expect(page.locator('h1').innerText()).resolves.toBe('Your job alerts');
  expect(await page.getByLabel('Medical Office Administrator').isChecked()).toBe(true);
  expect(await page.locator('#levels-Senior').isChecked()).toBe(true);
  expect(await page.locator('#salaryMin').inputValue()).toBe('70000');
  expect(await page.locator('#salaryCurrency').inputValue()).toBe('USD');
  expect(await page.locator('#remoteOnly').isChecked()).toBe(true);
  expect(await page.locator('#timeZone').inputValue()).toBe('Europe/Berlin');

  // The welcome email points to the guides.
  const welcome = (await sesEmails(stack.sesUrl, EMAIL)).find((m) => m.subject === 'Your careerwire job alerts are on');
  expect(welcome?.body.html).toContain(`href="${stack.apiUrl}/guides"`);
  expect(welcome?.body.text).toContain(`${stack.apiUrl}/guides`);

  expect(problems).toEqual([]);
  expect(foreign).toEqual([]);
}, 120_000);

it('every page passes axe at 390 and 1024 px with no sideways scrolling, no outside requests and a clean console', async () => {
  await checkEverywhere(`${stack.apiUrl}/`, 200, 'home');
  await checkEverywhere(`${stack.apiUrl}/guides/${GUIDE}`, 200, 'guide');
  await checkEverywhere(`${stack.apiUrl}/guides`, 200, 'guides');
  await checkEverywhere(`${stack.apiUrl}/guides?q=zzzz`, 200);
  await checkEverywhere(`${stack.apiUrl}/subscribe`, 200);
  await checkEverywhere(`${stack.apiUrl}/guides/no-such-guide`, 404);

  // The pages a POST answers: the error page and the check-your-inbox page, rendered by the browser itself.
  for (const [width, body] of [
    ['phone', 'email=nope&guides=' + GUIDE],
    ['desktop', 'email=axe.reader%40example.com'],
    ['phone', 'email=zone%40example.com&levels=Wizard&salaryMin=lots&salaryCurrency=XYZ&timeZone=Mars%2FOlympus&remoteOnly=yes'],
  ] as const) {
    const page = await withAxe[width].newPage();
    const res = await page.request.post(`${stack.apiUrl}/subscribe`, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, data: body });
    await page.setContent(await res.text());
    await page.addScriptTag({ content: AXE_SOURCE });
    const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as { violations: { id: string }[] };
    expect(result.violations.map((v) => v.id)).toEqual([]);
    await page.close();
  }
  expect(problems).toEqual([]);
  expect(foreign).toEqual([]);
}, 180_000);
