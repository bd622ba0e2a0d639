/**
 * The guide pages of the site: the index (search, sort) and one page per guide with every section of
 * the Guide, the current jobs of its role and a sign-up form for them. Server-rendered, escaped
 * through the html`` tag, no script; a section a guide lacks is left out (and out of the contents),
 * never rendered empty. Structured data: schema.org Occupation and FAQPage as JSON-LD.
 */
import type { Job } from '../jobs/job';
import { publicPageHeaders, sitePage } from '../site/layout';
import { signUpForm } from '../site/signup-form';
import { SITE_LIMITS } from '../shared/limits';
import { SafeHtml, html } from '../subscriptions/html';
import type { CareerTier, Guide, GuideSummary, Salary } from './guide';

type Fragment = SafeHtml | '';

const formatters = new Map<string, Intl.NumberFormat>();

/** "$47,500"; an unknown currency code falls back to "XYZ 47,500" rather than failing the page. */
export function money(amount: number, currency: string): string {
  let f = formatters.get(currency);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 });
    } catch {
      f = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    }
    formatters.set(currency, f);
  }
  const text = f.format(amount);
  return /^\d/.test(text) ? `${currency} ${text}` : text;
}

// Made on first use, like the money formats: a process's first Intl object loads ICU's locale data
// (~10 ms), which a cold start that renders no date (a JSON route, a sign-up) should not pay.
let dateFormat: Intl.DateTimeFormat | undefined;
/** Absolute dates only: a page that said "3 days ago" would change (and lose its ETag) every day. */
const day = (iso: string) => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  dateFormat ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return dateFormat.format(t);
};

const list = (items: readonly string[]): Fragment => (items.length === 0 ? '' : html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`);
const paragraphs = (items: readonly (string | null)[]): SafeHtml => html`${items.filter((p): p is string => p !== null && p !== '').map((p) => html`<p>${p}</p>`)}`;
const sub = (title: string, body: Fragment): Fragment => (body === '' ? '' : html`<h3>${title}</h3>${body}`);

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const growth = (percent: number) => `${percent > 0 ? '+' : ''}${percent}%`;

/** Salary by level as a small bar chart: label and amount above each bar, so phones need no tiny text. */
export function salaryChart(salary: Salary): Fragment {
  const levels = salary.byLevel;
  if (levels.length === 0) return '';
  const width = 360;
  const row = 46;
  const top = Math.max(salary.max, ...levels.map((l) => l.amount));
  const height = levels.length * row;
  const rows = levels.map((l, i) => {
    const y = i * row;
    const bar = top > 0 ? Math.max(2, Math.round((l.amount / top) * width)) : 2;
    return html`<text x="0" y="${y + 15}">${l.level}</text><text class="amount" x="${width}" y="${y + 15}" text-anchor="end">${money(l.amount, salary.currency)}</text>
<rect class="track" x="0.5" y="${y + 22.5}" width="${width - 1}" height="14" rx="3"/><rect class="bar" x="0" y="${y + 22}" width="${bar}" height="15" rx="3"/>`;
  });
  const description = levels.map((l) => `${l.level}: ${money(l.amount, salary.currency)}`).join('; ');
  return html`<figure>
<figcaption id="salary-chart-caption">Salary by level (${salary.currency}, ${salary.region})</figcaption>
<svg class="chart" role="img" aria-labelledby="salary-chart-caption salary-chart-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<desc id="salary-chart-desc">${description}</desc>
${rows}
</svg>
</figure>`;
}

function figures(guide: Guide): Fragment {
  const items: [string, string][] = [];
  const s = guide.salary;
  if (s !== null) {
    items.push(['Median salary', money(s.median, s.currency)]);
    items.push(['Salary range', `${money(s.min, s.currency)} – ${money(s.max, s.currency)}`]);
  }
  if (guide.growthRatePercent !== null) items.push(['Job growth', growth(guide.growthRatePercent)]);
  if (guide.marketDemand !== null) items.push(['Market demand', guide.marketDemand.level]);
  if (guide.workArrangement !== null) items.push(['Work arrangement', sentence(guide.workArrangement.replace(/-/g, ' '))]);
  const status = guide.outlook?.status ?? null;
  if (status !== null) items.push(['Outlook', status]);
  if (items.length === 0) return '';
  return html`<dl class="figures">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

const years = (t: CareerTier) => (t.experience !== '' ? t.experience : t.minYears !== null ? `${t.minYears}+ years` : '');

function jobLine(job: Job): SafeHtml {
  const salary =
    job.salary !== null && job.salary.period === 'year' && (job.salary.min !== null || job.salary.max !== null)
      ? [job.salary.min, job.salary.max].filter((n): n is number => n !== null).map((n) => money(n, job.salary?.currency ?? 'USD')).join(' – ') + ' a year'
      : null;
  const meta = [job.company, job.geo, job.types.join(', '), salary, `posted ${day(job.postedAt)}`].filter((m) => m !== null && m !== '');
  return html`<li><a href="${job.url}" rel="noopener nofollow">${job.title}</a><span class="meta">${meta.join(' · ')}</span></li>`;
}

interface Section {
  id: string;
  title: string;
  body: Fragment;
}

/** Every section of the guide, in reading order; empty ones drop out. */
function sections(guide: Guide, jobs: readonly Job[]): Section[] {
  const g = guide;
  const all: Section[] = [
    {
      id: 'salary',
      title: 'Salary',
      body:
        g.salary === null
          ? ''
          : html`<p>In the ${g.salary.region}, ${g.title} salaries run from ${money(g.salary.min, g.salary.currency)} to ${money(g.salary.max, g.salary.currency)}, with a median of ${money(g.salary.median, g.salary.currency)}.</p>
${salaryChart(g.salary)}
${g.salary.topEarnersNote !== null ? html`<p>${g.salary.topEarnersNote}</p>` : ''}`,
    },
    {
      id: 'role',
      title: 'The role',
      body: g.coreFunctions.length === 0 && g.workSetting === null ? '' : html`${paragraphs(g.coreFunctions)}${sub('Where you work', g.workSetting !== null ? paragraphs([g.workSetting]) : '')}`,
    },
    {
      id: 'demand',
      title: 'Market demand',
      body: (() => {
        const m = g.jobMarket;
        const parts = [
          g.marketDemand !== null ? html`<p><strong>Demand: ${g.marketDemand.level}.</strong> ${g.marketDemand.text}</p>` : '',
          sub('Global outlook', g.globalOutlook.length > 0 ? paragraphs(g.globalOutlook) : ''),
          sub('Trends', list(m.trends)),
          sub('Challenges', list(m.challenges)),
          sub('Growth paths', list(m.growthPaths)),
        ].filter((p) => p !== '');
        return parts.length === 0 ? '' : html`${parts}`;
      })(),
    },
    { id: 'responsibilities', title: 'Responsibilities', body: list(g.responsibilities) },
    {
      id: 'skills',
      title: 'Skills and education',
      body: (() => {
        const e = g.education;
        const parts = [
          g.skills.technical.length + g.skills.soft.length === 0
            ? ''
            : html`<div class="cols"><div>${sub('Technical skills', list(g.skills.technical))}</div><div>${sub('Soft skills', list(g.skills.soft))}</div></div>`,
          sub('Tools and technology', g.techStack.length === 0 ? '' : html`<ul class="tags">${g.techStack.map((t) => html`<li class="tag">${t}</li>`)}</ul>`),
          e.level === null && e.required.length === 0 && e.path.length === 0
            ? ''
            : html`<h3>Education</h3>${e.level !== null ? html`<p>${e.level}</p>` : ''}${list(e.required)}${e.path.length > 0 ? html`<p>A typical path:</p><ol>${e.path.map((p) => html`<li>${p}</li>`)}</ol>` : ''}`,
        ].filter((p) => p !== '');
        return parts.length === 0 ? '' : html`${parts}`;
      })(),
    },
    {
      id: 'career-path',
      title: 'Career path',
      body:
        g.careerTiers.length === 0
          ? ''
          : html`<ol class="tiers">${g.careerTiers.map(
              (t) => html`<li class="card"><h3>${t.title}</h3>${years(t) !== '' ? html`<p class="muted">${years(t)}</p>` : ''}<p>${t.description}</p></li>`,
            )}</ol>`,
    },
    {
      id: 'day',
      title: 'A day in the life',
      body:
        g.dayInTheLife.length === 0
          ? ''
          : html`<ol class="day">${g.dayInTheLife.map(
              (b) => html`<li class="card"><h3>${b.period}${b.start !== null ? html` <span class="muted">${b.start}${b.end !== null ? `–${b.end}` : ''}</span>` : ''}</h3>
${b.focus !== '' ? html`<p><strong>${b.focus}</strong></p>` : ''}${list(b.tasks)}</li>`,
            )}</ol>`,
    },
    {
      id: 'balance',
      title: 'Work-life balance',
      body: (() => {
        const w = g.workLifeBalance;
        if (w === null) return '';
        const facts: [string, string | null][] = [
          ['Stress level', w.stressLevel],
          ['Balance', w.balanceRating],
        ];
        const shown = facts.filter((f): f is [string, string] => f[1] !== null);
        if (shown.length === 0 && w.text.length === 0) return '';
        return html`${shown.length > 0 ? html`<dl class="figures">${shown.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>` : ''}${paragraphs(w.text)}`;
      })(),
    },
    {
      id: 'skill-map',
      title: 'Skill map',
      body:
        g.skillMap.length === 0
          ? ''
          : html`${g.skillMap.map(
              (s) => html`<h3>${s.name}</h3>${s.description !== null ? html`<p>${s.description}</p>` : ''}${
                s.skills.length > 0 ? html`<ul class="tags">${s.skills.map((k) => html`<li class="tag">${k}</li>`)}</ul>` : ''
              }`,
            )}`,
    },
    {
      id: 'pros-cons',
      title: 'Pros and cons',
      body: g.pros.length + g.cons.length === 0 ? '' : html`<div class="cols"><div>${sub('Pros', list(g.pros))}</div><div>${sub('Cons', list(g.cons))}</div></div>`,
    },
    { id: 'mistakes', title: 'Common mistakes', body: list(g.commonMistakes) },
    { id: 'advice', title: 'Advice', body: list(g.advice) },
    {
      id: 'case-studies',
      title: 'Case studies',
      body:
        g.caseStudies.length === 0
          ? ''
          : html`${g.caseStudies.map(
              (c) => html`<article class="card"><h3>${c.title}</h3><p>${c.text}</p>${c.takeaway !== null ? html`<p><strong>Takeaway:</strong> ${c.takeaway}</p>` : ''}</article>`,
            )}`,
    },
    { id: 'portfolio', title: 'Portfolio tips', body: g.portfolioTips.length === 0 ? '' : paragraphs(g.portfolioTips) },
    {
      id: 'outlook',
      title: 'Outlook',
      body: (() => {
        const o = g.outlook;
        if (o === null || (o.growthRatePercent === null && o.status === null)) return '';
        const rate = o.growthRatePercent !== null ? html` Projected growth: <strong>${growth(o.growthRatePercent)}</strong>.` : '';
        return html`<p>${o.status !== null ? html`<strong>${o.status}.</strong>` : ''}${rate}${o.source !== null ? html` <span class="muted">Source: ${o.source}.</span>` : ''}</p>`;
      })(),
    },
    {
      id: 'faq',
      title: 'Frequently asked questions',
      body: g.faq.length === 0 ? '' : html`${g.faq.map((f) => html`<h3>${f.question}</h3><p>${f.answer}</p>`)}`,
    },
    { id: 'related', title: 'Related roles', body: list(g.relatedRoles) },
    {
      id: 'jobs',
      title: `Current ${g.title} jobs`,
      body:
        jobs.length === 0
          ? html`<p>No open jobs in this role right now. Sign up below and we will email you when some come in.</p>`
          : html`<ul class="jobs">${jobs.map(jobLine)}</ul>`,
    },
  ];
  return all.filter((s) => s.body !== '');
}

export interface SiteContext {
  /** Absolute base URL of the site (PUBLIC_BASE_URL), for canonical links and structured data; '' when unknown. */
  baseUrl: string;
}

/** schema.org Occupation and FAQPage for one guide. */
export function guideStructuredData(guide: Guide, url: string): object[] {
  const s = guide.salary;
  const occupation: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Occupation',
    name: guide.title,
    description: guide.summary,
    ...(url !== '' ? { url, mainEntityOfPage: url } : {}),
    ...(guide.responsibilities.length > 0 ? { responsibilities: guide.responsibilities } : {}),
    ...(guide.skills.technical.length + guide.skills.soft.length > 0 ? { skills: [...guide.skills.technical, ...guide.skills.soft] } : {}),
    ...(guide.education.level !== null ? { educationRequirements: guide.education.level } : {}),
    ...(s !== null
      ? {
          occupationLocation: { '@type': 'Country', name: s.region },
          estimatedSalary: [
            {
              '@type': 'MonetaryAmountDistribution',
              name: 'base',
              currency: s.currency,
              duration: 'P1Y',
              minValue: s.min,
              maxValue: s.max,
              median: s.median,
            },
          ],
        }
      : {}),
    ...(guide.outlook?.status !== undefined && guide.outlook.status !== null ? { occupationalOutlook: guide.outlook.status } : {}),
  };
  const docs: object[] = [occupation];
  if (guide.faq.length > 0) {
    docs.push({
      '@context': 'https://schema.org',
      '@type': 'FAQPage',
      mainEntity: guide.faq.map((f) => ({ '@type': 'Question', name: f.question, acceptedAnswer: { '@type': 'Answer', text: f.answer } })),
    });
  }
  return docs;
}

const openJobs = (n: number) => (n === 0 ? 'no open jobs right now' : n >= SITE_LIMITS.guideJobs ? `${n}+ open jobs` : `${n} open ${n === 1 ? 'job' : 'jobs'}`);

/** The whole page of one guide. `jobs`: its current jobs, newest first (as GET /guides/{slug}/jobs). */
export function renderGuidePage(guide: Guide, jobs: readonly Job[], site: SiteContext): string {
  const url = site.baseUrl === '' ? '' : `${site.baseUrl}/guides/${guide.slug}`;
  jobs = jobs.slice(0, SITE_LIMITS.guideJobs);
  const shown = sections(guide, jobs);
  return sitePage({
    title: `${guide.title}: career guide, salary and jobs · careerwire`,
    description: guide.summary.length > 300 ? `${guide.summary.slice(0, 297).replace(/\s+\S*$/, '')}…` : guide.summary,
    ...(url !== '' ? { canonical: url } : {}),
    structuredData: guideStructuredData(guide, url),
    main: html`<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/guides">Career guides</a></li><li><a href="/guides/${guide.slug}" aria-current="page">${guide.title}</a></li></ol></nav>
<article aria-labelledby="guide-title">
<h1 id="guide-title">${guide.title}</h1>
<p class="lead">${guide.summary}</p>
${figures(guide)}
<p class="muted">Updated ${day(guide.updatedAt)} · <a href="#jobs">${openJobs(jobs.length)}</a> · <a href="#signup">Get alerts for ${guide.title} jobs</a></p>
<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">On this page</h2><ol>${shown.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}<li><a href="#signup">Get job alerts</a></li></ol></nav>
${shown.map((s) => html`<section id="${s.id}" aria-labelledby="${s.id}-heading"><h2 id="${s.id}-heading">${s.title}</h2>
${s.body}
</section>
`)}
</article>
${signUpForm({ heading: `Get alerts for ${guide.title} jobs`, guide: { slug: guide.slug, title: guide.title } })}`,
  });
}

export interface IndexQuery {
  q?: string;
  remote?: boolean;
  sort: 'title' | 'salary' | 'growth';
}

const SORT_LABELS: Record<IndexQuery['sort'], string> = { title: 'Title (A–Z)', salary: 'Highest median salary', growth: 'Fastest growth' };

/** One guide in a list: title link, summary, figures. Shared by the index and the home page. */
export function guideCard(s: GuideSummary): SafeHtml {
  const facts = [
    s.medianSalary !== null && s.salaryCurrency !== null ? `median ${money(s.medianSalary, s.salaryCurrency)}` : null,
    s.growthRatePercent !== null ? `growth ${growth(s.growthRatePercent)}` : null,
    s.workArrangement !== null ? s.workArrangement.replace(/-/g, ' ') : null,
  ].filter((f): f is string => f !== null);
  return html`<li class="card"><h3><a href="/guides/${s.slug}">${s.title}</a></h3>${facts.length > 0 ? html`<p class="muted">${facts.join(' · ')}</p>` : ''}<p>${
    s.summary.length > 240 ? `${s.summary.slice(0, 237).replace(/\s+\S*$/, '')}…` : s.summary
  }</p></li>`;
}

/** The search form (GET /guides): on the index and the home page. */
export function guideSearchForm(query: Partial<IndexQuery>, withOptions: boolean): SafeHtml {
  return html`<form class="search" method="get" action="/guides" role="search" aria-label="Career guides">
<div><label for="guide-q">Search the career guides</label><input type="search" id="guide-q" name="q" value="${query.q ?? ''}" maxlength="200" placeholder="e.g. medical, remote"></div>
${
  withOptions
    ? html`<div><label for="guide-sort">Sort by</label><select id="guide-sort" name="sort">${(Object.keys(SORT_LABELS) as IndexQuery['sort'][]).map(
        (k) => html`<option value="${k}"${query.sort === k ? new SafeHtml(' selected') : ''}>${SORT_LABELS[k]}</option>`,
      )}</select></div>
<div class="check"><input type="checkbox" id="guide-remote" name="remote" value="true"${query.remote === true ? new SafeHtml(' checked') : ''}><label for="guide-remote">Remote-friendly only</label></div>`
    : ''
}
<button type="submit">Search</button>
</form>`;
}

/** The guide index: every guide that matches, in the chosen order. */
export function renderGuideIndex(summaries: readonly GuideSummary[], query: IndexQuery, site: SiteContext): string {
  const filtered = query.q !== undefined || query.remote !== undefined;
  const count = `${summaries.length} ${summaries.length === 1 ? 'guide' : 'guides'}`;
  return sitePage({
    title: `${filtered ? 'Search: ' : ''}Career guides · careerwire`,
    description: 'Career guides: what each role does, what it pays by level, the skills it needs, how to grow in it, and its current jobs.',
    ...(site.baseUrl !== '' && !filtered ? { canonical: `${site.baseUrl}/guides` } : {}),
    ...(filtered ? { noindex: true } : {}),
    main: html`<h1>Career guides</h1>
<p class="lead">What each role does, what it pays by level, the skills it needs, how to grow in it, and its current jobs.</p>
${guideSearchForm(query, true)}
<h2 id="results-heading" role="status">${filtered ? `${count} found` : count}</h2>
${
  summaries.length === 0
    ? html`<p>No guide matches. Try fewer or other words.</p>`
    : html`<ul class="tiers" aria-labelledby="results-heading">${summaries.map(guideCard)}</ul>`
}`,
  });
}

export const guidePageHeaders = () => publicPageHeaders(SITE_LIMITS.pageMaxAgeSeconds);
