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
 * The figures live in the front matter (a small YAML subset: `key: value`, nested maps by two-space
 * indentation, `- ` lists, plain, "double-quoted" or 'single-quoted' scalars, `null`, `#` comments);
 * the prose lives in `## Section`s with `### Sub-section`s (see MD_SECTIONS for the names). A
 * paragraph that would read as Markdown syntax is escaped with a leading backslash. Errors carry the
 * line of the .md file. No YAML or Markdown dependency: both readers are a few dozen lines and
 * accept exactly what this module writes plus the harmless variations of a human edit.
 */
import type { ParseContext } from './errors';
import type { CareerTier, CaseStudy, DayBlock, Faq, Guide, Salary, SkillGroup } from './guide';
import { EXPERIENCE, FOCUS, TAKEAWAY, parsePeriod, parseTier } from './fields';
import type { GuideContent, ParsedLayout } from './layout';

/** True when the input starts with a `---` front matter line (after an optional BOM). */
export function looksLikeMarkdownGuide(lines: readonly string[]): boolean {
  return lines.length > 0 && (lines[0] as string).trimEnd() === '---';
}

// ---------------------------------------------------------------------------------------------
// Front matter: a YAML subset

interface Scalar {
  kind: 'scalar';
  /** null for `null`, `~` or nothing. */
  value: string | null;
  quoted: boolean;
  line: number;
}
interface MapNode {
  kind: 'map';
  entries: Map<string, { line: number; node: YamlNode }>;
  line: number;
}
interface SeqNode {
  kind: 'seq';
  items: YamlNode[];
  line: number;
}
type YamlNode = Scalar | MapNode | SeqNode;

interface YamlLine {
  no: number;
  indent: number;
  text: string;
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*)\s*:(?:\s+(.*))?$/s;

function readYaml(lines: YamlLine[], ctx: ParseContext, startLine: number): MapNode {
  let pos = 0;
  const at = (): YamlLine | undefined => lines[pos];
  const isItem = (l: YamlLine): boolean => l.text === '-' || l.text.startsWith('- ');

  const block = (indent: number): YamlNode => {
    const first = at() as YamlLine;
    return isItem(first) ? seq(indent) : map(indent);
  };

  const valueAfterKey = (rest: string, line: number, indent: number): YamlNode => {
    if (rest !== '') return scalar(rest, line, ctx);
    const next = at();
    if (next && next.indent > indent) return block(next.indent);
    if (next && next.indent === indent && isItem(next)) return seq(indent); // "key:\n- a"
    return { kind: 'scalar', value: null, quoted: false, line };
  };

  const map = (indent: number): MapNode => {
    const node: MapNode = { kind: 'map', entries: new Map(), line: (at() as YamlLine).no };
    for (let l = at(); l && l.indent >= indent; l = at()) {
      if (l.indent > indent) ctx.fail(l.no, 'unexpected indentation');
      if (isItem(l)) ctx.fail(l.no, "unexpected '- ' list item; expected 'key: value'");
      const match = KEY_LINE.exec(l.text);
      if (!match) ctx.fail(l.no, `expected 'key: value', found '${l.text}'`);
      const key = match[1] as string;
      if (node.entries.has(key)) ctx.fail(l.no, `duplicate key '${key}'`);
      pos++;
      node.entries.set(key, { line: l.no, node: valueAfterKey((match[2] ?? '').trim(), l.no, indent) });
    }
    return node;
  };

  const seq = (indent: number): SeqNode => {
    const node: SeqNode = { kind: 'seq', items: [], line: (at() as YamlLine).no };
    for (let l = at(); l && l.indent >= indent; l = at()) {
      if (l.indent > indent) ctx.fail(l.no, 'unexpected indentation');
      if (!isItem(l)) break;
      const rest = l.text.slice(1).trim();
      if (rest === '') {
        pos++;
        const next = at();
        node.items.push(next && next.indent > indent ? block(next.indent) : { kind: 'scalar', value: null, quoted: false, line: l.no });
      } else if (KEY_LINE.test(rest)) {
        // "- key: value" opens a map whose keys line up with `key`.
        lines[pos] = { no: l.no, indent: l.indent + l.text.indexOf(rest), text: rest };
        node.items.push(map(l.indent + l.text.indexOf(rest)));
      } else {
        pos++;
        node.items.push(scalar(rest, l.no, ctx));
      }
    }
    return node;
  };

  if (lines.length === 0) return { kind: 'map', entries: new Map(), line: startLine };
  const first = lines[0] as YamlLine;
  if (first.indent !== 0) ctx.fail(first.no, 'unexpected indentation');
  const root = map(0);
  const rest = at();
  if (rest) ctx.fail(rest.no, 'unexpected text in the front matter');
  return root;
}

function scalar(text: string, line: number, ctx: ParseContext): YamlNode {
  if (text.startsWith('"')) {
    let end = 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    const after = text.slice(end + 1).trim();
    if (end >= text.length || (after !== '' && !after.startsWith('#'))) ctx.fail(line, `unterminated or malformed "quoted" value`);
    try {
      return { kind: 'scalar', value: JSON.parse(text.slice(0, end + 1)) as string, quoted: true, line };
    } catch {
      return ctx.fail(line, `malformed "quoted" value`);
    }
  }
  if (text.startsWith("'")) {
    let value = '';
    let i = 1;
    for (; i < text.length; i++) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i++;
          continue;
        }
        break;
      }
      value += text[i];
    }
    const after = text.slice(i + 1).trim();
    if (i >= text.length || (after !== '' && !after.startsWith('#'))) ctx.fail(line, "unterminated or malformed 'quoted' value");
    return { kind: 'scalar', value, quoted: true, line };
  }
  const comment = text.search(/\s#/);
  const plain = (comment === -1 ? text : text.slice(0, comment)).trim();
  if (plain === '[]') return { kind: 'seq', items: [], line };
  if (plain === '{}') return { kind: 'map', entries: new Map(), line };
  if (/^[[{|>&*!%@`]/.test(plain)) ctx.fail(line, `unsupported YAML value '${plain}'; quote it with "…"`);
  if (plain === '' || plain === '~' || plain === 'null' || plain === 'Null' || plain === 'NULL') {
    return { kind: 'scalar', value: null, quoted: false, line };
  }
  return { kind: 'scalar', value: plain, quoted: false, line };
}

/** Typed access to one front-matter map, with errors at the right line. */
class Fields {
  constructor(
    private readonly node: MapNode,
    private readonly where: string,
    private readonly ctx: ParseContext,
    /** Where errors about the map as a whole point: its key's line (line 1 for the front matter). */
    private readonly at: number,
  ) {}

  allow(keys: readonly string[]): this {
    for (const [key, { line }] of this.node.entries) {
      if (!keys.includes(key)) this.ctx.fail(line, `unknown key '${key}' in ${this.where} (expected: ${keys.join(', ')})`);
    }
    return this;
  }

  line(key: string): number {
    return this.node.entries.get(key)?.line ?? this.at;
  }

  private scalar(key: string): Scalar | null {
    const entry = this.node.entries.get(key);
    if (entry === undefined) return null;
    if (entry.node.kind !== 'scalar') this.ctx.fail(entry.line, `'${key}' must be a single value`);
    return entry.node;
  }

  /** The text of `key: value`; null when missing, `null`, `~`, empty or blank. */
  string(key: string): string | null {
    const value = this.scalar(key)?.value?.trim();
    return value === undefined || value === '' ? null : value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === null || value === '') this.ctx.fail(this.line(key), `${this.where} needs '${key}'`);
    return value;
  }

  number(key: string): number | null {
    const node = this.scalar(key);
    if (node === null || node.value === null) return null;
    const text = node.value.replace(/_/g, '');
    if (!/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) this.ctx.fail(node.line, `'${key}' must be a number, found '${node.value}'`);
    return Number(text);
  }

  requiredNumber(key: string): number {
    const value = this.number(key);
    if (value === null) this.ctx.fail(this.line(key), `${this.where} needs '${key}'`);
    return value;
  }

  /** A nested map, or null for `key: null` / a missing key. */
  map(key: string): Fields | null {
    const entry = this.node.entries.get(key);
    if (entry === undefined || (entry.node.kind === 'scalar' && entry.node.value === null)) return null;
    if (entry.node.kind !== 'map') this.ctx.fail(entry.line, `'${key}' must be a map of 'key: value' lines or null`);
    return new Fields(entry.node, `'${key}'`, this.ctx, entry.line);
  }

  list(key: string): { fields: Fields; line: number }[] {
    const entry = this.node.entries.get(key);
    if (entry === undefined || (entry.node.kind === 'scalar' && entry.node.value === null)) return [];
    if (entry.node.kind !== 'seq') this.ctx.fail(entry.line, `'${key}' must be a list of '- ' items`);
    return entry.node.items.map((item) => {
      if (item.kind !== 'map') this.ctx.fail(item.line, `each '${key}' item must be a map like '- level: Entry-Level'`);
      return { fields: new Fields(item, `a '${key}' item`, this.ctx, item.line), line: item.line };
    });
  }
}

const RESERVED = /^(?:null|true|false|yes|no|on|off|y|n|~)$/i;

function yamlString(value: string): string {
  return /^[A-Za-z][A-Za-z0-9 .,()&'/+%-]*$/.test(value) && !RESERVED.test(value) && !value.endsWith(' ')
    ? value
    : JSON.stringify(value);
}

function yamlValue(value: string | number | null): string {
  if (value === null) return 'null';
  return typeof value === 'number' ? String(value) : yamlString(value);
}

// ---------------------------------------------------------------------------------------------
// Body: "## Section" / "### Sub" / paragraphs / "- " items

/** The body sections, in the order they are written. */
export const MD_SECTIONS = [
  'Summary',
  'Market Demand',
  'Top Earners',
  'Core Functions',
  'Key Responsibilities',
  'Work Setting',
  'Tech Stack',
  'Education',
  'Technical Skills',
  'Soft Skills',
  'Career Path Tiers',
  'Global Outlook',
  'Job Market',
  'A Day in the Life',
  'Work-Life Balance',
  'Skill Map',
  'Pros',
  'Cons',
  'Common Mistakes',
  'Advice',
  'Case Studies',
  'Portfolio Tips',
  'Related Roles',
  'FAQ',
] as const;
type MdSectionName = (typeof MD_SECTIONS)[number];

const EDUCATION_SUBS = ['Level', 'Path', 'Required'] as const;
const JOB_MARKET_SUBS = ['Challenges', 'Growth Paths', 'Trends'] as const;

interface Block {
  kind: 'para' | 'item' | 'h3';
  text: string;
  line: number;
  /** A paragraph written with a leading backslash: literal text, never a label like "Focus:". */
  escaped: boolean;
}

interface MdSection {
  name: MdSectionName;
  line: number;
  blocks: Block[];
}

const HEADING = /^(#{1,6})(?:[ \t]+(.*))?$/s;
const ITEM = /^[-*+](?:[ \t]+(.*))?$/s;
/** A paragraph starting like this would read as Markdown syntax and is written with a backslash. */
const NEEDS_ESCAPE = /^(?:#{1,6}(?:\s|$)|[-*+](?:\s|$)|\\)/;

function readBody(lines: readonly string[], from: number, ctx: ParseContext): Map<MdSectionName, MdSection> {
  const sections = new Map<MdSectionName, MdSection>();
  let section: MdSection | null = null;
  let open: Block | null = null; // the paragraph or item that a next non-blank line continues
  for (let i = from; i < lines.length; i++) {
    const no = i + 1;
    const text = (lines[i] as string).trim();
    if (text === '') {
      open = null;
      continue;
    }
    const heading = HEADING.exec(text);
    if (heading) {
      open = null;
      const level = (heading[1] as string).length;
      const title = (heading[2] ?? '').trim();
      if (level === 2) {
        const name = MD_SECTIONS.find((s) => s.toLowerCase() === title.toLowerCase());
        if (name === undefined) ctx.fail(no, `unknown section '## ${title}' (expected one of: ${MD_SECTIONS.join(', ')})`);
        const previous = sections.get(name);
        if (previous) ctx.fail(no, `duplicate section '## ${title}' (first at line ${previous.line})`);
        section = { name, line: no, blocks: [] };
        sections.set(name, section);
        continue;
      }
      if (level !== 3) ctx.fail(no, "only '## Section' and '### Sub-section' headings are used");
      if (title === '') ctx.fail(no, "empty '###' heading");
      if (section === null) ctx.fail(no, "'###' heading before the first '## Section'");
      section.blocks.push({ kind: 'h3', text: title, line: no, escaped: false });
      continue;
    }
    if (section === null) ctx.fail(no, "text before the first '## Section'");
    const item = ITEM.exec(text);
    if (item) {
      const itemText = (item[1] ?? '').trim();
      if (itemText === '') ctx.fail(no, 'empty list item');
      open = { kind: 'item', text: itemText, line: no, escaped: false };
      section.blocks.push(open);
      continue;
    }
    const escaped = text.startsWith('\\') && text.length > 1;
    const body = escaped ? text.slice(1) : text;
    if (open) {
      open.text += ` ${body}`;
      continue;
    }
    open = { kind: 'para', text: body, line: no, escaped };
    section.blocks.push(open);
  }
  return sections;
}

function paragraphs(blocks: readonly Block[], where: string, ctx: ParseContext): string[] {
  return blocks.map((block) => {
    if (block.kind === 'item') ctx.fail(block.line, `${where} holds paragraphs, not '- ' list items`);
    if (block.kind === 'h3') ctx.fail(block.line, `unexpected '### ${block.text}' in ${where}`);
    return block.text;
  });
}

function items(blocks: readonly Block[], where: string, ctx: ParseContext): string[] {
  return blocks.map((block) => {
    if (block.kind === 'para') ctx.fail(block.line, `${where} holds '- ' list items, not paragraphs`);
    if (block.kind === 'h3') ctx.fail(block.line, `unexpected '### ${block.text}' in ${where}`);
    return block.text;
  });
}

/** The "### X" blocks of a section; nothing may come before the first one. */
function subsections(section: MdSection | undefined, ctx: ParseContext): { title: string; line: number; blocks: Block[] }[] {
  if (!section) return [];
  const result: { title: string; line: number; blocks: Block[] }[] = [];
  for (const block of section.blocks) {
    if (block.kind === 'h3') {
      result.push({ title: block.text, line: block.line, blocks: [] });
      continue;
    }
    const last = result[result.length - 1];
    if (last === undefined) ctx.fail(block.line, `'## ${section.name}' starts with '### …' sub-sections`);
    last.blocks.push(block);
  }
  return result;
}

function namedSubsections<const N extends string>(
  section: MdSection | undefined,
  names: readonly N[],
  ctx: ParseContext,
): Map<N, Block[]> {
  const result = new Map<N, Block[]>();
  for (const sub of subsections(section, ctx)) {
    const name = names.find((n) => n.toLowerCase() === sub.title.toLowerCase());
    if (name === undefined) ctx.fail(sub.line, `unknown '### ${sub.title}' in '## ${section?.name}' (expected: ${names.join(', ')})`);
    if (result.has(name)) ctx.fail(sub.line, `duplicate '### ${sub.title}'`);
    result.set(name, sub.blocks);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Parse

export function parseMarkdownGuide(lines: readonly string[], ctx: ParseContext): ParsedLayout {
  let close = 1;
  while (close < lines.length && (lines[close] as string).trimEnd() !== '---') close++;
  if (close >= lines.length) ctx.fail(1, "front matter not closed: expected a '---' line after it");
  const yamlLines: YamlLine[] = [];
  for (let i = 1; i < close; i++) {
    const raw = (lines[i] as string).trimEnd();
    const text = raw.trimStart();
    if (text === '' || text.startsWith('#')) continue;
    const indentText = raw.slice(0, raw.length - text.length);
    if (indentText.includes('\t')) ctx.fail(i + 1, 'indent the front matter with spaces, not tabs');
    yamlLines.push({ no: i + 1, indent: indentText.length, text });
  }
  const fm = new Fields(readYaml(yamlLines, ctx, 1), 'the front matter', ctx, 1).allow([
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
  const body = readBody(lines, close + 1, ctx);
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
  if (summary === null) ctx.fail(section('Summary')?.line ?? Math.min(close + 2, lines.length), "summary missing: add a '## Summary' section with the opening paragraph(s)");

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

function readSalary(fm: Fields, ctx: ParseContext): Salary | null {
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

// ---------------------------------------------------------------------------------------------
// Render

/** The canonical Markdown of a guide; parsing it gives the same guide (contentHash aside). */
export function renderGuideMarkdown(guide: Guide): string {
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
