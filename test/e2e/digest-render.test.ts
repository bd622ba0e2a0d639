/**
 * The digest email in a real browser: the fixture digests rendered by renderDigest, loaded in Chromium
 * at phone and desktop widths. Screenshots land in test/artifacts/ (gitignored; CI keeps them).
 * Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH): the test fails, never skips, without it.
 */
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { ARTIFACTS, launchChromium } from '../support/browser';
import type { Digest } from '../../lambdas/alerts/digest';
import { oneLine } from '../../lambdas/alerts/format';
import { renderDigest } from '../../lambdas/alerts/render';
import { DIGEST_FIXTURES, loadDigest } from '../fixtures/digests';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

/** The little of the DOM the in-page checks use (the project's TypeScript lib has no DOM). */
interface DomElement {
  parentElement: DomElement | null;
  getAttribute(name: string): string | null;
}
interface DomWindow {
  innerWidth: number;
  __pwned?: unknown;
  document: {
    scrollingElement: { scrollWidth: number } | null;
    documentElement: { lang: string };
    querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
  };
  getComputedStyle(element: DomElement): { color: string; backgroundColor: string };
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

interface Loaded {
  page: Page;
  requests: string[];
  dialogs: string[];
}

async function open(digest: Digest, viewport: (typeof VIEWPORTS)[number], screenshot: string): Promise<Loaded> {
  const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
  const requests: string[] = [];
  const dialogs: string[] = [];
  // The email must load nothing: no web fonts, no tracking pixels, no remote images.
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.setContent(renderDigest(digest).html, { waitUntil: 'load' });
  await page.screenshot({ path: path.join(ARTIFACTS, screenshot), fullPage: true });
  return { page, requests, dialogs };
}

/** WCAG contrast ratio of an element's text colour against the first opaque background behind it. */
async function contrast(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => {
    const w = globalThis as unknown as DomWindow;
    const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const c = [r, g, b].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    let node: DomElement | null = el as unknown as DomElement;
    let background = [255, 255, 255];
    while (node) {
      const value = rgb(w.getComputedStyle(node).backgroundColor);
      if (value.length === 3 || (value.length === 4 && value[3] === 1)) {
        background = value.slice(0, 3);
        break;
      }
      node = node.parentElement;
    }
    const [a, b] = [luminance(rgb(w.getComputedStyle(el as unknown as DomElement).color)), luminance(background)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

describe.each(DIGEST_FIXTURES.map((name) => [name]))('digest %s in Chromium', (name) => {
  const digest = loadDigest(name);
  const linked = new Set(digest.jobs.map((j) => j.guideSlug));
  const guides = digest.guides.filter((g) => linked.has(g.slug));

  describe.each(VIEWPORTS.map((v) => [v.name, v]))('at %s width', (viewportName, viewport) => {
    let loaded: Loaded;

    beforeAll(async () => {
      loaded = await open(digest, viewport, `digest-${name}-${viewportName}.png`);
    });

    afterAll(async () => {
      await loaded?.page.close();
    });

    it('fits the width with no horizontal scrolling', async () => {
      const { scrollWidth, innerWidth } = await loaded.page.evaluate(() => {
        const w = globalThis as unknown as DomWindow;
        return { scrollWidth: w.document.scrollingElement!.scrollWidth, innerWidth: w.innerWidth };
      });
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    });

    it('shows visible, readable unsubscribe and manage links', async () => {
      const { page } = loaded;
      for (const name of ['Unsubscribe', 'Manage preferences']) {
        const link = page.getByRole('link', { name, exact: true });
        await expect(link.isVisible()).resolves.toBe(true);
        const box = await link.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
        expect(box!.height).toBeGreaterThanOrEqual(14);
      }
      await expect(page.getByRole('link', { name: 'Unsubscribe', exact: true }).getAttribute('href')).resolves.toBe(
        new URL(digest.unsubscribeUrl).href,
      );
      expect(await contrast(page, 'a:text-is("Unsubscribe")')).toBeGreaterThanOrEqual(4.5);
    });

    it('shows every job title as a heading that links to the job', async () => {
      const { page } = loaded;
      const headings = await page.locator('h2 a').allTextContents();
      expect(headings).toEqual(digest.jobs.map((j) => oneLine(j.title)));
      for (const title of headings.slice(0, 3)) {
        await expect(page.getByRole('link', { name: title, exact: true }).first().isVisible()).resolves.toBe(true);
      }
    });

    it('shows each linked career guide with its salary-by-level table', async () => {
      const { page } = loaded;
      const tables = page.locator('table:has(> tbody > tr > th[scope="row"])');
      await expect(tables.count()).resolves.toBe(guides.filter((g) => g.salaryByLevel.length > 0).length);
      for (const guide of guides) {
        for (const level of guide.salaryByLevel) {
          await expect(page.getByRole('rowheader', { name: oneLine(level.level), exact: true }).first().isVisible()).resolves.toBe(true);
        }
      }
      if (guides.length > 0) expect(await contrast(page, 'th[scope="row"]')).toBeGreaterThanOrEqual(4.5);
    });

    it('runs nothing and loads nothing', async () => {
      const { page, requests, dialogs } = loaded;
      expect(requests).toEqual([]);
      expect(dialogs).toEqual([]);
      const found = await page.evaluate(() => {
        const w = globalThis as unknown as DomWindow;
        return {
          pwned: w.__pwned ?? null,
          lang: w.document.documentElement.lang,
          active: w.document.querySelectorAll('script, iframe, img, svg, object, embed, [onerror], [onload], [onclick], [onmouseover]').length,
          badLinks: [...w.document.querySelectorAll('a')]
            .map((a) => a.getAttribute('href') ?? '')
            .filter((h) => h !== '#' && !/^https?:\/\//.test(h)),
        };
      });
      expect(found).toEqual({ pwned: null, lang: 'en', active: 0, badLinks: [] });
    });
  });
});
