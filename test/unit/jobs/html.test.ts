import { cleanText, htmlToText } from '../../../lambdas/jobs/html';
import { collapseWhitespace, truncateWords } from '../../../lambdas/jobs/text';

describe('htmlToText', () => {
  it('keeps text, decodes entities once and collapses whitespace', () => {
    expect(htmlToText('<p>R&amp;D&nbsp;&nbsp;team\n\n  &mdash; <b>hi</b></p>')).toBe('R&D team — hi');
    expect(htmlToText('&amp;lt;b&amp;gt;')).toBe('&lt;b&gt;');
  });

  it.each([
    ['script', '<p>ok</p><script>document.write("<p>EVIL</p>")</script>'],
    ['style', '<style>p { content: "EVIL" }</style><p>ok</p>'],
    ['noscript', '<p>ok</p><noscript><img src="x.gif">EVIL</noscript>'],
    ['iframe', '<p>ok</p><iframe src="https://evil.example">EVIL</iframe>'],
    ['svg', '<svg><text>EVIL</text><script>EVIL()</script></svg><p>ok</p>'],
    ['template', '<template><p>EVIL</p></template><p>ok</p>'],
    ['unclosed script', '<p>ok</p><script>EVIL and the rest of the page'],
  ])('drops the contents of %s', (_name, html) => {
    const text = htmlToText(html);
    expect(text).toContain('ok');
    expect(text).not.toMatch(/EVIL/);
  });

  it('drops tracking pixels, attributes and comments', () => {
    const html =
      '<p onclick="steal()" title="ATTR">Apply</p><img src="https://t.example/p.gif" width="1" height="1" alt="PIXEL"><!-- COMMENT --><a href="javascript:evil()">now</a>';
    expect(htmlToText(html)).toBe('Apply. now');
  });

  it('separates blocks into sentences but not inline elements', () => {
    expect(htmlToText('<h3>Duties</h3>\n<ul><li>Plan the rota</li><li>Book visits.</li></ul><p>Thanks</p>')).toBe(
      'Duties. Plan the rota. Book visits. Thanks',
    );
    expect(htmlToText('<b>Sen</b>ior <i>role</i>')).toBe('Senior role');
    expect(htmlToText('one<br>two<br/>three')).toBe('one. two. three');
  });

  it('cuts at the limit on a word boundary with an ellipsis', () => {
    const html = `<p>${'alpha beta gamma '.repeat(100)}</p>`;
    const text = htmlToText(html, 50);
    expect(text.length).toBeLessThanOrEqual(50);
    expect(text.endsWith('…')).toBe(true);
    expect(text.slice(0, -1)).toMatch(/^(?:alpha|beta|gamma)(?: (?:alpha|beta|gamma))*$/);
  });

  it('gives the same cut when whitespace makes the early stop collect too little', () => {
    const html = `<div>${'<span>word</span>' + ' '.repeat(200)}</div>`.repeat(100);
    expect(htmlToText(html, 120)).toBe(truncateWords(htmlToText(html), 120));
    expect(htmlToText(html, 120).length).toBeGreaterThan(100);
  });

  it('copes with broken markup', () => {
    expect(htmlToText('<p>open <b>never closed <i>nested')).toBe('open never closed nested');
    expect(htmlToText('a < b and c > d')).toBe('a < b and c > d');
    expect(htmlToText('')).toBe('');
    expect(htmlToText('<div><img src=x></div>')).toBe('');
  });
});

describe('truncateWords', () => {
  it('leaves short text alone', () => {
    expect(truncateWords('short', 10)).toBe('short');
  });
  it('cuts inside a word only when there is no usable boundary', () => {
    expect(truncateWords('a'.repeat(30), 10)).toBe(`${'a'.repeat(9)}…`);
  });
  it('does not leave dangling punctuation or half a surrogate pair', () => {
    expect(truncateWords('one two, three four five six', 10)).toBe('one two…');
    const text = truncateWords(`${'x'.repeat(8)}😀😀😀`, 10);
    expect(text.length).toBeLessThanOrEqual(10);
    expect(() => encodeURIComponent(text)).not.toThrow();
  });
});

describe('cleanText and collapseWhitespace', () => {
  it('cleans a short field', () => {
    expect(cleanText('  Hollis &amp; Varga <b>LLP</b>\u00a0 ', 200)).toBe('Hollis & Varga LLP');
    expect(cleanText('<script>alert(1)</script>', 200)).toBe('');
  });
  it('removes control characters', () => {
    expect(collapseWhitespace('a\u0000b\u0007 \t c')).toBe('ab c');
  });
  it.each([
    ['plain words', 'plain words'],
    [' edge ', 'edge'],
    ['two  spaces', 'two spaces'],
    ['tab\there', 'tab here'],
    ['nbsp\u00a0here', 'nbsp here'],
    ['zero\u200bwidth', 'zero width'],
    ['line\u2028sep', 'line sep'],
  ])('collapses %p', (input, expected) => {
    expect(collapseWhitespace(input)).toBe(expected);
  });
});
