import { parseDocument } from 'htmlparser2';

type Node = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<Node, { attribs: unknown }>;
import type { Digest, DigestGuide, DigestJob } from '../../../lambdas/alerts/digest';
import { MAX_GUIDE_SECTIONS, SUBJECT_MAX, digestSubject, renderDigest } from '../../../lambdas/alerts/render';
import { loadDigest } from '../../fixtures/digests';

function job(overrides: Partial<DigestJob> = {}): DigestJob {
  return {
    id: 'feed:1',
    title: 'Data Analyst',
    company: 'Acme',
    url: 'https://jobs.example/1',
    geo: 'USA',
    types: ['full-time'],
    level: 'Mid',
    salaryText: 'USD 75,000–92,000 a year',
    postedAt: '2026-11-27T09:30:00.000Z',
    excerpt: 'Build dashboards and explain them.',
    guideSlug: null,
    ...overrides,
  };
}

const MOA_GUIDE: DigestGuide = {
  slug: 'medical-office-administrator',
  title: 'Medical Office Administrator',
  url: 'https://careerwire.example/guides/medical-office-administrator',
  growthRatePercent: 7,
  currency: 'USD',
  medianSalary: 47500,
  salaryByLevel: [
    { level: 'Entry-Level', amount: 38750 },
    { level: 'Mid-Level', amount: 47500 },
    { level: 'Senior-Level', amount: 56250 },
  ],
};

function digest(overrides: Partial<Digest> = {}): Digest {
  return {
    tier: 'free',
    periodLabel: 'the week of 23 November 2026',
    jobs: [job()],
    guides: [],
    manageUrl: 'https://api.example/subscriptions/manage?token=m1',
    unsubscribeUrl: 'https://api.example/unsubscribe?token=u1',
    upgradeUrl: 'https://careerwire.example/plus',
    ...overrides,
  };
}

function elements(nodes: readonly Node[], out: Element[] = []): Element[] {
  for (const node of nodes) {
    if ('attribs' in node) {
      out.push(node);
      elements(node.children, out);
    }
  }
  return out;
}

/** What a browser would build from the HTML: every element, its attributes and the visible text. */
function parse(html: string) {
  const all = elements(parseDocument(html).children);
  return {
    tags: all.map((e) => e.name),
    attributes: all.flatMap((e) => Object.entries(e.attribs).map(([name, value]) => ({ tag: e.name, name, value }))),
    hrefs: all.filter((e) => e.name === 'a').map((e) => e.attribs.href ?? ''),
    text: all
      .filter((e) => e.name !== 'style' && e.name !== 'title')
      .flatMap((e) => e.children.flatMap((c) => ('data' in c && c.type === 'text' ? [c.data] : [])))
      .join(' ')
      .replace(/\s+/g, ' '),
  };
}

describe('renderDigest: escaping of hostile feed values', () => {
  const rendered = renderDigest(loadDigest('hostile'));
  const html = parse(rendered.html);

  it('adds no element and no event-handler attribute from a value', () => {
    for (const tag of ['script', 'img', 'iframe', 'svg', 'b', 'i']) expect(html.tags).not.toContain(tag);
    expect(html.attributes.filter((a) => /^on/i.test(a.name))).toEqual([]);
  });

  it('shows the hostile text as text, with no placeholder re-expanded', () => {
    expect(html.text).toContain(`<script>window.__pwned = 'title'</script>Data Analyst!!! $$$ URGENT`);
    expect(html.text).toContain(`"><img src=x onerror="window.__pwned='company'">Acme & Sons`);
    expect(html.text).toContain('{{title}} {{#job}}');
    expect(html.text).toContain('The week of <b>23</b> November 2026');
  });

  it('escapes values inside attributes', () => {
    const r = renderDigest(digest({ jobs: [job({ title: 'Say "hi" <now>', url: 'https://jobs.example/a?x=1&y="2"' })] }));
    expect(r.html).toContain('href="https://jobs.example/a?x=1&amp;y=%222%22"');
    expect(r.html).toContain('aria-label="1 new job: Say &quot;hi&quot; &lt;now&gt; at Acme"');
    expect(parse(r.html).attributes.find((a) => a.name === 'aria-label')?.value).toBe(r.subject);
    expect(rendered.html).not.toMatch(/="[^"]*onerror=/);
  });

  it('keeps only http(s) links; javascript:, data: and vbscript: become #', () => {
    for (const href of html.hrefs) expect(href === '#' || /^https?:\/\//.test(href)).toBe(true);
    expect(rendered.html).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect(html.hrefs.filter((h) => h === '#').length).toBeGreaterThanOrEqual(4);
  });

  it('leaves unsafe links out of the text part and keeps the rest readable', () => {
    expect(rendered.text).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect(rendered.text).toContain('Acme & Sons');
    expect(rendered.text).not.toContain('&amp;');
    expect(rendered.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
  });

  it('puts no line break, "!" or repeated "$" in the subject', () => {
    expect(rendered.subject).not.toMatch(/[\r\n!]|\$\$/);
    expect(renderDigest(digest({ jobs: [job({ title: 'Office Manager\r\nBcc: x@example.com', company: 'Q' })] })).subject).toBe(
      '1 new job: Office Manager Bcc: x@example.com at Q',
    );
  });
});

describe('renderDigest: Free and Plus', () => {
  it('tells a Free subscriber that Plus is daily, with the upgrade link', () => {
    const { html, text } = renderDigest(digest({ tier: 'free' }));
    expect(html).toContain('Plus subscribers get this alert daily');
    expect(html).toContain('href="https://careerwire.example/plus"');
    expect(html).toContain('Weekly job alert');
    expect(text).toContain('Upgrade to Plus: https://careerwire.example/plus');
  });

  it('says nothing about upgrading to a Plus subscriber', () => {
    const { html, text } = renderDigest(digest({ tier: 'plus', periodLabel: 'Friday 27 November 2026' }));
    expect(html).not.toMatch(/upgrade/i);
    expect(html).not.toContain('careerwire.example/plus');
    expect(text).not.toMatch(/upgrade/i);
    expect(html).toContain('Daily job alert');
    expect(html).toContain('Friday 27 November 2026');
  });
});

describe('renderDigest: career guides', () => {
  it('shows a guide section and a job line only when a job links the guide', () => {
    const unlinked = renderDigest(digest({ jobs: [job()], guides: [MOA_GUIDE] }));
    expect(unlinked.html).not.toContain('Medical Office Administrator');
    expect(unlinked.html).not.toContain('Career guide');
    expect(unlinked.text).not.toMatch(/career guide/i);

    const linked = renderDigest(digest({ jobs: [job(), job({ id: 'feed:2', guideSlug: MOA_GUIDE.slug })], guides: [MOA_GUIDE] }));
    expect(linked.html).toContain('Career guide for this role');
    expect(linked.html.match(/Career guide:/g)).toHaveLength(1);
    expect(linked.html).toContain('href="https://careerwire.example/guides/medical-office-administrator"');
  });

  it('shows the salary by level, the median and the growth', () => {
    const { html, text } = renderDigest(digest({ jobs: [job({ guideSlug: MOA_GUIDE.slug })], guides: [MOA_GUIDE] }));
    const page = parse(html);
    for (const piece of ['Entry-Level', '$38,750', 'Mid-Level', '$47,500', 'Senior-Level', '$56,250', 'Median salary', '+7%']) {
      expect(page.text).toContain(piece);
    }
    expect(html.match(/<th scope="row"/g)).toHaveLength(3);
    expect(text).toContain(
      ['Salary by level (a year):', '  Entry-Level   $38,750', '  Mid-Level     $47,500', '  Senior-Level  $56,250'].join('\n'),
    );
    expect(text).toContain('Median salary: $47,500 a year · Job growth: +7% projected');
    expect(text).toContain('Read the guide: https://careerwire.example/guides/medical-office-administrator');
  });

  it('leaves out figures a guide does not have', () => {
    const bare: DigestGuide = { ...MOA_GUIDE, growthRatePercent: null, medianSalary: null, salaryByLevel: [] };
    const { html, text } = renderDigest(digest({ jobs: [job({ guideSlug: bare.slug })], guides: [bare] }));
    expect(html).toContain('Career guide');
    expect(html).not.toContain('Median salary');
    expect(html).not.toContain('Salary by level');
    expect(html).not.toContain('Job growth');
    expect(text).not.toContain('Salary by level');
  });

  it('has no guide line for a job whose guide is not in the digest', () => {
    const { html } = renderDigest(digest({ jobs: [job({ guideSlug: 'missing' })], guides: [] }));
    expect(html).not.toContain('Career guide');
  });

  it(`shows at most ${MAX_GUIDE_SECTIONS} guide sections in the HTML, and every guide in the text`, () => {
    const guides = Array.from({ length: MAX_GUIDE_SECTIONS + 2 }, (_, i) => ({ ...MOA_GUIDE, slug: `g${i}`, title: `Role ${i}` }));
    const jobs = guides.map((g, i) => job({ id: `feed:${i}`, guideSlug: g.slug }));
    const { html, text } = renderDigest(digest({ jobs, guides }));
    expect(html.match(/Read the Role \d+ guide/g)).toHaveLength(MAX_GUIDE_SECTIONS);
    expect(html.match(/Career guide:/g)).toHaveLength(jobs.length);
    expect(text.match(/^Read the guide: /gm)).toHaveLength(guides.length);
  });
});

describe('renderDigest: subject', () => {
  it('names the count and the top role', () => {
    expect(digestSubject(digest({ jobs: [job()] }))).toBe('1 new job: Data Analyst at Acme');
    const five = Array.from({ length: 5 }, (_, i) => job({ id: `f:${i}`, title: i === 0 ? 'Medical Office Administrator' : `Role ${i}` }));
    expect(digestSubject(digest({ jobs: five }))).toBe('5 new jobs: Medical Office Administrator and more');
  });

  it('says when nothing is new', () => {
    expect(digestSubject(digest({ jobs: [] }))).toBe('No new jobs this week');
    expect(digestSubject(digest({ tier: 'plus', jobs: [] }))).toBe('No new jobs today');
  });

  it(`stays within ${SUBJECT_MAX} characters, cutting at a word`, () => {
    const title = 'Senior Principal Clinical Operations and Revenue Cycle Improvement Programme Manager';
    const many = digestSubject(digest({ jobs: [job({ title }), job({ id: 'f:2' })] }));
    expect(many.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(many).toMatch(/^2 new jobs: Senior Principal .*[a-z]… and more$/);
    const one = digestSubject(digest({ jobs: [job({ title: 'Medical Office Administrator', company: 'Brightwater Family Clinic and Urgent Care Partners of the Northern Valley' })] }));
    expect(one).toBe('1 new job: Medical Office Administrator');
    const long = digestSubject(digest({ jobs: [job({ title: 'x'.repeat(200) })] }));
    expect(long.length).toBeLessThanOrEqual(SUBJECT_MAX);
  });
});

describe('renderDigest: parts', () => {
  const fixture = loadDigest('free-weekly');
  const rendered = renderDigest(fixture);

  it('writes the unsubscribe and manage links into both parts', () => {
    expect(rendered.text).toContain(`Unsubscribe: ${fixture.unsubscribeUrl}`);
    expect(rendered.text).toContain(`Manage preferences: ${fixture.manageUrl}`);
    const page = parse(rendered.html);
    expect(page.hrefs).toContain(fixture.unsubscribeUrl);
    expect(page.hrefs).toContain(fixture.manageUrl);
    expect(page.text).toContain('Unsubscribe');
    expect(page.text).toContain('You are receiving this because you subscribed to careerwire job alerts');
  });

  it('lists every job with its apply link, details and posted date in the text part', () => {
    fixture.jobs.forEach((j, i) => {
      expect(rendered.text).toContain(`${i + 1}. ${j.title}`);
      expect(rendered.text).toContain(`View and apply: ${j.url}`);
    });
    expect(rendered.text).toContain('Full-time · Mid level · USD 42,000–52,000 a year · Posted 26 Nov');
    expect(rendered.text).toContain('Median salary CA$51,200 a year');
  });

  it('is an accessible document: language, title, preheader, headings and no images', () => {
    expect(rendered.html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr"/);
    expect(rendered.html).toContain(`<title>${rendered.subject}</title>`);
    expect(rendered.html).toContain('>Medical Office Administrator at Brightwater Family Clinic and 5 more&#847;');
    const page = parse(rendered.html);
    expect(page.tags.filter((t) => t === 'h1')).toHaveLength(1);
    expect(page.tags.filter((t) => t === 'h2').length).toBeGreaterThanOrEqual(fixture.jobs.length);
    expect(page.tags).not.toContain('img');
    expect(rendered.html).not.toMatch(/fonts\.googleapis|<link /);
  });

  it('renders an empty digest when a tier is configured to send one', () => {
    const empty = renderDigest(digest({ tier: 'plus', jobs: [], guides: [MOA_GUIDE] }));
    expect(empty.html).toContain('No new jobs matched your alert today');
    expect(empty.html).not.toContain('Career guide');
    expect(empty.text).toContain('No new jobs matched your alert today');
    expect(empty.text).toContain('Unsubscribe: https://api.example/unsubscribe?token=u1');
  });

  it('stays under the size at which Gmail clips a message (102 KB) for the largest digest', () => {
    const words = (n: number, w: string) => Array.from({ length: n }, () => w).join(' ');
    const guides = Array.from({ length: 20 }, (_, i) => ({
      ...MOA_GUIDE,
      slug: `g${i}`,
      title: words(4, 'Administrator'),
      url: `https://careerwire.example/guides/${'y'.repeat(60)}${i}`,
      salaryByLevel: Array.from({ length: 5 }, (_, k) => ({ level: `Level ${k} Senior`, amount: 40000 + k * 5000 })),
    }));
    const jobs = guides.map((g, i) =>
      job({
        id: `f:${i}`,
        title: words(8, 'Administrator'),
        company: words(5, 'Company'),
        url: `https://jobs.example/${'x'.repeat(200)}/${i}`,
        geo: 'United States, Canada, United Kingdom',
        types: ['full-time', 'contract', 'temporary'],
        level: 'Senior',
        excerpt: words(30, 'excerpt'),
        guideSlug: g.slug,
      }),
    );
    const { html } = renderDigest(digest({ jobs, guides }));
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
  });
});
