import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderDigest } from '../../../lambdas/alerts/render';
import { loadDigest } from '../../fixtures/digests';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('render.ts bundle (what a Lambda that sends digests carries)', () => {
  let dir = '';
  let code = '';
  let inputs: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'careerwire-render-'));
    const result = buildSync({
      entryPoints: [path.join(ROOT, 'lambdas/alerts/render.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      outfile: path.join(dir, 'render.js'),
      metafile: true,
      logLevel: 'silent',
    });
    code = readFileSync(path.join(dir, 'render.js'), 'utf8');
    inputs = Object.keys(result.metafile.inputs);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('contains no mjml and nothing from node_modules', () => {
    expect(code).not.toMatch(/mjml/i);
    expect(inputs.filter((p) => p.includes('node_modules'))).toEqual([]);
    expect(inputs.map((p) => path.relative(path.join(ROOT, 'lambdas'), path.resolve(ROOT, p))).sort()).toEqual([
      'alerts/format.ts',
      'alerts/render.ts',
      'alerts/template.ts',
      'alerts/templates/digest.html.ts',
      'shared/html.ts',
    ]);
  });

  it('is small', () => {
    const kib = Buffer.byteLength(code) / 1024;
    console.log(`render.ts bundle: ${kib.toFixed(1)} KiB minified`);
    expect(kib).toBeLessThan(64);
  });

  it('renders the same digest as the source', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(path.join(dir, 'render.js')) as typeof import('../../../lambdas/alerts/render');
    const digest = loadDigest('free-weekly');
    expect(bundled.renderDigest(digest)).toEqual(renderDigest(digest));
  });
});
