/**
 * The body of a Markdown guide: `## Section`s (one each, named in MD_SECTIONS), `### Sub-section`s,
 * paragraphs (blank-line separated, wrapped over lines at will) and `- ` items; a paragraph with a
 * leading backslash is literal text. Read into blocks with their lines; what each section may hold
 * is the mapping's business (markdown.ts).
 */
import type { ParseContext } from './errors';

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
export type MdSectionName = (typeof MD_SECTIONS)[number];

export interface Block {
  kind: 'para' | 'item' | 'h3';
  text: string;
  line: number;
  /** A paragraph written with a leading backslash: literal text, never a label like "Focus:". */
  escaped: boolean;
}

export interface MdSection {
  name: MdSectionName;
  line: number;
  blocks: Block[];
}

const HEADING = /^(#{1,6})(?:[ \t]+(.*))?$/s;
const ITEM = /^[-*+](?:[ \t]+(.*))?$/s;
/** A paragraph starting like this would read as Markdown syntax and is written with a backslash. */
export const NEEDS_ESCAPE = /^(?:#{1,6}(?:\s|$)|[-*+](?:\s|$)|\\)/;

export function readBody(lines: readonly string[], from: number, ctx: ParseContext): Map<MdSectionName, MdSection> {
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

export function paragraphs(blocks: readonly Block[], where: string, ctx: ParseContext): string[] {
  return blocks.map((block) => {
    if (block.kind === 'item') ctx.fail(block.line, `${where} holds paragraphs, not '- ' list items`);
    if (block.kind === 'h3') ctx.fail(block.line, `unexpected '### ${block.text}' in ${where}`);
    return block.text;
  });
}

export function items(blocks: readonly Block[], where: string, ctx: ParseContext): string[] {
  return blocks.map((block) => {
    if (block.kind === 'para') ctx.fail(block.line, `${where} holds '- ' list items, not paragraphs`);
    if (block.kind === 'h3') ctx.fail(block.line, `unexpected '### ${block.text}' in ${where}`);
    return block.text;
  });
}

/** The "### X" blocks of a section; nothing may come before the first one. */
export function subsections(section: MdSection | undefined, ctx: ParseContext): { title: string; line: number; blocks: Block[] }[] {
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

export function namedSubsections<const N extends string>(
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
