/**
 * Every function, bundled exactly as CDK bundles it (ES modules, minified, source maps), loads in a
 * fresh Node process and exports a handler: what a cold start does first. Synth alone would not catch
 * a bundle that builds but throws at import (a CommonJS package's `require` inside ESM, say).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunction, functionEntries, functionEnvironment } from '../support/bundles';

let out = '';
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'careerwire-bundle-load-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const entries = functionEntries();

it('finds the functions', () => {
  expect(entries.map((e) => e.name).sort()).toEqual(['admin', 'api', 'digest-planner', 'digest-sender', 'feedback', 'ingest', 'job-sync', 'subscriptions']);
});

it.each(entries)('$name loads as an ES module and exports a handler function', ({ name, entry }) => {
  const file = join(out, `${name}.mjs`);
  bundleFunction(entry, file);
  const script = `import(${JSON.stringify(pathToFileURL(file).href)}).then((m) => process.stdout.write(typeof m.handler))`;
  const printed = execFileSync(process.execPath, ['-e', script], { env: functionEnvironment(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(printed).toBe('function');
}, 120_000);
