import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuideParseError } from '../../../lambdas/guides/errors';
import type { ParsedGuide } from '../../../lambdas/guides/guide';
import { importGuide, parseGuide, renderGuideMarkdown } from '../../../lambdas/guides/parse';
import { CONTENT_GUIDES_DIR, FIXTURES_DIR, SEED, UPDATED_AT } from './fixtures';

const FILE = 'guides/x.md';

/** A Markdown guide with these front matter lines (line 2 on) and a one-paragraph summary. */
function guideWith(...frontMatter: string[]): string {
  return ['---', ...frontMatter, '---', '', '## Summary', '', 'Text.', ''].join('\n');
}

function parse(source: string): ParsedGuide {
  return parseGuide(source, { file: FILE, updatedAt: UPDATED_AT });
}

function errorOf(source: string): GuideParseError {
  try {
    parse(source);
  } catch (error) {
    expect(error).toBeInstanceOf(GuideParseError);
    return error as GuideParseError;
  }
  throw new Error('expected a GuideParseError, but the source parsed');
}

describe('front matter: values', () => {
  it('reads every scalar as text, so that no value changes type behind an editor', () => {
    const guide = parse(
      guideWith(
        'title: 007',
        'workArrangement: yes',
        'marketDemand: 2026-01-01',
        'updatedAt: 2026-01-02T03:04:05Z',
        'growthRatePercent: "7"',
        'outlook:',
        '  status: on',
        '  source: NULL',
        '  growthRatePercent: 1_000',
      ),
    );
    expect(guide).toMatchObject({
      title: '007',
      slug: '007',
      workArrangement: 'yes',
      marketDemand: { level: '2026-01-01', text: '' },
      updatedAt: '2026-01-02T03:04:05.000Z',
      growthRatePercent: 7,
      outlook: { status: 'on', source: null, growthRatePercent: 1000 },
    });
  });

  it('reads quoted values with YAML escapes, quoted keys, comments and empty lists', () => {
    const guide = parse(
      guideWith(
        '# a comment line',
        '"title": "Caf\\u00e9 \\x41"   # a comment after a value',
        "workArrangement: 'it''s remote'",
        'marketDemand: "null"',
        'salary:',
        '  currency: USD',
        '  region: US',
        '  min: 1',
        '  max: 3',
        '  median: 2',
        '  byLevel: []',
      ),
    );
    expect(guide.title).toBe('Café A');
    expect(guide.workArrangement).toBe("it's remote");
    expect(guide.marketDemand).toEqual({ level: 'null', text: '' });
    expect(guide.salary?.byLevel).toEqual([]);
  });

  it('reads a list written at its key’s indentation as one written below it', () => {
    const indented = ['  byLevel:', '    - level: Entry', '      amount: 10'];
    const compact = ['  byLevel:', '  - level: Entry', '    amount: 10'];
    const salary = ['salary:', '  currency: USD', '  region: US', '  min: 1', '  max: 30', '  median: 20'];
    const a = parse(guideWith('title: Nurse', ...salary, ...indented));
    expect(a.salary?.byLevel).toEqual([{ level: 'Entry', amount: 10 }]);
    expect(parse(guideWith('title: Nurse', ...salary, ...compact))).toEqual(a);
  });

  it('reads back whatever text the renderer writes, control characters and lone surrogates included', () => {
    const base = parse(guideWith('title: Nurse'));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), (text) => {
        const title = text.trim();
        fc.pre(title !== '');
        const back = parse(renderGuideMarkdown({ ...base, title, workArrangement: title }));
        expect(back.title).toBe(title);
        expect(back.workArrangement).toBe(title);
      }),
      { numRuns: 200 },
    );
  });
});

describe('front matter: errors, at the line to fix', () => {
  it.each([
    ['a tab in an indentation', ['title: X', 'salary:', '\tcurrency: USD'], 4, /^indent the front matter with spaces, not tabs$/],
    ['a repeated key', ['title: X', 'slug: x', 'title: Y'], 4, /^duplicate key 'title'$/],
    ['a repeated key spelled with an escape', ['title: X', '"titl\\x65": Y'], 3, /^duplicate key 'title'$/],
    ['a repeated key in a list item', ['title: X', 'salary:', '  byLevel:', '    - level: A', '      level: B'], 6, /^duplicate key 'level'$/],
    ['a line deeper than its block', ['title: X', 'salary:', '  currency: USD', '   region: US'], 5, /^unexpected indentation$/],
    ['a plain value wrapped onto a second line', ['title: Medical', '  Office', 'slug: x'], 3, /^unexpected indentation$/],
    ['a quoted value wrapped onto a second line', ['slug: x', 'title: "Medical', '  Office"'], 3, /^unterminated or malformed "quoted" value$/],
    ["an unclosed 'quote'", ["title: 'Medical"], 2, /^unterminated or malformed 'quoted' value$/],
    ['text after a quoted value', ['title: "Medical" Office'], 2, /^unterminated or malformed "quoted" value$/],
    ['a bad escape', ['title: "Medical \\q"'], 2, /^malformed "quoted" value$/],
    ['a list item among keys', ['title: X', '- a'], 3, /^unexpected '- ' list item; expected 'key: value'$/],
    ['a line that is no key', ['title: X', 'just words'], 3, /^expected 'key: value', found 'just words'$/],
    ['an unquoted colon in a value', ['title: Nurse: Night Shift'], 2, /^a value holding ': ' must be quoted/],
    ['an anchor', ['title: &t X'], 2, /^unsupported YAML value '&t X'; quote it with "…"$/],
    ['an alias', ['title: X', 'slug: *t'], 3, /^unsupported YAML value '\*t'/],
    ['a tag', ['title: !!str X'], 2, /^unsupported YAML value '!!str X'/],
    ['a block scalar', ['title: |', '  X'], 2, /^unsupported YAML value '\|'/],
    ['a flow list with items', ['title: X', 'salary:', '  byLevel: [a, b]'], 4, /^unsupported YAML value '\[a, b\]'/],
    ['a value that starts like a list item', ['title: - X'], 2, /^unsupported YAML value '- X'/],
    ['a reserved first character', ['title: @X'], 2, /^unsupported YAML value '@X'/],
    ['an unknown key', ['title: X', 'colour: blue'], 3, /^unknown key 'colour' in the front matter/],
    ['a map where a value belongs', ['title:', '  text: X'], 2, /^'title' must be a single value$/],
    ['a value where a map belongs', ['title: X', 'salary: high'], 3, /^'salary' must be a map of 'key: value' lines or null$/],
    [
      'a list item that is not a map',
      ['title: X', 'salary:', '  currency: USD', '  region: US', '  min: 1', '  max: 3', '  median: 2', '  byLevel:', '    - Entry'],
      10,
      /^each 'byLevel' item must be a map/,
    ],
  ])('%s', (_what, frontMatter, line, reason) => {
    const error = errorOf(guideWith(...frontMatter));
    expect({ line: error.line, reason: error.reason }).toEqual({ line, reason: expect.stringMatching(reason) });
    expect(error.message).toBe(`${FILE}:${line}: ${error.reason}`);
  });

  it('reports the first slip in the order the file reads, whatever the YAML reader trips on first', () => {
    // YAML would report the deeper line (5) first; the repeated key comes earlier.
    const error = errorOf(guideWith('title: X', 'salary:', '  currency: USD', 'title: Y', '    region: US'));
    expect([error.line, error.reason]).toEqual([5, "duplicate key 'title'"]);
  });
});

describe('content/guides: what the YAML front matter reads', () => {
  const files = readdirSync(CONTENT_GUIDES_DIR).filter((name) => name.endsWith('.md'));

  it('has guides to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s parses to exactly the guide of its plain-text source', (name) => {
    const slug = name.slice(0, -3);
    const markdown = readFileSync(join(CONTENT_GUIDES_DIR, name), 'utf8');
    const source = readFileSync(join(FIXTURES_DIR, `${slug}.txt`), 'utf8');
    const guide = parseGuide(markdown, { file: name, slug });
    expect(guide).toEqual(parseGuide(source, { file: `${slug}.txt`, updatedAt: guide.updatedAt }));
    expect(renderGuideMarkdown(guide)).toBe(markdown);
  });

  it('keeps the front matter of the seed as the renderer writes it', () => {
    const markdown = importGuide(SEED, { file: 'seed.txt', updatedAt: UPDATED_AT });
    const guide = parse(markdown);
    expect([guide.salary?.median, guide.outlook?.source, guide.workLifeBalance?.stressLevel]).toEqual([
      47500,
      'U.S. Bureau of Labor Statistics',
      'Moderate',
    ]);
  });
});

describe('front matter: mangled', () => {
  const canonical = importGuide(SEED, { file: 'seed.txt', updatedAt: UPDATED_AT });
  const close = canonical.split('\n').indexOf('---', 1);
  const BITS = [
    'title: Foo: Bar', 'title: #x', 'title: "a\\x41"', "title: 'it''s'", 'title: [a]', 'salary: {}', 'title: |', '  text',
    'title: &a x', 'slug: *a', 'title: !!str x', '"title": x', '  min: 1', '\tmin: 1', '- a', '-', 'title', '...',
    "title: 'x", 'title: "x', '    - level: X', '      amount: 3', 'title: - x', 'title: "\\q"', '? a', ': b', 'a: b: c',
  ];
  const edit = fc.record({
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...BITS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 })),
    how: fc.constantFrom('insert', 'replace', 'append', 'prefix'),
  });

  it('parses or names a line in the project’s words, never the YAML library’s', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const lines = canonical.split('\n');
        for (const { at, text, how } of edits) {
          const end = lines.indexOf('---', 1);
          const no = 1 + (at % Math.max(end - 1, 1));
          if (how === 'insert') lines.splice(no, 0, text);
          else if (how === 'replace') lines[no] = text;
          else if (how === 'append') lines[no] += text;
          else lines[no] = text + lines[no];
        }
        const source = lines.join('\n');
        let guide: ParsedGuide;
        try {
          guide = parse(source);
        } catch (error) {
          if (!(error instanceof GuideParseError)) throw error;
          expect(error.reason).not.toMatch(/^(?:internal error|malformed front matter \()/);
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.line).toBeLessThanOrEqual(lines.length);
          return;
        }
        expect(parse(renderGuideMarkdown(guide))).toEqual(guide);
      }),
      { numRuns: Number(process.env.GUIDE_PROPERTY_RUNS ?? 300) },
    );
    expect(close).toBeGreaterThan(1);
  });
});
