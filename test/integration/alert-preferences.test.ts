/**
 * The alert preferences end to end on the real local stack, over real HTTP: a JSON sign-up with
 * levels, a salary floor, remote only and a time zone, confirmed from the emailed link; the manage
 * page (HTML and JSON) and the export show them; an unknown zone is a 400 naming the field; /jobs
 * filters on remote; a Plus digest delivers only the jobs those rules allow, in the documented order;
 * and the private feed linked from the manage page serves RSS and JSON Feed with ETag/304 until the
 * subscriber erases their data.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Job } from '../../lambdas/jobs/job';
import { DynamoJobStore } from '../../lambdas/jobs/store';
import { JobsTable } from '../../lambdas/shared/tables';
import { linkIn, sesEmails, type StoredEmail } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

const ADMIN = 'alert-preferences-admin-key-0123456789';
const EMAIL = 'prefs.reader@example.com';
const PREFERENCES = { levels: ['Senior'], salaryMin: 90_000, salaryCurrency: 'USD', remoteOnly: true, timeZone: 'Europe/Berlin' };
// A Plus run on Monday 30 November 2026: a first digest looks back one day.
// Monday 07:00 in Berlin, the subscriber's zone: their digest's run.
const RUN_AT = '2026-11-30T06:00:00.000Z';

let stack: TestStack;
let emptyFeed: Server;
let jobs: DynamoJobStore;

const usd = (min: number, max: number) => ({ min, max, currency: 'USD', period: 'year' as const, sourcePeriod: 'year' as const });

const job = (id: string, title: string, postedAt: string, over: Partial<Job>): Job => ({
  id: `board:${id}`, source: 'board', sourceId: id, title, company: 'Northwind', companyLogo: null,
  industries: ['Technology'], types: ['full-time'], geo: 'Anywhere', remote: true, level: null, salary: null,
  postedAt, excerpt: `${title} wanted.`, url: `https://jobs.example/${id}`, tags: [], guideSlug: null,
  contentHash: id.padEnd(64, '0').slice(0, 64), ...over,
});

/**
 * Posted the day before the run, newest last in this list's order of hours. What the subscriber's
 * rules make of each is in its title.
 */
const JOBS: Job[] = [
  job('a', 'Meets Level And Salary', '2026-11-29T09:00:00.000Z', { level: 'Senior', salary: usd(100_000, 120_000) }),
  job('b', 'Meets Salary No Level', '2026-11-29T10:00:00.000Z', { salary: usd(95_000, 130_000) }),
  job('c', 'Meets Level No Salary', '2026-11-29T11:00:00.000Z', { level: 'Senior' }),
  job('d', 'States Nothing', '2026-11-29T12:00:00.000Z', {}),
  job('e', 'Meets Level Salary In Euros', '2026-11-29T13:00:00.000Z', { level: 'Senior', salary: { ...usd(40_000, 50_000), currency: 'EUR' } }),
  job('f', 'Under The Floor', '2026-11-29T14:00:00.000Z', { level: 'Senior', salary: usd(50_000, 60_000) }),
  job('g', 'Another Level', '2026-11-29T15:00:00.000Z', { level: 'Entry', salary: usd(150_000, 160_000) }),
  job('h', 'On Site Only', '2026-11-29T16:00:00.000Z', { remote: false, geo: 'USA', level: 'Senior', salary: usd(150_000, 160_000) }),
];

beforeAll(async () => {
  // No feed jobs: the test posts its own.
  emptyFeed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"jobs":[]}'));
  await new Promise<void>((r) => emptyFeed.listen(0, '127.0.0.1', r));
  stack = await startTestStack(undefined, {
    jobFeeds: `empty=http://127.0.0.1:${(emptyFeed.address() as AddressInfo).port}/jobs.json`,
    adminApiKey: ADMIN,
    signUpLimits: { perClientPerHour: 100_000, confirmationEmailsPerHour: 100_000 },
  });
  jobs = new DynamoJobStore(stack.clients.dynamo(), JobsTable.id);
  await jobs.putAll(JOBS);
});

afterAll(async () => {
  await stack?.stop();
  await new Promise((r) => emptyFeed?.close(r));
});

const api = (path: string, init?: RequestInit) => fetch(`${stack.apiUrl}${path}`, init);
const json = { 'content-type': 'application/json' };

interface ManageJson {
  subscription: { preferences: Record<string, unknown>; status: string };
  links: Record<'manage' | 'export' | 'erase' | 'feed' | 'jsonFeed', string>;
}

/** The job titles of a digest, in its order (the text part numbers them). */
const titlesIn = (mail: StoredEmail | undefined): string[] => [...(mail?.body.text ?? '').matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1] as string);

it('refuses an unknown time zone with a 400 that names the field, and stores nothing', async () => {
  const res = await api('/subscriptions', { method: 'POST', headers: json, body: JSON.stringify({ email: 'zone@example.com', timeZone: 'Mars/Olympus' }) });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await res.json()) as { errors: { field: string; message: string }[] };
  expect(problem.errors.map((e) => e.field)).toEqual(['/timeZone']);
  expect(problem.errors[0]?.message).toContain('Mars/Olympus');
  expect(await sesEmails(stack.sesUrl, 'zone@example.com')).toEqual([]);
});

it('filters /jobs on remote', async () => {
  const titles = async (query: string) => ((await (await api(`/jobs?${query}`)).json()) as { items: { title: string; remote: boolean }[] }).items;
  const remote = await titles('remote=true&limit=50');
  expect(remote.map((j) => j.title).sort()).toEqual(JOBS.filter((j) => j.remote).map((j) => j.title).sort());
  expect((await titles('remote=false&limit=50')).map((j) => j.title)).toEqual(['On Site Only']);
  expect((await api('/jobs?remote=sometimes')).status).toBe(400);
});

it('signs up with the new preferences, shows them on the manage page and in the export, digests by them, and serves the private feed until an erase', async () => {
  const signUp = await api('/subscriptions', { method: 'POST', headers: json, body: JSON.stringify({ email: EMAIL, ...PREFERENCES }) });
  expect(signUp.status).toBe(202);
  const confirm = (await sesEmails(stack.sesUrl, EMAIL)).find((m) => m.subject.startsWith('Confirm'));
  expect((await fetch(linkIn(confirm as StoredEmail, '/subscriptions/confirm'))).status).toBe(200);
  const tier = await api(`/admin/subscribers/${encodeURIComponent(EMAIL)}/tier`, {
    method: 'PUT',
    headers: { ...json, 'x-api-key': ADMIN },
    body: JSON.stringify({ tier: 'plus' }),
  });
  expect(tier.status).toBe(200);

  // The manage link of the welcome email: the page and its JSON.
  const welcome = (await sesEmails(stack.sesUrl, EMAIL)).find((m) => m.subject === 'Your careerwire job alerts are on');
  const manageUrl = linkIn(welcome as StoredEmail, '/subscriptions/manage');
  const view = (await (await fetch(manageUrl, { headers: { accept: 'application/json' } })).json()) as ManageJson;
  expect(view.subscription.preferences).toMatchObject(PREFERENCES);
  const page = await (await fetch(manageUrl, { headers: { accept: 'text/html' } })).text();
  expect(page).toMatch(/id="levels-Senior" name="levels" value="Senior" checked>/);
  expect(page).not.toMatch(/id="levels-Entry"[^>]* checked>/);
  expect(page).toContain('name="salaryMin" value="90000"');
  expect(page).toContain('name="salaryCurrency" value="USD"');
  expect(page).toMatch(/id="remoteOnly" name="remoteOnly" value="yes" checked>/);
  expect(page).toContain('name="timeZone" value="Europe/Berlin"');

  const exported = (await (await fetch(view.links.export)).json()) as { subscriber: { preferences: Record<string, unknown> } };
  expect(exported.subscriber.preferences).toMatchObject(PREFERENCES);

  // Plus, Monday: remote only leaves out the on-site job; the floor the USD job under it; the level
  // the Entry job. Those meeting both come first, then those meeting one (the euro salary counts as
  // unstated), then the one stating neither; newest first within each.
  const run = await stack.runAlerts({ tier: 'plus', now: RUN_AT });
  expect(run).toMatchObject({ planned: 1, sent: 1, failed: {} });
  const digest = (await sesEmails(stack.sesUrl, EMAIL)).find((m) => /^\d+ new jobs?:/.test(m.subject));
  expect(titlesIn(digest)).toEqual(['Meets Level And Salary', 'Meets Level Salary In Euros', 'Meets Level No Salary', 'Meets Salary No Level', 'States Nothing']);

  // The private feed, from the links on the manage page (HTML, as a person finds them).
  const fresh = await (await fetch(manageUrl, { headers: { accept: 'text/html' } })).text();
  const href = (path: string) => {
    const found = fresh.match(new RegExp(`href="(${path.replace(/\./g, '\\.')}\\?token=[^"]+)"`))?.[1];
    expect(found).toBeDefined();
    return `${stack.apiUrl}${(found as string).replace(/&amp;/g, '&')}`;
  };
  const rssUrl = href('/subscriptions/feed.rss');
  const jsonUrl = href('/subscriptions/feed.json');

  const rss = await fetch(rssUrl);
  expect(rss.status).toBe(200);
  expect(rss.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
  expect(rss.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
  const rssBody = await rss.text();
  expect([...rssBody.matchAll(/<item>\n<title>([^<]+)<\/title>/g)].map((m) => m[1])).toEqual(titlesIn(digest).map((t) => `${t} at Northwind`));
  const rssTag = rss.headers.get('etag') as string;
  // Weak when the function compressed the answer (fetch accepts br and gzip), strong otherwise.
  expect(rssTag).toMatch(/^(W\/)?"[0-9a-f]+"$/);
  const rssAgain = await fetch(rssUrl, { headers: { 'if-none-match': rssTag } });
  expect(rssAgain.status).toBe(304);
  expect(await rssAgain.text()).toBe('');

  const feed = await fetch(jsonUrl);
  expect(feed.status).toBe(200);
  expect(feed.headers.get('content-type')).toMatch(/^application\/feed\+json/);
  const feedDoc = (await feed.json()) as { version: string; items: { title: string }[] };
  expect(feedDoc.version).toBe('https://jsonfeed.org/version/1.1');
  expect(feedDoc.items.map((i) => i.title)).toEqual(titlesIn(digest).map((t) => `${t} at Northwind`));
  expect((await fetch(jsonUrl, { headers: { 'if-none-match': feed.headers.get('etag') as string } })).status).toBe(304);

  // Erasing revokes every link, the feed's too.
  expect((await fetch(view.links.erase, { method: 'DELETE' })).status).toBe(204);
  for (const url of [rssUrl, jsonUrl]) {
    const gone = await fetch(url);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toBe('application/problem+json');
  }
  expect((await fetch(rssUrl, { headers: { 'if-none-match': rssTag } })).status).toBe(404);
});
