/**
 * The front matter of a Markdown guide: a YAML subset (`key: value`, nested maps by indentation,
 * `- ` lists, plain, "double-quoted" or 'single-quoted' scalars, `null`, `#` comments), read into
 * typed fields that keep their lines for errors.
 */
import type { ParseContext } from './errors';

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


/**
 * Reads the front matter of a Markdown guide: lines 2 to the closing `---`. Returns typed access to
 * its fields and the index of the first body line.
 */
export function readFrontMatter(lines: readonly string[], ctx: ParseContext): { fields: FrontMatterMap; bodyStart: number } {
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
  return { fields: new FrontMatterMap(readYaml(yamlLines, ctx, 1), 'the front matter', ctx, 1), bodyStart: close + 1 };
}

/** Typed access to one front-matter map, with errors at the right line. */
export class FrontMatterMap {
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
  map(key: string): FrontMatterMap | null {
    const entry = this.node.entries.get(key);
    if (entry === undefined || (entry.node.kind === 'scalar' && entry.node.value === null)) return null;
    if (entry.node.kind !== 'map') this.ctx.fail(entry.line, `'${key}' must be a map of 'key: value' lines or null`);
    return new FrontMatterMap(entry.node, `'${key}'`, this.ctx, entry.line);
  }

  list(key: string): { fields: FrontMatterMap; line: number }[] {
    const entry = this.node.entries.get(key);
    if (entry === undefined || (entry.node.kind === 'scalar' && entry.node.value === null)) return [];
    if (entry.node.kind !== 'seq') this.ctx.fail(entry.line, `'${key}' must be a list of '- ' items`);
    return entry.node.items.map((item) => {
      if (item.kind !== 'map') this.ctx.fail(item.line, `each '${key}' item must be a map like '- level: Entry-Level'`);
      return { fields: new FrontMatterMap(item, `a '${key}' item`, this.ctx, item.line), line: item.line };
    });
  }
}
