import { capitalise, formatDayMonth, formatGrowth, formatMoney, oneLine, safeUrl, truncate } from '../../../lambdas/alerts/format';
import { EMPTY_HTML, compileTemplate, joinHtml } from '../../../lambdas/alerts/template';

describe('format', () => {
  it.each([
    ['https://jobs.example/a?x=1', 'https://jobs.example/a?x=1'],
    ['  HTTP://Jobs.Example/a b ', 'http://jobs.example/a%20b'],
    ['javascript:alert(1)', '#'],
    ['JaVaScRiPt:alert(1)', '#'],
    ['java\nscript:alert(1)', '#'],
    ['data:text/html,<script>', '#'],
    ['vbscript:msgbox', '#'],
    ['//evil.example/x', '#'],
    ['/relative', '#'],
    ['https://', '#'],
    ['', '#'],
  ])('safeUrl(%j) = %j', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });

  it.each([
    [47500, 'USD', '$47,500'],
    [38750.4, 'usd', '$38,750'],
    [51200, 'CAD', 'CA$51,200'],
    [24000, 'GBP', '£24,000'],
    [85000, 'EUR', '€85,000'],
    [50000, null, '50,000'],
    [50000, 'not-a-currency', 'not-a-currency 50,000'],
  ])('formatMoney(%j, %j) = %j', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });

  it('formats dates as day and short month, in UTC', () => {
    expect(formatDayMonth('2026-11-27T09:30:00.000Z')).toBe('27 Nov');
    expect(formatDayMonth('2026-09-01T00:00:00Z')).toBe('1 Sep');
    expect(formatDayMonth('2026-11-30T23:30:00-05:00')).toBe('1 Dec');
    expect(formatDayMonth('not a date')).toBeNull();
  });

  it('formats growth with its sign', () => {
    expect(formatGrowth(7)).toBe('+7%');
    expect(formatGrowth(12.345)).toBe('+12.3%');
    expect(formatGrowth(-2.5)).toBe('\u22122.5%');
    expect(formatGrowth(0)).toBe('0%');
  });

  it('puts text on one line without controls or bidi overrides', () => {
    expect(oneLine('  a\r\n\tb\u0000c\u202ed  ')).toBe('a b c d');
    expect(capitalise('the week of 23 November 2026')).toBe('The week of 23 November 2026');
    expect(capitalise('')).toBe('');
  });

  it('truncates at a word, by code point, with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('Medical Office Administrator', 20)).toBe('Medical Office…');
    expect(truncate('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(Array.from(truncate('😀'.repeat(20), 5))).toHaveLength(5);
  });
});

describe('template', () => {
  const spec = { text: ['name', 'url'], blocks: ['items'], html: '<a href="{{url}}">{{name}}</a><ul>{{#items}}</ul>' } as const;
  const item = compileTemplate({ text: ['n'], blocks: [], html: '<li>{{n}}</li>' } as const);

  it('escapes every text value, in text and in attributes, and inserts blocks as they are', () => {
    const fill = compileTemplate(spec);
    const html = fill({ name: `<b>"Tom" & 'Jerry'</b>`, url: `x" onclick="y`, items: joinHtml([item({ n: 1 }), item({ n: '<i>' })]) });
    expect(html).toBe(
      '<a href="x&quot; onclick=&quot;y">&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</a><ul><li>1</li><li>&lt;i&gt;</li></ul>',
    );
    expect(fill({ name: '{{url}}', url: '', items: EMPTY_HTML })).toBe('<a href="">{{url}}</a><ul></ul>');
  });

  it('fails loudly on a missing value or an undeclared slot', () => {
    const fill = compileTemplate(spec, 'spec');
    expect(() => fill({ name: 'a', items: EMPTY_HTML } as unknown as Parameters<typeof fill>[0])).toThrow('spec: slot "url" has no value');
    expect(() => compileTemplate({ text: [], blocks: [], html: '{{x}}' }, 'bad')).toThrow('bad: slot "x" is not declared');
  });
});
