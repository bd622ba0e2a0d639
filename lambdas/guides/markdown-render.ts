/**
 * Writes a guide as canonical Markdown (the layout described in markdown.ts): what
 * `careerwire guide import` writes and content/guides/ holds. Parsing the output gives the same
 * guide back, which the guide tests check on every fixture.
 */
import { EXPERIENCE, FOCUS, TAKEAWAY } from './fields';
import type { DayBlock, ParsedGuide } from './guide';
import { NEEDS_ESCAPE, type MdSectionName } from './markdown-body';

/** Words some YAML readers take for null or a boolean: quoted, so that any reader sees text. */
const RESERVED = /^(?:null|true|false|yes|no|on|off|y|n|~)$/i;

/** Plain when plainly text, else a JSON string (which YAML reads as a double-quoted scalar). */
function yamlString(value: string): string {
  return /^[A-Za-z][A-Za-z0-9 .,()&'/+%-]*$/.test(value) && !RESERVED.test(value) && !value.endsWith(' ')
    ? value
    : JSON.stringify(value);
}

function yamlValue(value: string | number | null): string {
  if (value === null) return 'null';
  return typeof value === 'number' ? String(value) : yamlString(value);
}

/** The canonical Markdown of a guide; parsing it gives the same guide. */
export function renderGuideMarkdown(guide: ParsedGuide): string {
  const out: string[] = ['---'];
  const kv = (key: string, value: string | number | null, indent = ''): void => {
    out.push(`${indent}${key}: ${yamlValue(value)}`);
  };
  kv('slug', guide.slug);
  kv('title', guide.title);
  kv('updatedAt', guide.updatedAt);
  kv('growthRatePercent', guide.growthRatePercent);
  kv('workArrangement', guide.workArrangement);
  kv('marketDemand', guide.marketDemand?.level ?? null);
  if (guide.salary) {
    const s = guide.salary;
    out.push('salary:');
    kv('currency', s.currency, '  ');
    kv('region', s.region, '  ');
    kv('min', s.min, '  ');
    kv('max', s.max, '  ');
    kv('median', s.median, '  ');
    if (s.byLevel.length === 0) out.push('  byLevel: []');
    else out.push('  byLevel:');
    for (const level of s.byLevel) {
      out.push(`    - level: ${yamlValue(level.level)}`);
      kv('amount', level.amount, '      ');
    }
  } else {
    kv('salary', null);
  }
  if (guide.outlook) {
    out.push('outlook:');
    kv('growthRatePercent', guide.outlook.growthRatePercent, '  ');
    kv('status', guide.outlook.status, '  ');
    kv('source', guide.outlook.source, '  ');
  } else {
    kv('outlook', null);
  }
  const balance = guide.workLifeBalance;
  if (balance && (balance.stressLevel !== null || balance.balanceRating !== null)) {
    out.push('workLifeBalance:');
    kv('stressLevel', balance.stressLevel, '  ');
    kv('balanceRating', balance.balanceRating, '  ');
  } else {
    kv('workLifeBalance', null);
  }
  out.push('---');

  const section = (name: MdSectionName, blocks: string[]): void => {
    if (blocks.length > 0) out.push('', `## ${name}`, '', blocks.join('\n\n'));
  };
  const paras = (texts: readonly string[]): string => texts.map(escapeParagraph).join('\n\n');
  const split = (text: string | null | undefined): string[] => (text ? text.split('\n\n') : []);
  const list = (texts: readonly string[]): string => texts.map((t) => `- ${t}`).join('\n');
  const nonEmpty = (parts: string[]): string[] => parts.filter((p) => p !== '');
  const sub = (title: string, parts: string[]): string => [`### ${title}`, ...nonEmpty(parts)].join('\n\n');

  section('Summary', [paras(split(guide.summary))]);
  section('Market Demand', nonEmpty([paras(split(guide.marketDemand?.text))]));
  section('Top Earners', nonEmpty([paras(split(guide.salary?.topEarnersNote))]));
  section('Core Functions', nonEmpty([paras(guide.coreFunctions)]));
  section('Key Responsibilities', nonEmpty([list(guide.responsibilities)]));
  section('Work Setting', nonEmpty([paras(split(guide.workSetting))]));
  section('Tech Stack', nonEmpty([list(guide.techStack)]));
  const education = guide.education;
  section(
    'Education',
    [
      ['Level', split(education.level)] as const,
      ['Path', education.path] as const,
      ['Required', education.required] as const,
    ]
      .filter(([, texts]) => texts.length > 0)
      .map(([name, texts]) => sub(name, [paras(texts)])),
  );
  section('Technical Skills', nonEmpty([list(guide.skills.technical)]));
  section('Soft Skills', nonEmpty([list(guide.skills.soft)]));
  section(
    'Career Path Tiers',
    guide.careerTiers.map((tier) => sub(tier.title, [`Experience: ${tier.experience}`, paras(split(tier.description))])),
  );
  section('Global Outlook', nonEmpty([paras(guide.globalOutlook)]));
  const market = guide.jobMarket;
  section(
    'Job Market',
    [
      ['Challenges', market.challenges] as const,
      ['Growth Paths', market.growthPaths] as const,
      ['Trends', market.trends] as const,
    ]
      .filter(([, texts]) => texts.length > 0)
      .map(([name, texts]) => sub(name, [paras(texts)])),
  );
  section(
    'A Day in the Life',
    guide.dayInTheLife.map((day) =>
      sub(periodHeading(day), [day.focus === '' ? '' : `Focus: ${day.focus}`, list(day.tasks)]),
    ),
  );
  section('Work-Life Balance', nonEmpty([paras(balance?.text ?? [])]));
  section(
    'Skill Map',
    guide.skillMap.map((group) => sub(group.name, [group.description === null ? '' : escapeParagraph(group.description), list(group.skills)])),
  );
  section('Pros', nonEmpty([list(guide.pros)]));
  section('Cons', nonEmpty([list(guide.cons)]));
  section('Common Mistakes', nonEmpty([list(guide.commonMistakes)]));
  section('Advice', nonEmpty([list(guide.advice)]));
  section(
    'Case Studies',
    guide.caseStudies.map((study) =>
      sub(study.title, [paras(split(study.text)), study.takeaway === null ? '' : `Key takeaway: ${study.takeaway}`]),
    ),
  );
  section('Portfolio Tips', nonEmpty([paras(guide.portfolioTips)]));
  section('Related Roles', nonEmpty([list(guide.relatedRoles)]));
  section('FAQ', guide.faq.map((entry) => sub(entry.question, [paras(split(entry.answer))])));
  return `${out.join('\n')}\n`;
}

function periodHeading(day: DayBlock): string {
  if (day.start === null) return day.period;
  const times = day.end === null ? day.start : `${day.start}–${day.end}`;
  return day.period === '' ? `(${times})` : `${day.period} (${times})`;
}

/**
 * A paragraph that starts like Markdown syntax, or like a label of its block ("Experience:",
 * "Focus:", "Key takeaway:"), gets a leading backslash so that it reads back as plain text.
 */
function escapeParagraph(text: string): string {
  return NEEDS_ESCAPE.test(text) || EXPERIENCE.test(text) || FOCUS.test(text) || TAKEAWAY.test(text) ? `\\${text}` : text;
}
