/**
 * The canonical layout: `content/guides/<slug>.md`, what people edit by hand and what ingest reads.
 *
 * ```markdown
 * ---
 * slug: medical-office-administrator
 * title: Medical Office Administrator
 * updatedAt: "2026-11-01T00:00:00.000Z"
 * growthRatePercent: 7
 * workArrangement: remote-friendly
 * marketDemand: High
 * salary:                 # or `salary: null`
 *   currency: USD
 *   region: US
 *   min: 35000
 *   max: 60000
 *   median: 47500
 *   byLevel:
 *     - level: Entry-Level
 *       amount: 38750
 * outlook:                # or `outlook: null`
 *   growthRatePercent: 7
 *   status: Growing faster than average
 *   source: U.S. Bureau of Labor Statistics
 * workLifeBalance:        # or `workLifeBalance: null`
 *   stressLevel: Moderate
 *   balanceRating: Good
 * ---
 *
 * ## Summary
 *
 * Paragraphs are separated by blank lines; a paragraph may be wrapped over several lines.
 *
 * ## Key Responsibilities
 *
 * - one list item per line
 *
 * ## Career Path Tiers
 *
 * ### Entry-Level Medical Office Assistant
 *
 * Experience: 0-2 years
 *
 * Description paragraph(s).
 * ```
 *
 * The figures live in the front matter (YAML; see front-matter.ts for what it accepts); the prose
 * lives in `## Section`s with `### Sub-section`s (see MD_SECTIONS for the names). A paragraph that
 * would read as Markdown syntax is escaped with a leading backslash. Errors carry the line of the .md
 * file. front-matter.ts reads the front matter, markdown-body.ts the body, this module maps both to
 * the guide, and markdown-render.ts writes the layout.
 */
import type { ParseContext } from './errors';
import type { CareerTier, CaseStudy, DayBlock, Faq, Salary, SkillGroup } from './guide';
import { EXPERIENCE, FOCUS, TAKEAWAY, parsePeriod, parseTier } from './fields';
import { readFrontMatter, type FrontMatterMap } from './front-matter';
import type { GuideContent, ParsedLayout } from './layout';
import {
  items,
  namedSubsections,
  paragraphs,
  readBody,
  subsections,
  type Block,
  type MdSection,
  type MdSectionName,
} from './markdown-body';

/** True when the input starts with a `---` front matter line (after an optional BOM). */
export function looksLikeMarkdownGuide(lines: readonly string[]): boolean {
  return lines.length > 0 && (lines[0] as string).trimEnd() === '---';
}

const EDUCATION_SUBS = ['Level', 'Path', 'Required'] as const;
const JOB_MARKET_SUBS = ['Challenges', 'Growth Paths', 'Trends'] as const;

export function parseMarkdownGuide(lines: readonly string[], ctx: ParseContext): ParsedLayout {
  const { fields, bodyStart } = readFrontMatter(lines, ctx);
  const fm = fields.allow([
    'slug',
    'title',
    'updatedAt',
    'growthRatePercent',
    'workArrangement',
    'marketDemand',
    'salary',
    'outlook',
    'workLifeBalance',
  ]);
  const title = fm.requiredString('title');
  const body = readBody(lines, bodyStart, ctx);
  const section = (name: MdSectionName): MdSection | undefined => body.get(name);
  const paras = (name: MdSectionName): string[] => {
    const s = section(name);
    return s ? paragraphs(s.blocks, `'## ${name}'`, ctx) : [];
  };
  const list = (name: MdSectionName): string[] => {
    const s = section(name);
    return s ? items(s.blocks, `'## ${name}'`, ctx) : [];
  };
  const joined = (texts: string[]): string | null => (texts.length > 0 ? texts.join('\n\n') : null);

  const summary = joined(paras('Summary'));
  if (summary === null) ctx.fail(section('Summary')?.line ?? Math.min(bodyStart + 1, lines.length), "summary missing: add a '## Summary' section with the opening paragraph(s)");

  const demandLevel = fm.string('marketDemand');
  const demandText = paras('Market Demand');
  if (demandLevel === null && section('Market Demand')) {
    ctx.fail(section('Market Demand')?.line ?? 1, "'## Market Demand' needs 'marketDemand: <level>' in the front matter");
  }

  const salary = readSalary(fm, ctx);
  const topEarners = joined(paras('Top Earners'));
  if (salary === null && section('Top Earners')) {
    ctx.fail(section('Top Earners')?.line ?? 1, "'## Top Earners' needs a 'salary:' map in the front matter");
  }
  if (salary) salary.topEarnersNote = topEarners;

  const education = namedSubsections(section('Education'), EDUCATION_SUBS, ctx);
  const eduParas = (name: (typeof EDUCATION_SUBS)[number]): string[] =>
    paragraphs(education.get(name) ?? [], `'### ${name}'`, ctx);
  const market = namedSubsections(section('Job Market'), JOB_MARKET_SUBS, ctx);
  const marketParas = (name: (typeof JOB_MARKET_SUBS)[number]): string[] =>
    paragraphs(market.get(name) ?? [], `'### ${name}'`, ctx);

  const balanceFields = fm.map('workLifeBalance')?.allow(['stressLevel', 'balanceRating']) ?? null;
  const balanceText = paras('Work-Life Balance');
  const outlookFields = fm.map('outlook')?.allow(['growthRatePercent', 'status', 'source']) ?? null;

  const content: GuideContent = {
    title,
    summary,
    growthRatePercent: fm.number('growthRatePercent'),
    workArrangement: fm.string('workArrangement'),
    marketDemand: demandLevel === null ? null : { level: demandLevel, text: demandText.join('\n\n') },
    salary,
    coreFunctions: paras('Core Functions'),
    responsibilities: list('Key Responsibilities'),
    workSetting: joined(paras('Work Setting')),
    techStack: list('Tech Stack'),
    education: { level: joined(eduParas('Level')), required: eduParas('Required'), path: eduParas('Path') },
    skills: { technical: list('Technical Skills'), soft: list('Soft Skills') },
    careerTiers: readTiers(section('Career Path Tiers'), ctx),
    globalOutlook: paras('Global Outlook'),
    jobMarket: { challenges: marketParas('Challenges'), growthPaths: marketParas('Growth Paths'), trends: marketParas('Trends') },
    dayInTheLife: readDays(section('A Day in the Life'), ctx),
    workLifeBalance:
      balanceFields === null && section('Work-Life Balance') === undefined
        ? null
        : {
            stressLevel: balanceFields?.string('stressLevel') ?? null,
            balanceRating: balanceFields?.string('balanceRating') ?? null,
            text: balanceText,
          },
    skillMap: readSkillMap(section('Skill Map'), ctx),
    pros: list('Pros'),
    cons: list('Cons'),
    commonMistakes: list('Common Mistakes'),
    advice: list('Advice'),
    caseStudies: readCaseStudies(section('Case Studies'), ctx),
    portfolioTips: paras('Portfolio Tips'),
    outlook:
      outlookFields === null
        ? null
        : {
            growthRatePercent: outlookFields.number('growthRatePercent'),
            status: outlookFields.string('status'),
            source: outlookFields.string('source'),
          },
    relatedRoles: list('Related Roles'),
    faq: readFaq(section('FAQ'), ctx),
  };
  const slug = fm.string('slug');
  const updatedAt = fm.string('updatedAt');
  return {
    content,
    titleLine: fm.line('title'),
    ...(slug === null ? {} : { slug: { value: slug, line: fm.line('slug') } }),
    ...(updatedAt === null ? {} : { updatedAt: { value: updatedAt, line: fm.line('updatedAt') } }),
  };
}

function readSalary(fm: FrontMatterMap, ctx: ParseContext): Salary | null {
  const salary = fm.map('salary')?.allow(['currency', 'region', 'min', 'max', 'median', 'byLevel']);
  if (!salary) return null;
  const min = salary.requiredNumber('min');
  const max = salary.requiredNumber('max');
  if (min > max) ctx.fail(salary.line('min'), `salary minimum ${min} is greater than the maximum ${max}`);
  return {
    currency: salary.requiredString('currency'),
    region: salary.requiredString('region'),
    min,
    max,
    median: salary.requiredNumber('median'),
    byLevel: salary.list('byLevel').map(({ fields }) => {
      fields.allow(['level', 'amount']);
      return { level: fields.requiredString('level'), amount: fields.requiredNumber('amount') };
    }),
    topEarnersNote: null,
  };
}

function readTiers(section: MdSection | undefined, ctx: ParseContext): CareerTier[] {
  return subsections(section, ctx).map(({ title, line, blocks }) => {
    const texts = paragraphs(blocks, `tier '${title}'`, ctx);
    const first = blocks[0];
    const experience = first && !first.escaped ? EXPERIENCE.exec(first.text) : null;
    if (!first || !experience) ctx.fail(first?.line ?? line, `tier '${title}' needs an 'Experience: 0-2 years' line first`);
    return parseTier(title, (experience[1] as string).trim(), texts.slice(1).join('\n\n'), first.line, ctx);
  });
}

function readDays(section: MdSection | undefined, ctx: ParseContext): DayBlock[] {
  return subsections(section, ctx).map(({ title, line, blocks }) => {
    const day: DayBlock = { ...parsePeriod(title, line, ctx), focus: '', tasks: [] };
    blocks.forEach((block, index) => {
      const focus = block.kind === 'para' && !block.escaped && index === 0 ? FOCUS.exec(block.text) : null;
      if (focus) day.focus = (focus[1] as string).trim();
      else if (block.kind === 'item') day.tasks.push(block.text);
      else ctx.fail(block.line, `'### ${title}' holds an optional 'Focus: …' line, then '- ' tasks`);
    });
    return day;
  });
}

function readSkillMap(section: MdSection | undefined, ctx: ParseContext): SkillGroup[] {
  return subsections(section, ctx).map(({ title, blocks }) => {
    const group: SkillGroup = { name: title, description: null, skills: [] };
    blocks.forEach((block, index) => {
      if (block.kind === 'para' && index === 0) group.description = block.text;
      else if (block.kind === 'item') group.skills.push(block.text);
      else ctx.fail(block.line, `skill group '${title}' holds one optional description paragraph, then '- ' skills`);
    });
    return group;
  });
}

function readCaseStudies(section: MdSection | undefined, ctx: ParseContext): CaseStudy[] {
  return subsections(section, ctx).map(({ title, blocks }) => {
    const texts = paragraphs(blocks, `case study '${title}'`, ctx);
    let takeaway: string | null = null;
    for (let index = 0; index < blocks.length; index++) {
      const block = blocks[index] as Block;
      const match = block.escaped ? null : TAKEAWAY.exec(block.text);
      if (!match) continue;
      if (index !== blocks.length - 1) ctx.fail(block.line, "'Key takeaway:' must be the case study's last paragraph");
      takeaway = (match[1] as string).trim();
    }
    return { title, text: (takeaway === null ? texts : texts.slice(0, -1)).join('\n\n'), takeaway };
  });
}

function readFaq(section: MdSection | undefined, ctx: ParseContext): Faq[] {
  return subsections(section, ctx).map(({ title, line, blocks }) => {
    const answer = paragraphs(blocks, `question '${title}'`, ctx);
    if (answer.length === 0) ctx.fail(line, `question '${title}' has no answer`);
    return { question: title, answer: answer.join('\n\n') };
  });
}
