import { escapeHtml } from '../../../lambdas/shared/html';

describe('escapeHtml', () => {
  it('escapes the HTML-significant characters and the backtick', () => {
    expect(escapeHtml('&<>"\'`')).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
    expect(escapeHtml('<a title="x" onclick=`y`>')).toBe('&lt;a title=&quot;x&quot; onclick=&#96;y&#96;&gt;');
  });

  it('leaves every other character as it is', () => {
    expect(escapeHtml('plain – text ✓ {{x}} &amp')).toBe('plain – text ✓ {{x}} &amp;amp');
    expect(escapeHtml('plain – text ✓')).toBe('plain – text ✓');
    expect(escapeHtml('')).toBe('');
  });

  it('escapes again what is already escaped (it never guesses that text is markup)', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});
