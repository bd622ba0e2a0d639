/**
 * Guides end to end on the real local stack: content files → ingest → dynalite → the API handler
 * behind the local API Gateway, read over real HTTP.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ingestGuides } from '../../lambdas/guides/ingest';
import { importGuide } from '../../lambdas/guides/parse';
import { GuideSchema } from '../../lambdas/guides/schema';
import { DynamoGuideStore } from '../../lambdas/guides/store';
import { validate } from '../../lambdas/http/schema';
import { documentClient } from '../../lambdas/shared/dynamo';
import { GuidesTable } from '../../lambdas/shared/tables';
import { guideSources } from '../../lib/local/content';
import { startTestStack, type TestStack } from '../support/stack';

const REPO = join(__dirname, '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'guides');
const SLUG = 'medical-office-administrator';

let stack: TestStack;
let dir: string;

/** A store on its own client, counting the requests it makes, to prove what ingest costs. */
function countingStore() {
  const client = new DynamoDBClient(stack.clients.configFor('dynamodb'));
  const calls: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return { calls, store: new DynamoGuideStore(documentClient(client), GuidesTable.id) };
}

function writeGuide(slug: string, fixture: string): void {
  const text = readFileSync(join(FIXTURES, fixture), 'utf8');
  writeFileSync(join(dir, `${slug}.md`), importGuide(text, { file: fixture, updatedAt: '2026-11-02T00:00:00.000Z' }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'careerwire-guides-'));
  copyFileSync(join(REPO, 'content', 'guides', `${SLUG}.md`), join(dir, `${SLUG}.md`));
  writeGuide('solar-panel-installer', 'solar-panel-installer.txt');
  writeFileSync(
    join(dir, 'broken-guide.md'),
    '---\nslug: broken-guide\ntitle: Broken\ngrowthRatePercent: lots\n---\n\n## Summary\n\nA role.\n',
  );
  stack = await startTestStack(dir);
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.apiUrl}${path}`, { headers });

it('ingests the good guides at start and reports the bad file with FILE:LINE', () => {
  expect(stack.ingest.written.sort()).toEqual([SLUG, 'solar-panel-installer']);
  expect(stack.ingest.failed).toHaveLength(1);
  expect(stack.ingest.failed[0]).toMatchObject({ file: expect.stringContaining('broken-guide.md'), line: 4 });
});

it('serves a full Guide that matches the contract, with ETag caching', async () => {
  const res = await get(`/guides/${SLUG}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  const guide = (await res.json()) as { title: string; salary: { median: number }; faq: unknown[] };
  expect(validate(GuideSchema, guide)).toEqual([]);
  expect(guide.title).toBe('Medical Office Administrator');
  expect(guide.salary.median).toBe(47_500);
  expect(guide.faq).toHaveLength(10);

  const etag = res.headers.get('etag');
  expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/); // weak: fetch accepts br, so the body came compressed
  const again = await get(`/guides/${SLUG}`, { 'if-none-match': String(etag) });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
});

it('lists, searches and sorts summaries over HTTP', async () => {
  const list = (await (await get('/guides')).json()) as { items: { slug: string; medianSalary: number | null }[] };
  expect(list.items.map((i) => i.slug)).toEqual([SLUG, 'solar-panel-installer']);
  expect(list.items[0]?.medianSalary).toBe(47_500);

  const q = (await (await get('/guides?q=clinic%20billing')).json()) as { items: { slug: string }[] };
  expect(q.items.map((i) => i.slug)).toEqual([SLUG]);
  const remote = (await (await get('/guides?remote=true')).json()) as { items: { slug: string }[] };
  expect(remote.items.map((i) => i.slug)).toEqual([SLUG]);
});

it('answers problem+json for bad parameters and unknown routes', async () => {
  const bad = await get('/guides?limit=1000&sort=fame');
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toBe('application/problem+json');
  const body = (await bad.json()) as { errors: { field: string }[] };
  expect(body.errors.map((e) => e.field).sort()).toEqual(['limit', 'sort']);
  expect((await get('/guides/no-such-role')).status).toBe(404);
  expect((await get('/salaries')).status).toBe(404);
});

it('re-ingests unchanged content with reads only, no writes', async () => {
  const { calls, store } = countingStore();
  const report = await ingestGuides(store, await guideSources(dir), { removeMissing: true });
  expect(report.written).toEqual([]);
  expect(report.unchanged.sort()).toEqual([SLUG, 'solar-panel-installer']);
  expect(calls.filter((c) => /Write|Put|Delete|Update/.test(c))).toEqual([]);
  expect(calls).toContain('BatchGetItemCommand');
});

it('keeps the stored version of a guide whose file goes bad, while the others still land', async () => {
  const before = await (await get('/guides/solar-panel-installer')).json();
  writeFileSync(join(dir, 'solar-panel-installer.md'), 'Solar Panel Installer\n\nno longer a guide');
  writeGuide('dog-groomer', 'dog-groomer.txt');
  const { store } = countingStore();
  const report = await ingestGuides(store, await guideSources(dir), { removeMissing: true });

  expect(report.written).toEqual(['dog-groomer']);
  expect(report.removed).toEqual([]);
  expect(report.failed.map((f) => f.file).sort()).toEqual([
    expect.stringContaining('broken-guide.md'),
    expect.stringContaining('solar-panel-installer.md'),
  ]);
  expect(await (await get('/guides/solar-panel-installer')).json()).toEqual(before);
  expect((await get('/guides/dog-groomer')).status).toBe(200);
});

it('replaces a changed guide whole and removes a deleted one', async () => {
  const path = join(dir, `${SLUG}.md`);
  const original = readFileSync(path, 'utf8');
  // Drop the whole FAQ section: no old entry may survive in the stored guide.
  writeFileSync(path, original.slice(0, original.indexOf('## FAQ')));
  unlinkSync(join(dir, 'dog-groomer.md'));
  const { store } = countingStore();
  const report = await ingestGuides(store, await guideSources(dir), { removeMissing: true });

  expect(report.written).toEqual([SLUG]);
  expect(report.removed).toEqual(['dog-groomer']);
  const guide = (await (await get(`/guides/${SLUG}`)).json()) as { faq: unknown[] };
  expect(guide.faq).toEqual([]);
  expect((await get('/guides/dog-groomer')).status).toBe(404);
});
