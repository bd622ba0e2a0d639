/**
 * The front matter of a Markdown guide, read with the `yaml` library (YAML 1.2) and kept to the
 * subset the renderer writes plus the harmless variations of a hand edit: block maps and `- ` lists
 * by indentation, plain, "double-quoted" or 'single-quoted' scalars on one line each, `#` comments,
 * and `[]` / `{}` for empty values. Every scalar is read as text (the failsafe schema: `yes`, `on`,
 * `2026-01-01` or `007` stay as written) and the fields convert it, so that no value changes type
 * behind an editor's back; a plain `null`, `~` or nothing is null. Anchors, aliases, tags, block
 * scalars (`|`, `>`), non-empty flow collections and values over several lines are rejected: the
 * guide's figures fit on a line, and the subset keeps every value at the line an error names.
 * Errors name the line of the .md file, with the project's wording rather than the library's.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type ParsedNode, type Scalar, type YAMLError, type YAMLMap } from 'yaml';
import type { ParseContext } from './errors';

interface ScalarNode {
  kind: 'scalar';
  /** null for a plain `null`, `~` or nothing. */
  value: string | null;
  line: number;
}
interface MapNode {
  kind: 'map';
  entries: Map<string, { line: number; node: FmNode }>;
  line: number;
}
interface SeqNode {
  kind: 'seq';
  items: FmNode[];
  line: number;
}
type FmNode = ScalarNode | MapNode | SeqNode;

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

/**
 * Reads the front matter of a Markdown guide: lines 2 to the closing `---`. Returns typed access to
 * its fields and the index of the first body line.
 */
export function readFrontMatter(lines: readonly string[], ctx: ParseContext): { fields: FrontMatterMap; bodyStart: number } {
  let close = 1;
  while (close < lines.length && (lines[close] as string).trimEnd() !== '---') close++;
  if (close >= lines.length) ctx.fail(1, "front matter not closed: expected a '---' line after it");
  const root = new YamlReader(lines, close, ctx).read();
  return { fields: new FrontMatterMap(root, 'the front matter', ctx, 1), bodyStart: close + 1 };
}

/** One front matter (lines 1 to close - 1, 0-based) through `yaml`, into nodes that know their lines. */
class YamlReader {
  private readonly source: string;
  private readonly counter = new LineCounter();

  constructor(
    private readonly lines: readonly string[],
    private readonly close: number,
    private readonly ctx: ParseContext,
  ) {
    this.source = lines.slice(1, close).join('\n');
  }

  read(): MapNode {
    const misfit = lineShapeMisfit(this.lines, this.close);
    if (misfit !== null) this.ctx.fail(misfit.line, misfit.reason);
    const doc = parseDocument(this.source, {
      lineCounter: this.counter,
      schema: 'failsafe',
      prettyErrors: false,
      uniqueKeys: false, // lineShapeMisfit has found repeats already, in linear time (the library's check is quadratic)
    });
    this.failOnSyntax(doc.errors);
    const root = doc.contents;
    if (root === null) return { kind: 'map', entries: new Map(), line: 1 };
    if (isMap(root) && !root.flow) return this.map(root);
    const line = this.lineAt(root.range[0]);
    if (isSeq(root) && !root.flow) this.ctx.fail(line, "unexpected '- ' list item; expected 'key: value'");
    return this.ctx.fail(line, `expected 'key: value', found '${this.text(line)}'`);
  }

  /** The .md line of an offset into the front matter (which starts on line 2). */
  private lineAt(offset: number): number {
    return this.counter.linePos(offset).line + 1;
  }

  /** The trimmed text of a .md line. */
  private text(line: number): string {
    return (this.lines[line - 1] ?? '').trim();
  }

  private node(node: ParsedNode | null, fallbackLine: number): FmNode {
    if (node === null) return { kind: 'scalar', value: null, line: fallbackLine };
    const line = this.lineAt(node.range[0]);
    if (isAlias(node) || node.anchor !== undefined || node.tag !== undefined) this.unsupported(line);
    if (isScalar(node)) {
      const value = String(node.value);
      if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') this.unsupported(line);
      if (this.lineAt(node.range[1]) !== line) this.overSeveralLines(node.type, line);
      return { kind: 'scalar', value: node.type === 'PLAIN' && NULLS.has(value) ? null : value, line };
    }
    if ((isMap(node) || isSeq(node)) && node.flow && node.items.length > 0) this.unsupported(line);
    if (isSeq(node)) return { kind: 'seq', items: node.items.map((item) => this.node(item, line)), line };
    return this.map(node);
  }

  private map(node: YAMLMap.Parsed): MapNode {
    const line = this.lineAt(node.range[0]);
    const result: MapNode = { kind: 'map', entries: new Map(), line };
    for (const pair of node.items) {
      const key = pair.key;
      const keyLine = key === null ? line : this.lineAt(key.range[0]);
      if (!isScalar(key) || key.type === 'BLOCK_LITERAL' || key.type === 'BLOCK_FOLDED' || String(key.value).trim() === '') {
        this.ctx.fail(keyLine, `expected 'key: value', found '${this.text(keyLine)}'`);
      }
      const name = String(key.value);
      if (result.entries.has(name)) this.ctx.fail(keyLine, `duplicate key '${name}'`); // spelled apart by YAML escapes
      result.entries.set(name, { line: keyLine, node: this.node(pair.value, keyLine) });
    }
    return result;
  }

  private unsupported(line: number): never {
    return this.ctx.fail(line, unsupported(this.valueText(line)));
  }

  /** What follows `key:` or `- ` on a line. */
  private valueText(line: number): string {
    return /^(?:-\s+)*(?:[^\s:#][^:#]*:\s+)?(.*)$/s.exec(this.text(line))?.[1] ?? '';
  }

  private overSeveralLines(type: Scalar.Type | undefined, line: number): never {
    const quote = type === 'QUOTE_SINGLE' ? "'" : type === 'QUOTE_DOUBLE' ? '"' : null;
    if (quote !== null) this.ctx.fail(line, `unterminated or malformed ${quote}quoted${quote} value`);
    let next = line + 1;
    while (next < this.close && this.text(next) === '') next++;
    return this.ctx.fail(next, 'unexpected indentation');
  }

  /** The library's own errors, for what the line shapes let through, in the project's words where common. */
  private failOnSyntax(errors: readonly YAMLError[]): void {
    const error = errors[0];
    if (error === undefined) return;
    const line = this.lineAt(error.pos[0]);
    if (error.code === 'BAD_SCALAR_START') this.unsupported(line);
    if (error.code === 'BAD_DQ_ESCAPE') this.ctx.fail(line, 'malformed "quoted" value');
    if (error.code === 'BLOCK_AS_IMPLICIT_KEY') this.ctx.fail(line, `a value holding ': ' must be quoted, like "…"`);
    this.ctx.fail(line, `malformed front matter (${error.message.split('\n')[0]})`);
  }
}

/** A front matter line that breaks the subset, and why. */
interface Misfit {
  line: number;
  reason: string;
}

/** The level a line sits at: a map of `key:` lines or a list of `- ` items. */
interface Level {
  indent: number;
  kind: 'map' | 'seq';
  /** A list at its key's own indentation (`key:` then `- a` below it, not indented). */
  compact: boolean;
  /** The keys of a map so far. */
  keys: Set<string>;
}

/**
 * The first line that breaks the subset's line shapes: tabs in the indentation, an indentation that
 * matches no open level, a `- ` item among keys, a line that is neither `key: value` nor `- item`,
 * a quote that does not close on its line, or a value YAML would read as syntax. Each YAML node of
 * the subset starts on its own line, so this finds the line of a slip where the library finds the
 * line where it gave up.
 */
function lineShapeMisfit(lines: readonly string[], close: number): Misfit | null {
  // Tabs first, wherever they are: a tab makes every indentation after it doubtful.
  for (let i = 1; i < close; i++) {
    const indentation = /^[ \t]*/.exec(lines[i] as string)?.[0] ?? '';
    const rest = (lines[i] as string).slice(indentation.length);
    if (indentation.includes('\t') && rest !== '' && !rest.startsWith('#')) {
      return { line: i + 1, reason: 'indent the front matter with spaces, not tabs' };
    }
  }
  const levels: Level[] = [{ indent: 0, kind: 'map', compact: false, keys: new Set() }];
  let opens = false; // the previous line ends in `key:` or `-`: a deeper block may follow
  for (let i = 1; i < close; i++) {
    const line = i + 1;
    // YAML's white space is the space and the tab only (not \v, U+00A0, … which String.trim drops).
    const raw = trimEndSpaces(lines[i] as string);
    const text = raw.replace(/^[ \t]+/, ''); // tabs here lead only blank or comment lines (see above)
    if (text === '' || text.startsWith('#')) continue;
    const indent = raw.length - text.length;
    const isItem = text === '-' || text.startsWith('- ');
    let top = levels[levels.length - 1] as Level;
    if (opens && indent > top.indent) {
      levels.push({ indent, kind: isItem ? 'seq' : 'map', compact: false, keys: new Set() });
    } else if (opens && indent === top.indent && isItem && top.kind === 'map') {
      levels.push({ indent, kind: 'seq', compact: true, keys: new Set() });
    } else {
      while (levels.length > 1 && (indent < top.indent || (top.compact && indent === top.indent && !isItem))) {
        levels.pop();
        top = levels[levels.length - 1] as Level;
      }
      if (indent !== top.indent || (top.kind === 'seq' && !isItem)) return { line, reason: 'unexpected indentation' };
      if (top.kind === 'map' && isItem) return { line, reason: "unexpected '- ' list item; expected 'key: value'" };
    }
    let rest = text;
    if (isItem) {
      rest = text.slice(1).replace(/^[ \t]+/, '');
      if (rest === '' || !KEY_LINE.test(rest)) {
        opens = rest === '';
        const fault = valueFault(rest, line);
        if (fault !== null) return fault;
        continue;
      }
      levels.push({ indent: indent + text.indexOf(rest), kind: 'map', compact: false, keys: new Set() });
    }
    const entry = KEY_LINE.exec(rest);
    if (!entry) return { line, reason: `expected 'key: value', found '${text}'` };
    const key = unquoteKey(entry[1] as string);
    const map = levels[levels.length - 1] as Level;
    if (map.keys.has(key)) return { line, reason: `duplicate key '${key}'` };
    map.keys.add(key);
    const value = entry[2] ?? '';
    opens = value === '';
    const fault = valueFault(value, line);
    if (fault !== null) return fault;
  }
  return null;
}

/** `key:` or `key: value`, the key a plain name or quoted. */
const KEY_LINE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$/s;

function unquoteKey(key: string): string {
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  if (!key.startsWith('"')) return key;
  try {
    return String(JSON.parse(key));
  } catch {
    return key.slice(1, -1); // YAML-only escapes: the library reads the key, this only spots repeats
  }
}

/** A quoted value that does not close on its line, or a value YAML would read as syntax. */
function valueFault(value: string, line: number): Misfit | null {
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    let end = 1;
    while (end < value.length) {
      const char = value[end];
      if (quote === '"' && char === '\\') end += 2;
      else if (char === quote && quote === "'" && value[end + 1] === "'") end += 2;
      else if (char === quote) break;
      else end++;
    }
    const after = value.slice(end + 1);
    if (end >= value.length || !/^(?:[ \t]+#.*)?$/s.test(after)) {
      return { line, reason: `unterminated or malformed ${quote}quoted${quote} value` };
    }
    return null;
  }
  const comment = value.search(/[ \t]#/);
  const plain = trimEndSpaces(comment === -1 ? value : value.slice(0, comment));
  if (plain === '[]' || plain === '{}') return null;
  if (/^(?:[[{|>&*!%@`]|[-?:](?:[ \t]|$))/.test(plain)) return { line, reason: unsupported(plain) };
  if (/:(?:[ \t]|$)/.test(plain)) return { line, reason: `a value holding ': ' must be quoted, like "…"` };
  return null;
}

/** Drops trailing spaces and tabs; a loop, since /[ \t]+$/ retries every run of spaces (quadratic). */
function trimEndSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return end === text.length ? text : text.slice(0, end);
}

function unsupported(value: string): string {
  return `unsupported YAML value '${value}'; quote it with "…"`;
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

  private scalar(key: string): ScalarNode | null {
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
