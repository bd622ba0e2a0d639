/**
 * The digest email: subject, HTML and plain text from a Digest. The HTML fills the templates compiled
 * from templates/digest.mjml at build time (`npm run build:emails`); mjml itself never loads here.
 * Every value from a feed or a guide is escaped by the template filler, and links that are not
 * http(s) become '#' (HTML) or are left out (text).
 */
import type { Digest, DigestGuide, DigestJob, RenderedDigest } from './digest';
import { capitalise, countJobs, formatDayMonth, formatGrowth, formatMoney, oneLine, safeUrl, truncate } from './format';
import { EMPTY_HTML, compileTemplate, joinHtml, type Html } from './template';
import { digestTemplates as T } from './templates/digest.html';

/** Longest subject line: RFC 5322's recommended line length, and what most inboxes show whole. */
export const SUBJECT_MAX = 78;
/**
 * Guides shown as full sections in the HTML (every guide still has its line in its jobs' cards, and
 * every guide is in the text part). Twenty jobs with twenty guides would otherwise pass the ~100 KB at
 * which Gmail clips a message, hiding the footer and its unsubscribe link.
 */
export const MAX_GUIDE_SECTIONS = 4;
const PREHEADER_MAX = 140;

const fill = {
  document: compileTemplate(T.document, 'document'),
  empty: compileTemplate(T.empty, 'empty'),
  jobs: compileTemplate(T.jobs, 'jobs'),
  job: compileTemplate(T.job, 'job'),
  jobChips: compileTemplate(T.jobChips, 'jobChips'),
  chip: compileTemplate(T.chip, 'chip'),
  jobSalary: compileTemplate(T.jobSalary, 'jobSalary'),
  jobGuide: compileTemplate(T.jobGuide, 'jobGuide'),
  guides: compileTemplate(T.guides, 'guides'),
  guide: compileTemplate(T.guide, 'guide'),
  guideStats: compileTemplate(T.guideStats, 'guideStats'),
  guideStat: compileTemplate(T.guideStat, 'guideStat'),
  guideLevels: compileTemplate(T.guideLevels, 'guideLevels'),
  guideLevel: compileTemplate(T.guideLevel, 'guideLevel'),
  plusNote: compileTemplate(T.plusNote, 'plusNote'),
};

/** What both parts show, formatted once. */
interface JobView {
  title: string;
  company: string;
  geo: string;
  url: string;
  chips: string[];
  salaryText: string | null;
  excerpt: string;
  posted: string;
  guide: GuideView | null;
}

interface GuideView {
  title: string;
  url: string;
  stats: { label: string; value: string; note: string }[];
  levels: { level: string; amount: string; percent: number }[];
  /** One line for a job card: "Median salary $47,500 a year · 7% projected growth". */
  facts: string;
}

export function renderDigest(digest: Digest): RenderedDigest {
  const guides = linkedGuides(digest);
  const jobs = digest.jobs.map((job) => jobView(job, guides));
  const subject = digestSubject(digest);
  return {
    subject,
    html: renderHtml(digest, subject, jobs, [...guides.values()]),
    text: renderText(digest, jobs, [...guides.values()]),
  };
}

/** "5 new jobs: Medical Office Administrator and more", "1 new job: Data Analyst at Acme". */
export function digestSubject(digest: Pick<Digest, 'tier' | 'jobs'>): string {
  const count = digest.jobs.length;
  const top = digest.jobs[0];
  if (top === undefined) return digest.tier === 'plus' ? 'No new jobs today' : 'No new jobs this week';
  const prefix = `${countJobs(count)}: `;
  const title = subjectText(top.title) || 'a new role';
  if (count === 1) {
    const company = subjectText(top.company);
    const full = company === '' ? `${prefix}${title}` : `${prefix}${title} at ${company}`;
    if (full.length <= SUBJECT_MAX) return full;
    return `${prefix}${truncate(title, SUBJECT_MAX - prefix.length)}`;
  }
  const suffix = ' and more';
  return `${prefix}${truncate(title, SUBJECT_MAX - prefix.length - suffix.length)}${suffix}`;
}

/** A feed's text made fit for a subject line: one line, no "!!!", "$$$" or similar runs. */
function subjectText(value: string): string {
  return oneLine(value)
    .replace(/!+/g, '')
    .replace(/([?.*$#%&+~=_-])\1+/g, '$1')
    .replace(/^[\s,;:.\-–—|]+|[\s,;:\-–—|]+$/g, '')
    .replace(/\s+/g, ' ');
}

/** The digest's guides that at least one of its jobs links, by slug, in order of first appearance. */
function linkedGuides(digest: Digest): Map<string, GuideView> {
  const linked = new Set<string>();
  for (const job of digest.jobs) if (job.guideSlug !== null) linked.add(job.guideSlug);
  const out = new Map<string, GuideView>();
  for (const guide of digest.guides) {
    if (linked.has(guide.slug) && !out.has(guide.slug)) out.set(guide.slug, guideView(guide));
  }
  return out;
}

function guideView(guide: DigestGuide): GuideView {
  const stats: GuideView['stats'] = [];
  if (guide.medianSalary !== null) {
    stats.push({ label: 'Median salary', value: formatMoney(guide.medianSalary, guide.currency), note: 'a year' });
  }
  if (guide.growthRatePercent !== null) {
    stats.push({ label: 'Job growth', value: formatGrowth(guide.growthRatePercent), note: 'projected' });
  }
  const top = Math.max(0, ...guide.salaryByLevel.map((l) => l.amount));
  const levels = guide.salaryByLevel.map((l) => ({
    level: oneLine(l.level),
    amount: formatMoney(l.amount, guide.currency),
    percent: top > 0 ? Math.max(4, Math.round((l.amount / top) * 100)) : 0,
  }));
  const facts: string[] = [];
  if (guide.medianSalary !== null) facts.push(`Median salary ${formatMoney(guide.medianSalary, guide.currency)} a year`);
  if (guide.growthRatePercent !== null) facts.push(`${formatGrowth(guide.growthRatePercent)} projected job growth`);
  if (facts.length === 0 && levels.length > 0) facts.push('Salary by level for this role');
  return {
    title: oneLine(guide.title),
    url: safeUrl(guide.url),
    stats,
    levels,
    facts: facts.length > 0 ? facts.join(' · ') : 'Skills, pay and outlook for this role',
  };
}

const LEVEL_WORDS = new Set(['Entry', 'Mid', 'Senior']);

function jobView(job: DigestJob, guides: Map<string, GuideView>): JobView {
  const chips = job.types.map((t) => capitalise(oneLine(t))).filter((t) => t !== '');
  const level = job.level === null ? '' : oneLine(job.level);
  if (level !== '') chips.push(LEVEL_WORDS.has(level) ? `${level} level` : level);
  const salary = job.salaryText === null ? '' : oneLine(job.salaryText);
  const posted = formatDayMonth(job.postedAt);
  return {
    title: oneLine(job.title),
    company: oneLine(job.company),
    geo: oneLine(job.geo),
    url: safeUrl(job.url),
    chips,
    salaryText: salary === '' ? null : salary,
    excerpt: oneLine(job.excerpt),
    posted: posted === null ? 'Posted recently' : `Posted ${posted}`,
    guide: job.guideSlug === null ? null : (guides.get(job.guideSlug) ?? null),
  };
}

function renderHtml(digest: Digest, subject: string, jobs: JobView[], guides: GuideView[]): string {
  const count = jobs.length;
  const plus = digest.tier === 'plus';
  const sections = guides.slice(0, MAX_GUIDE_SECTIONS);
  return fill.document({
    subject,
    preheader: preheader(jobs),
    cadenceLabel: plus ? 'Daily job alert' : 'Weekly job alert',
    headline: count === 0 ? 'No new jobs this time' : `${countJobs(count)} for you`,
    periodLabel: capitalise(oneLine(digest.periodLabel)),
    intro:
      count === 0
        ? 'Nothing new matched your alert this time.'
        : `Matched to your alert, most relevant first.${guides.length > 0 ? ' Salary guides for these roles follow the jobs.' : ''}`,
    empty:
      count === 0
        ? fill.empty({
            emptyMessage: `No new jobs matched your alert ${plus ? 'today' : 'this week'}. We will keep looking and write again ${plus ? 'tomorrow' : 'next week'}; widening your alert in your preferences finds more.`,
          })
        : EMPTY_HTML,
    jobs: count === 0 ? EMPTY_HTML : fill.jobs({ job: joinHtml(jobs.map(jobHtml)) }),
    guides:
      sections.length === 0
        ? EMPTY_HTML
        : fill.guides({
            guidesHeading: sections.length === 1 ? 'Career guide for this role' : 'Career guides for these roles',
            guidesIntro: 'What the work pays at each level, and where demand is heading.',
            guide: joinHtml(sections.map(guideHtml)),
          }),
    plusNote: plus ? EMPTY_HTML : fill.plusNote({ upgradeUrl: safeUrl(digest.upgradeUrl) }),
    reason: reason(digest),
    manageUrl: safeUrl(digest.manageUrl),
    unsubscribeUrl: safeUrl(digest.unsubscribeUrl),
  });
}

function jobHtml(job: JobView): Html {
  return fill.job({
    url: job.url,
    title: job.title,
    company: job.company,
    geo: job.geo,
    jobChips: job.chips.length === 0 ? EMPTY_HTML : fill.jobChips({ chip: joinHtml(job.chips.map((text) => fill.chip({ text }))) }),
    jobSalary: job.salaryText === null ? EMPTY_HTML : fill.jobSalary({ salaryText: job.salaryText }),
    excerpt: job.excerpt,
    jobGuide:
      job.guide === null
        ? EMPTY_HTML
        : fill.jobGuide({ guideUrl: job.guide.url, guideTitle: job.guide.title, guideFacts: job.guide.facts }),
    postedLabel: job.posted,
  });
}

function guideHtml(guide: GuideView): Html {
  return fill.guide({
    title: guide.title,
    url: guide.url,
    guideStats:
      guide.stats.length === 0 ? EMPTY_HTML : fill.guideStats({ guideStat: joinHtml(guide.stats.map((s) => fill.guideStat(s))) }),
    guideLevels:
      guide.levels.length === 0
        ? EMPTY_HTML
        : fill.guideLevels({
            guideLevel: joinHtml(
              guide.levels.map((l) => fill.guideLevel({ level: l.level, barPercent: l.percent, amount: l.amount })),
            ),
          }),
  });
}

/** The inbox preview: the top roles, e.g. "Data Analyst at Acme, Office Manager at Quill and 3 more". */
function preheader(jobs: JobView[]): string {
  if (jobs.length === 0) return 'Nothing new matched your alert this time.';
  const names: string[] = [];
  let length = 0;
  for (const job of jobs) {
    const name = job.company === '' ? job.title : `${job.title} at ${job.company}`;
    if (names.length > 0 && length + name.length > PREHEADER_MAX - 20) break;
    names.push(name);
    length += name.length + 2;
  }
  const rest = jobs.length - names.length;
  const list = rest > 0 ? `${names.join(', ')} and ${rest} more` : names.join(', ');
  return truncate(list, PREHEADER_MAX);
}

function reason(digest: Digest): string {
  const plan = digest.tier === 'plus' ? 'Plus, a daily digest' : 'Free, a weekly digest';
  return `You are receiving this because you subscribed to careerwire job alerts. Your plan: ${plan}.`;
}

function renderText(digest: Digest, jobs: JobView[], guides: GuideView[]): string {
  const plus = digest.tier === 'plus';
  const out: string[] = [];
  out.push(`careerwire · ${plus ? 'daily' : 'weekly'} job alert`);
  out.push(capitalise(oneLine(digest.periodLabel)));
  out.push('');
  if (jobs.length === 0) {
    out.push(
      `No new jobs matched your alert ${plus ? 'today' : 'this week'}. We will keep looking and write again ${plus ? 'tomorrow' : 'next week'}.`,
    );
  } else {
    out.push(`${countJobs(jobs.length)} matching your alert, most relevant first.`);
  }
  jobs.forEach((job, i) => {
    out.push('', `${i + 1}. ${job.title}`);
    const indent = ' '.repeat(`${i + 1}. `.length);
    out.push(`${indent}${[job.company, job.geo].filter((s) => s !== '').join(' · ')}`);
    const details = [...job.chips, ...(job.salaryText === null ? [] : [job.salaryText]), job.posted];
    out.push(`${indent}${details.join(' · ')}`);
    if (job.excerpt !== '') out.push(`${indent}${job.excerpt}`);
    if (job.url !== '#') out.push(`${indent}View and apply: ${job.url}`);
    if (job.guide !== null) {
      out.push(`${indent}Career guide: ${job.guide.title}. ${job.guide.facts}`);
      if (job.guide.url !== '#') out.push(`${indent}${job.guide.url}`);
    }
  });
  if (guides.length > 0) {
    out.push('', '', guides.length === 1 ? 'CAREER GUIDE FOR THIS ROLE' : 'CAREER GUIDES FOR THESE ROLES');
    for (const guide of guides) {
      out.push('', guide.title);
      if (guide.stats.length > 0) out.push(guide.stats.map((s) => `${s.label}: ${s.value} ${s.note}`).join(' · '));
      if (guide.levels.length > 0) {
        out.push('Salary by level (a year):');
        const width = Math.max(...guide.levels.map((l) => l.level.length));
        const amountWidth = Math.max(...guide.levels.map((l) => l.amount.length));
        for (const l of guide.levels) out.push(`  ${l.level.padEnd(width)}  ${l.amount.padStart(amountWidth)}`);
      }
      if (guide.url !== '#') out.push(`Read the guide: ${guide.url}`);
    }
  }
  if (!plus) {
    out.push('', '', 'Want these jobs every day? Plus subscribers get this alert daily, so they hear about new jobs first.');
    const upgrade = safeUrl(digest.upgradeUrl);
    if (upgrade !== '#') out.push(`Upgrade to Plus: ${upgrade}`);
  }
  out.push('', '--', reason(digest));
  out.push(`Manage preferences: ${safeUrl(digest.manageUrl)}`);
  out.push(`Unsubscribe: ${safeUrl(digest.unsubscribeUrl)}`);
  return `${out.join('\n')}\n`;
}
