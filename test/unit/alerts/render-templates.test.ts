import { readFileSync } from 'node:fs';
import { DIGEST_MODULE, buildDigestModule, splitBlocks, tidyHtml } from '../../../bin/build-emails';
import { digestTemplates } from '../../../lambdas/alerts/templates/digest.html';

describe('digest templates (build time)', () => {
  it('the committed digest.html.ts is what digest.mjml compiles to (run `npm run build:emails`)', async () => {
    const generated = await buildDigestModule();
    const committed = readFileSync(DIGEST_MODULE, 'utf8');
    // A plain comparison first: a failing toBe on two 30 KB strings is unreadable.
    if (generated !== committed) {
      const a = generated.split('\n');
      const b = committed.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `lambdas/alerts/templates/digest.html.ts is out of date: run npm run build:emails and commit it.\n` +
          `first difference at line ${line + 1}:\n  compiled:  ${a[line]}\n  committed: ${b[line]}`,
      );
    }
    expect(generated).toBe(committed);
  });

  it('has every block the renderer fills, each with its slots', () => {
    expect(Object.keys(digestTemplates)).toEqual([
      'document', 'empty', 'jobs', 'job', 'jobChips', 'chip', 'jobSalary', 'jobGuide',
      'guides', 'guide', 'guideStats', 'guideStat', 'guideLevels', 'guideLevel', 'plusNote',
    ]);
    expect(digestTemplates.document.text).toEqual(
      expect.arrayContaining(['subject', 'preheader', 'periodLabel', 'manageUrl', 'unsubscribeUrl']),
    );
    expect(digestTemplates.job.blocks).toEqual(['jobChips', 'jobSalary', 'jobGuide']);
    for (const t of Object.values(digestTemplates)) expect(t.html).not.toMatch(/block:|mjml/i);
  });

  it('splits compiled HTML at nested markers into a frame and block templates', () => {
    const html = [
      '<body>{{title}}',
      '<!-- block:row -->',
      '<tr><td>{{name}}</td><!-- block:cell --><td>{{value}}</td><!-- /block:cell --></tr>',
      '<!-- /block:row -->',
      '</body>',
    ].join('\n');
    expect(splitBlocks(html)).toEqual([
      { name: 'document', html: '<body>{{title}}\n{{#row}}\n</body>', text: ['title'], blocks: ['row'] },
      { name: 'row', html: '<tr><td>{{name}}</td>{{#cell}}</tr>', text: ['name'], blocks: ['cell'] },
      { name: 'cell', html: '<td>{{value}}</td>', text: ['value'], blocks: [] },
    ]);
  });

  it.each([
    ['<!-- block:a -->x', 'block "a" is not closed'],
    ['<!-- /block:a -->', 'closing marker for "a" without an opening one'],
    ['<!-- block:a --><!-- /block:a --><!-- block:a --><!-- /block:a -->', 'block "a" is marked more than once'],
    ['<a href="{{ url }}">', 'malformed placeholder'],
    ['<a href="%7B%7Burl%7D%7D">{{x}', 'malformed placeholder'],
  ])('rejects %j', (html, message) => {
    expect(() => splitBlocks(html)).toThrow(message);
  });

  it('keeps Outlook conditionals and block markers, and drops indentation and plain comments', () => {
    const html = [
      '<html>',
      '    <!--[if mso | IE]><table><tr><td><![endif]-->',
      '    <!--[if !mso]><!-->',
      '      <meta x>',
      '    <!--<![endif]-->',
      '    <!-- a note for template authors -->',
      '    <!-- block:job -->  <p>a  b</p>   ',
      '',
      '    <!-- /block:job -->',
      '</html>',
    ].join('\n');
    expect(tidyHtml(html)).toBe(
      [
        '<html>',
        '<!--[if mso | IE]><table><tr><td><![endif]-->',
        '<!--[if !mso]><!-->',
        '<meta x>',
        '<!--<![endif]-->',
        '<!-- block:job -->  <p>a  b</p>',
        '<!-- /block:job -->',
        '</html>',
        '',
      ].join('\n'),
    );
  });
});
