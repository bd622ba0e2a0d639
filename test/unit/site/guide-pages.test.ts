import { join } from 'node:path';
import { readGuideFile } from '../../../lambdas/guides/file';
import type { Guide } from '../../../lambdas/guides/guide';
import { renderGuidePage, salaryChart } from '../../../lambdas/guides/pages';
import { createApi } from '../../../lambdas/app/routes';
import type { Job } from '../../../lambdas/jobs/job';
import { SITE_LIMITS } from '../../../lambdas/shared/limits';
import { SITE_CSP } from '../../../lambdas/site/layout';
import { cachedGuideJobs } from '../../../lambdas/site/routes';
import { httpEvent, json, recordingLogger } from '../../support/events';
import { sampleGuide } from '../../support/guides';
import { MemoryGuideStore } from '../../support/memory/guides';
import { MemoryJobStore } from '../../support/memory/jobs';

const SEED = join(__dirname, '..', '..', '..', 'content', 'guides', 'medical-office-administrator.md');
const SITE = { baseUrl: 'https://careerwire.example' };
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const NOW = new Date('2026-11-27T12:00:00Z');

let seed: Guide;
beforeAll(async () => {
  seed = await readGuideFile(SEED);
});

function job(n: number, overrides: Partial<Job> = {}): Job {
  return {
    id: `board:${n}`,
    source: 'board',
    sourceId: String(n),
    title: `Medical Office Manager ${n}`,
    company: 'Northwind Clinic',
    companyLogo: null,
    industries: ['Healthcare'],
    types: ['full-time'],
    geo: 'USA',
    remote: false,
    level: null,
    salary: { min: 45_000, max: 55_000, currency: 'USD', period: 'year', sourcePeriod: 'year' },
    postedAt: new Date(NOW.getTime() - n * 3_600_000).toISOString(),
    excerpt: 'Run the front desk.',
    url: `https://jobs.example/apply/${n}`,
    tags: [],
    guideSlug: 'medical-office-administrator',
    contentHash: `h${n}`,
    ...overrides,
  };
}

/** Visible text of a page: tags, JSON-LD and the stylesheet out. */
const text = (page: string) =>
  page
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

const ldOf = (page: string) => [...page.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1] as string) as Record<string, unknown>);

describe('the guide page', () => {
  it('shows every section of the seed, its jobs and a form for the role, in well under 100 KB', () => {
    const page = renderGuidePage(seed, [job(1), job(2)], SITE);
    expect(Buffer.byteLength(page)).toBeLessThan(100 * 1024);
    const headings = [...page.matchAll(/<h2 id="[a-z-]+-heading">([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      'On this page',
      'Salary',
      'The role',
      'Market demand',
      'Responsibilities',
      'Skills and education',
      'Career path',
      'A day in the life',
      'Work-life balance',
      'Skill map',
      'Pros and cons',
      'Common mistakes',
      'Advice',
      'Case studies',
      'Portfolio tips',
      'Outlook',
      'Frequently asked questions',
      'Current Medical Office Administrator jobs',
      'Get alerts for Medical Office Administrator jobs',
    ]);
    const visible = text(page);
    for (const piece of [
      seed.summary,
      seed.responsibilities[0],
      seed.careerTiers[2]?.title,
      seed.dayInTheLife[1]?.focus,
      seed.skillMap[0]?.skills[0],
      seed.pros[0],
      seed.cons[0],
      seed.commonMistakes[0],
      seed.advice[0],
      seed.caseStudies[0]?.title,
      seed.faq[0]?.question,
      '$47,500',
      'Medical Office Manager 1',
      'Northwind Clinic · USA · full-time · $45,000 – $55,000 a year · posted 27 Nov 2026',
    ]) {
      expect(visible).toContain((piece as string).replace(/\s+/g, ' ').replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
    }
    expect(page).toContain('<form method="post" action="/subscribe" novalidate>');
    expect(page).toMatch(/<input type="checkbox" id="signup-guide" name="guides" value="medical-office-administrator" checked/);
    expect(page).toMatch(/<div class="hp"><label for="signup-website">[^<]*<\/label><input type="text" id="signup-website" name="website"/);
    expect(page).toContain('<link rel="canonical" href="https://careerwire.example/guides/medical-office-administrator">');
  });

  it('draws salary by level as an SVG of one bar per level, in proportion, with an accessible name', () => {
    const chart = String(salaryChart(seed.salary!));
    expect(chart).toMatch(/<svg class="chart" role="img" aria-labelledby="salary-chart-caption salary-chart-desc"/);
    const bars = [...chart.matchAll(/<rect class="bar" x="0" y="[\d.]+" width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(bars).toHaveLength(seed.salary!.byLevel.length);
    const top = Math.max(seed.salary!.max, ...seed.salary!.byLevel.map((l) => l.amount));
    seed.salary!.byLevel.forEach((l, i) => expect(bars[i]).toBe(Math.round((l.amount / top) * 360)));
    expect(chart).toContain('<desc id="salary-chart-desc">Entry-Level: $38,750; Mid-Level: $47,500; Senior-Level: $56,250</desc>');
    expect(salaryChart({ ...seed.salary!, byLevel: [] })).toBe('');
  });

  it('carries schema.org Occupation and FAQPage as JSON-LD', () => {
    const [occupation, faq] = ldOf(renderGuidePage(seed, [], SITE));
    expect(occupation).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Occupation',
      name: 'Medical Office Administrator',
      url: 'https://careerwire.example/guides/medical-office-administrator',
      occupationLocation: { '@type': 'Country', name: 'US' },
      estimatedSalary: [{ '@type': 'MonetaryAmountDistribution', currency: 'USD', duration: 'P1Y', minValue: 35_000, maxValue: 60_000, median: 47_500 }],
    });
    expect(faq).toMatchObject({ '@type': 'FAQPage' });
    expect((faq?.mainEntity as unknown[]).length).toBe(seed.faq.length);
    expect((faq?.mainEntity as unknown[])[0]).toEqual({ '@type': 'Question', name: seed.faq[0]?.question, acceptedAnswer: { '@type': 'Answer', text: seed.faq[0]?.answer } });
  });

  it('renders a guide with none of the optional sections with no holes: no empty section, no null, no FAQPage', () => {
    const bare = sampleGuide({ slug: 'archivist', title: 'Archivist' });
    const page = renderGuidePage(bare, [], SITE);
    const sections = [...page.matchAll(/<section id="([a-z-]+)"[^>]*><h2[^>]*>[^<]*<\/h2>\n([\s\S]*?)\n<\/section>/g)];
    expect(sections.map((s) => s[1])).toEqual(['jobs']);
    expect(sections.every((s) => (s[2] as string).trim() !== '')).toBe(true);
    expect(page).not.toMatch(/\b(null|undefined|NaN)\b/);
    expect(page).not.toContain('<dl class="figures">');
    expect(page).not.toContain('<svg');
    expect(page).toContain('<li><a href="#jobs">Current Archivist jobs</a></li>');
    expect(page).not.toContain('#salary');
    expect(ldOf(page).map((d) => d['@type'])).toEqual(['Occupation']);
    expect(text(page)).toContain('No open jobs in this role right now.');
  });

  it('escapes every value: a hostile guide and job put no markup and no script on the page', () => {
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const hostile = sampleGuide({
      slug: 'evil',
      title: `Evil ${evil}`,
      summary: `</script><script>alert(3)</script> ${evil}`,
      responsibilities: [evil],
      faq: [{ question: `${evil}?`, answer: `</script>${evil}` }],
      salary: { currency: 'US"D', region: evil, min: 1, max: 3, median: 2, byLevel: [{ level: evil, amount: 2 }], topEarnersNote: evil },
      caseStudies: [{ title: evil, text: evil, takeaway: evil }],
    });
    const page = renderGuidePage(hostile, [job(1, { title: evil, company: evil, url: 'https://jobs.example/?a="><script>' })], SITE);
    expect(page.replace(/<script type="application\/ld\+json">[^<]*<\/script>/g, '')).not.toMatch(/<script|<img|onerror=alert\(2\)>/i);
    const ld = ldOf(page);
    expect(ld).toHaveLength(2);
    expect((ld[0] as { name: string }).name).toBe(`Evil ${evil}`);
  });

  it('shows at most SITE_LIMITS.guideJobs jobs', () => {
    const many = Array.from({ length: SITE_LIMITS.guideJobs + 5 }, (_, i) => job(i + 1));
    const page = renderGuidePage(seed, many, SITE);
    expect(page.match(/<li><a href="https:\/\/jobs\.example\/apply\//g)).toHaveLength(SITE_LIMITS.guideJobs);
  });
});

describe('GET /guides/{slug}: negotiated on Accept', () => {
  async function setup() {
    const guides = new MemoryGuideStore();
    await guides.putAll([seed, sampleGuide({ slug: 'welder', title: 'Welder' })]);
    const jobs = new MemoryJobStore();
    await jobs.putAll([job(1), job(2), job(3, { guideSlug: 'welder' })]);
    const log = recordingLogger();
    const clock = { now: NOW };
    return { jobs, log, clock, api: createApi({ guides, jobs, log, now: () => clock.now, siteUrl: SITE.baseUrl }) };
  }

  it('serves the page to a browser and the JSON to API clients (explicit or no Accept), each with its own ETag and Vary: Accept', async () => {
    const { api } = await setup();
    const page = await api(httpEvent('GET', '/guides/medical-office-administrator', { headers: HTML }));
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers?.['content-security-policy']).toBe(SITE_CSP);
    expect(page.headers?.vary).toBe('Accept, Accept-Encoding');
    expect(page.headers?.['cache-control']).toMatch(/^public, max-age=\d+, s-maxage=\d+/);
    expect(page.body).toContain('<h1 id="guide-title">Medical Office Administrator</h1>');
    // The role's jobs, not another guide's.
    expect(page.body).toContain('Medical Office Manager 2');
    expect(page.body).not.toContain('Medical Office Manager 3');

    for (const headers of [{ accept: 'application/json' }, {}, { accept: '*/*' }] as Record<string, string>[]) {
      const res = await api(httpEvent('GET', '/guides/medical-office-administrator', { headers }));
      expect(res.headers?.['content-type']).toBe('application/json');
      expect(res.headers?.vary).toBe('Accept, Accept-Encoding');
      expect(res.headers?.etag).toBe(`"${seed.contentHash}"`);
      expect((json(res) as Guide).slug).toBe('medical-office-administrator');
    }
    expect(page.headers?.etag).not.toBe(`"${seed.contentHash}"`);
  });

  it('answers 304 to each representation with its own ETag, and a new page ETag once changed jobs are read again', async () => {
    const { api, jobs, clock } = await setup();
    const first = await api(httpEvent('GET', '/guides/medical-office-administrator', { headers: HTML }));
    const etag = first.headers?.etag as string;
    const again = await api(httpEvent('GET', '/guides/medical-office-administrator', { headers: { ...HTML, 'if-none-match': etag } }));
    expect(again.statusCode).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers?.vary).toBe('Accept, Accept-Encoding');
    // The JSON tag does not validate the page, nor the page's the JSON.
    expect((await api(httpEvent('GET', '/guides/medical-office-administrator', { headers: { ...HTML, 'if-none-match': `"${seed.contentHash}"` } }))).statusCode).toBe(200);
    expect((await api(httpEvent('GET', '/guides/medical-office-administrator', { headers: { 'if-none-match': etag } }))).statusCode).toBe(200);
    expect((await api(httpEvent('GET', '/guides/medical-office-administrator', { headers: { 'if-none-match': `"${seed.contentHash}"` } }))).statusCode).toBe(304);

    await jobs.putAll([job(4)]);
    // An instance reads a page's jobs at most once per guideJobsCacheSeconds.
    const kept = await api(httpEvent('GET', '/guides/medical-office-administrator', { headers: { ...HTML, 'if-none-match': etag } }));
    expect(kept.statusCode).toBe(304);
    clock.now = new Date(NOW.getTime() + SITE_LIMITS.guideJobsCacheSeconds * 1000);
    const changed = await api(httpEvent('GET', '/guides/medical-office-administrator', { headers: { ...HTML, 'if-none-match': etag } }));
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('Medical Office Manager 4');
    expect(changed.headers?.etag).not.toBe(etag);
  });

  it('answers an unknown slug with a 404 page for browsers and problem+json for API clients', async () => {
    const { api } = await setup();
    const page = await api(httpEvent('GET', '/guides/no-such-guide', { headers: HTML }));
    expect(page.statusCode).toBe(404);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<h1>Page not found</h1>');
    expect(page.body).toContain('There is no guide &quot;no-such-guide&quot;.');
    const problem = await api(httpEvent('GET', '/guides/no-such-guide', { headers: { accept: 'application/json' } }));
    expect(problem.statusCode).toBe(404);
    expect(problem.headers?.['content-type']).toBe('application/problem+json');
    const bare = await api(httpEvent('GET', '/guides/no-such-guide'));
    expect(bare.headers?.['content-type']).toBe('application/problem+json');
  });
});

describe('cachedGuideJobs', () => {
  it('reads a guide\'s jobs once per window, again after it, and not at all for another guide\'s cached read', async () => {
    const store = new MemoryJobStore();
    await store.putAll([job(1), job(2, { guideSlug: 'welder' })]);
    let reads = 0;
    const counting = { get: store.get.bind(store), listNewest: (o: Parameters<MemoryJobStore['listNewest']>[0]) => (reads++, store.listNewest(o)) };
    const clock = { now: NOW };
    const jobsOf = cachedGuideJobs(counting, () => clock.now);
    expect((await jobsOf('medical-office-administrator')).map((j) => j.id)).toEqual(['board:1']);
    expect((await jobsOf('medical-office-administrator')).map((j) => j.id)).toEqual(['board:1']);
    expect((await jobsOf('welder')).map((j) => j.id)).toEqual(['board:2']);
    expect(reads).toBe(2);
    clock.now = new Date(NOW.getTime() + SITE_LIMITS.guideJobsCacheSeconds * 1000 - 1);
    await jobsOf('medical-office-administrator');
    expect(reads).toBe(2);
    clock.now = new Date(NOW.getTime() + SITE_LIMITS.guideJobsCacheSeconds * 1000);
    await jobsOf('medical-office-administrator');
    expect(reads).toBe(3);
  });

  it('does not keep a failed read', async () => {
    let calls = 0;
    const failing = {
      get: async () => null,
      listNewest: async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
        return { jobs: [job(1)], next: null };
      },
    };
    const jobsOf = cachedGuideJobs(failing, () => NOW);
    await expect(jobsOf('medical-office-administrator')).rejects.toThrow('throttled');
    expect((await jobsOf('medical-office-administrator')).map((j) => j.id)).toEqual(['board:1']);
    expect(calls).toBe(2);
  });
});

describe('GET /guides as the guide index', () => {
  it('lists every match as a page, searchable and sortable, with the query kept in the form and escaped', async () => {
    const guides = new MemoryGuideStore();
    await guides.putAll([
      sampleGuide({ slug: 'nurse', title: 'Nurse', summary: 'Nurses care for patients.' }),
      sampleGuide({ slug: 'medical-coder', title: 'Medical Coder', summary: 'Coders turn records into codes.', workArrangement: 'remote-friendly' }),
      sampleGuide({ slug: 'welder', title: 'Welder' }),
    ]);
    const api = createApi({ guides, jobs: new MemoryJobStore(), log: recordingLogger(), siteUrl: SITE.baseUrl });
    const all = await api(httpEvent('GET', '/guides', { headers: HTML }));
    expect(all.statusCode).toBe(200);
    expect(all.headers?.vary).toBe('Accept, Accept-Encoding');
    expect([...(all.body as string).matchAll(/<h3><a href="\/guides\/([a-z-]+)">/g)].map((m) => m[1])).toEqual(['medical-coder', 'nurse', 'welder']);
    expect(all.body).toContain('<h2 id="results-heading" role="status">3 guides</h2>');

    const found = await api(httpEvent('GET', `/guides?q=${encodeURIComponent('"><b>care')}&remote=false`, { headers: HTML }));
    expect(found.body).toContain('0 guides found');
    expect(found.body).toContain('value="&quot;&gt;&lt;b&gt;care"');
    expect(found.body).not.toContain('<b>care');
    expect(found.body).toContain('<meta name="robots" content="noindex">');
    const nurse = await api(httpEvent('GET', '/guides?q=care', { headers: HTML }));
    expect(nurse.body).toContain('1 guide found');

    const json304 = await api(httpEvent('GET', '/guides', { headers: { ...HTML, 'if-none-match': all.headers?.etag as string } }));
    expect(json304.statusCode).toBe(304);
    const api2 = await api(httpEvent('GET', '/guides?limit=1'));
    expect(api2.headers?.['content-type']).toBe('application/json');
    expect((json(api2) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('shows a bad query to a browser as a 400 page, to an API client as problem+json', async () => {
    const api = createApi({ guides: new MemoryGuideStore(), jobs: new MemoryJobStore(), log: recordingLogger() });
    const page = await api(httpEvent('GET', '/guides?limit=500', { headers: HTML }));
    expect(page.statusCode).toBe(400);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect((await api(httpEvent('GET', '/guides?limit=500'))).headers?.['content-type']).toBe('application/problem+json');
  });
});
