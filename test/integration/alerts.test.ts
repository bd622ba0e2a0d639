/**
 * The alert scenario on the real local stack: subscribers signed up and confirmed over HTTP, jobs
 * posted over simulated days and weeks, digests planned and sent through the SES emulator with
 * `--now`-style runs, and every inbox read back exactly: contents, headers, watermarks, tier changes,
 * one-click unsubscribes and suppressions.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../lambdas/jobs/job';
import { DynamoJobStore } from '../../lambdas/jobs/store';
import { SUBSCRIPTION_LIMITS } from '../../lambdas/shared/limits';
import { DeliveriesTable, JobsTable, SubscribersTable } from '../../lambdas/shared/tables';
import { subscriberId } from '../../lambdas/subscriptions/address';
import { parseTokenKeys, verifyToken } from '../../lambdas/subscriptions/tokens';
import { linkIn, sesEmails, sesFixture, snsEvent, tokenOf, type StoredEmail } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

const ADMIN = 'alerts-test-admin-key-0123456789';
// Monday 30 November 2026 is the start of ISO week 49.
const MON = '2026-11-30T07:00:00.000Z';
const TUE = '2026-12-01T07:00:00.000Z';
const WED = '2026-12-02T07:00:00.000Z';
const NEXT_MON = '2026-12-07T07:00:00.000Z';

let stack: TestStack;
let emptyFeed: Server;
let jobs: DynamoJobStore;
let doc: DynamoDBDocumentClient;

const job = (id: string, title: string, postedAt: string, over: Partial<Job> = {}): Job => ({
  id: `board:${id}`, source: 'board', sourceId: id, title, company: 'Northwind', companyLogo: null,
  industries: ['Healthcare'], types: ['full-time'], geo: 'USA', remote: false, level: null,
  salary: { min: 40_000, max: 50_000, currency: 'USD', period: 'year', sourcePeriod: 'year' },
  postedAt, excerpt: `${title} wanted.`, url: `https://jobs.example/${id}`, tags: [], guideSlug: null,
  contentHash: id.padEnd(64, '0').slice(0, 64), ...over,
});

beforeAll(async () => {
  // No feed jobs: this scenario posts its own, at the times it needs.
  emptyFeed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"jobs":[]}'));
  await new Promise<void>((r) => emptyFeed.listen(0, '127.0.0.1', r));
  stack = await startTestStack(undefined, {
    jobFeeds: `empty=http://127.0.0.1:${(emptyFeed.address() as AddressInfo).port}/jobs.json`,
    adminApiKey: ADMIN,
    signUpLimits: { perClientPerHour: 100_000, confirmationEmailsPerHour: 100_000 },
  });
  doc = stack.clients.dynamo();
  jobs = new DynamoJobStore(doc, JobsTable.id);
});

afterAll(async () => {
  await stack?.stop();
  await new Promise((r) => emptyFeed?.close(r));
});

const api = (path: string, init?: RequestInit) => fetch(`${stack.apiUrl}${path}`, init);

async function subscribe(email: string, prefs: Record<string, unknown>, tier: 'free' | 'plus') {
  const res = await api('/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, ...prefs }) });
  expect(res.status).toBe(202);
  const confirm = (await sesEmails(stack.sesUrl, email)).find((m) => m.subject.startsWith('Confirm'));
  expect((await fetch(linkIn(confirm as StoredEmail, '/subscriptions/confirm'))).status).toBe(200);
  if (tier === 'plus') await setTier(email, 'plus');
}

async function setTier(email: string, tier: 'free' | 'plus') {
  const res = await api(`/admin/subscribers/${encodeURIComponent(email)}/tier`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-api-key': ADMIN },
    body: JSON.stringify({ tier }),
  });
  expect(res.status).toBe(200);
}

/** The digests one address has received, oldest first. */
const digests = async (email: string) =>
  (await sesEmails(stack.sesUrl, email)).filter((m) => !m.subject.startsWith('Confirm') && !m.subject.startsWith('Your careerwire'));
/** The job titles of a digest, in its order (the text part numbers them). */
const titlesIn = (mail: StoredEmail | undefined): string[] => [...(mail?.body.text ?? '').matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1] as string);
const watermark = async (email: string) =>
  (await doc.send(new GetCommand({ TableName: SubscribersTable.id, Key: { id: subscriberId(email) }, ConsistentRead: true }))).Item?.lastDigestAt;

it('runs a week of Plus and Free digests with exact inboxes, watermarks, tier changes, unsubscribes and suppressions', async () => {
  await subscribe('alice@example.com', { keywords: ['nurse'] }, 'plus');
  await subscribe('bob@example.com', { industries: ['Healthcare'], geos: ['USA'] }, 'free');
  await subscribe('carol@example.com', { guides: ['medical-office-administrator'] }, 'plus');
  await subscribe('dave@example.com', { keywords: ['astronaut'] }, 'free');

  // Posted over the weekend before Monday's runs.
  await jobs.putAll([
    job('1', 'Registered Nurse', '2026-11-29T10:00:00.000Z'),
    job('2', 'Night Nurse', '2026-11-30T05:00:00.000Z'),
    job('3', 'Medical Office Manager', '2026-11-29T12:00:00.000Z', { guideSlug: 'medical-office-administrator' }),
    job('4', 'Welder', '2026-11-28T09:00:00.000Z', { industries: ['Manufacturing'] }),
    job('0', 'Old Nurse Posting', '2026-11-20T09:00:00.000Z'), // more than a week before: in no first digest
  ]);

  // Monday: Plus (yesterday onwards) and Free (the week before) first digests.
  const plusMon = await stack.runAlerts({ tier: 'plus', now: MON });
  expect(plusMon).toMatchObject({ period: 'plus@2026-11-30T07:00Z', planned: 2, sent: 2, failed: {} });
  const freeMon = await stack.runAlerts({ tier: 'free', now: MON });
  expect(freeMon).toMatchObject({ period: 'free@2026-11-30T07:00Z', planned: 2, sent: 1, skipped: { 'no-match': 1 } });

  const [aliceMon] = await digests('alice@example.com');
  expect(aliceMon?.subject).toBe('2 new jobs: Night Nurse and more');
  expect(titlesIn(aliceMon)).toEqual(['Night Nurse', 'Registered Nurse']);
  const headers = Object.fromEntries((aliceMon?.headers ?? []).map((h) => [h.name, h.value]));
  expect(headers['List-Unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=.+>$/);
  expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  expect(aliceMon?.body.html).toContain('Unsubscribe');
  expect(aliceMon?.body.html).toContain('/subscriptions/manage?token=');
  // The digest's own links, minted for it: they open Alice's page now and for the manage lifetime ahead.
  const digestManage = linkIn(aliceMon as StoredEmail, '/subscriptions/manage');
  expect((await fetch(digestManage, { headers: { accept: 'application/json' } })).status).toBe(200);
  const tokenKeys = parseTokenKeys(readFileSync(stack.tokenKeysFile, 'utf8'));
  const fresh = verifyToken(tokenKeys, tokenOf(digestManage), 'manage', new Date(Date.now() + (SUBSCRIPTION_LIMITS.manageLinkDays - 1) * 86_400_000));
  expect(fresh.linkSecret).toBe((await doc.send(new GetCommand({ TableName: SubscribersTable.id, Key: { id: subscriberId('alice@example.com') } }))).Item?.linkSecret);
  expect(aliceMon?.body.text).not.toContain('Old Nurse Posting');

  const [carolMon] = await digests('carol@example.com');
  expect(titlesIn(carolMon)).toEqual(['Medical Office Manager']);
  // The guide beside the job: salary by level and growth, linked.
  expect(carolMon?.body.text).toMatch(/Entry-Level[\s\S]*38,750/);
  expect(carolMon?.body.text).toContain('7%');
  expect(carolMon?.body.html).toContain('/guides/medical-office-administrator');

  const [bobMon] = await digests('bob@example.com');
  expect(bobMon?.subject).toBe('3 new jobs: Night Nurse and more');
  expect(titlesIn(bobMon)).toEqual(['Night Nurse', 'Medical Office Manager', 'Registered Nurse']);
  expect(bobMon?.body.text).toMatch(/daily/i); // a Free digest mentions that Plus is daily
  expect(await digests('dave@example.com')).toEqual([]);
  expect(await watermark('alice@example.com')).toBe(MON);

  // A rerun of Monday's Plus run is the same run (one id per tier and instant): nothing is planned
  // or sent again.
  const rerun = await stack.runAlerts({ tier: 'plus', now: MON });
  expect(rerun.delivered).toBe(0);
  expect((await digests('alice@example.com')).length).toBe(1);

  // Tuesday: only what was posted since Monday's digest.
  await jobs.putAll([job('5', 'Pediatric Nurse', '2026-11-30T15:00:00.000Z'), job('6', 'Medical Office Administrator', '2026-12-01T06:00:00.000Z', { guideSlug: 'medical-office-administrator' })]);
  // Bob moves to Plus: from the next Plus run, he hears only of jobs after his Free digest.
  await setTier('bob@example.com', 'plus');
  const plusTue = await stack.runAlerts({ tier: 'plus', now: TUE });
  expect(plusTue).toMatchObject({ planned: 3, sent: 3 });
  expect(titlesIn((await digests('alice@example.com'))[1])).toEqual(['Pediatric Nurse']);
  expect(titlesIn((await digests('carol@example.com'))[1])).toEqual(['Medical Office Administrator']);
  expect(titlesIn((await digests('bob@example.com'))[1])).toEqual(['Medical Office Administrator', 'Pediatric Nurse']);

  // Alice leaves with the one-click link of her digest; Carol's address complains.
  const unsubscribe = /<(.+)>/.exec(headers['List-Unsubscribe'] ?? '')?.[1] as string;
  const oneClick = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(oneClick.status).toBeLessThan(300);
  const complaint = sesFixture('complaint');
  const mail = complaint.mail as { destination: string[] };
  mail.destination = ['carol@example.com'];
  (complaint.complaint as { complainedRecipients: { emailAddress: string }[] }).complainedRecipients = [{ emailAddress: 'carol@example.com' }];
  await stack.feedback(snsEvent(complaint));

  await jobs.putAll([job('7', 'ICU Nurse', '2026-12-01T20:00:00.000Z', { guideSlug: 'medical-office-administrator' })]);
  const plusWed = await stack.runAlerts({ tier: 'plus', now: WED });
  expect(plusWed).toMatchObject({ planned: 1, sent: 1 });
  expect(await digests('alice@example.com')).toHaveLength(2);
  expect(await digests('carol@example.com')).toHaveLength(2);
  expect(titlesIn((await digests('bob@example.com'))[2])).toEqual(['ICU Nurse']);

  // The next week's Free run: Bob is Plus now, Dave still matches nothing.
  const freeNext = await stack.runAlerts({ tier: 'free', now: NEXT_MON });
  expect(freeNext).toMatchObject({ period: 'free@2026-12-07T07:00Z', planned: 1, sent: 0, skipped: { 'no-match': 1 } });
  expect(await digests('bob@example.com')).toHaveLength(3);

  // Every digest in the ledger once, per subscriber and period.
  const ledger = await doc.send(new GetCommand({ TableName: DeliveriesTable.id, Key: { subscriberId: subscriberId('bob@example.com'), period: 'free#2026-W49' } }));
  expect(ledger.Item).toMatchObject({ status: 'sent', jobIds: expect.arrayContaining(['board:1', 'board:2', 'board:3']) });
});

it('delivers by local time: each hourly run reaches only the subscribers of the zones whose 07:00 it is', async () => {
  const zones = { 'tokyo@example.com': 'Asia/Tokyo', 'berlin@example.com': 'Europe/Berlin', 'newyork@example.com': 'America/New_York' } as const;
  for (const [email, timeZone] of Object.entries(zones)) await subscribe(email, { keywords: ['zone nurse'], timeZone }, 'plus');
  await jobs.putAll([job('z1', 'Zone Nurse', '2026-12-09T18:00:00.000Z')]);
  const inboxes = async () => Object.fromEntries(await Promise.all(Object.keys(zones).map(async (email) => [email, (await digests(email)).length] as const)));

  // Thursday 10 December 2026, 07:00 in Tokyo (22:00 UTC the day before), Berlin (06:00 UTC), New York (12:00 UTC).
  const tokyo = await stack.runAlerts({ tier: 'plus', now: '2026-12-09T22:00:00.000Z' });
  expect(tokyo).toMatchObject({ planned: 1, sent: 1 });
  expect(await inboxes()).toEqual({ 'tokyo@example.com': 1, 'berlin@example.com': 0, 'newyork@example.com': 0 });
  // An hour with no subscriber's 07:00 plans nobody.
  expect(await stack.runAlerts({ tier: 'plus', now: '2026-12-10T03:00:00.000Z' })).toMatchObject({ planned: 0, sent: 0 });
  const berlin = await stack.runAlerts({ tier: 'plus', now: '2026-12-10T06:00:00.000Z' });
  expect(berlin).toMatchObject({ planned: 1, sent: 1 });
  expect(await inboxes()).toEqual({ 'tokyo@example.com': 1, 'berlin@example.com': 1, 'newyork@example.com': 0 });
  const newYork = await stack.runAlerts({ tier: 'plus', now: '2026-12-10T12:00:00.000Z' });
  expect(newYork).toMatchObject({ planned: 1, sent: 1 });
  expect(await inboxes()).toEqual({ 'tokyo@example.com': 1, 'berlin@example.com': 1, 'newyork@example.com': 1 });
  expect(titlesIn((await digests('newyork@example.com'))[0])).toEqual(['Zone Nurse']);
  // Each digest is the subscriber's local day in the ledger.
  for (const email of Object.keys(zones)) {
    const item = await doc.send(new GetCommand({ TableName: DeliveriesTable.id, Key: { subscriberId: subscriberId(email), period: 'plus#2026-12-10' } }));
    expect(item.Item).toMatchObject({ status: 'sent' });
  }
  // An operator's run over every zone at once (careerwire alerts run --all-zones): at 03:00 UTC on the
  // 11th it is the 11th in Tokyo and Berlin (a new local day each, and Bob's, in the default zone, UTC)
  // but still the 10th in New York, whose digest of that day went out already.
  await jobs.putAll([job('z2', 'Zone Nurse Again', '2026-12-10T20:00:00.000Z')]);
  const everyone = await stack.runAlerts({ tier: 'plus', now: '2026-12-11T03:00:00.000Z', allZones: true });
  expect(everyone).toMatchObject({ planned: 4, sent: 3, skipped: { 'already-sent': 1 } });
  expect(await inboxes()).toEqual({ 'tokyo@example.com': 2, 'berlin@example.com': 2, 'newyork@example.com': 1 });
});

it('answers operators: a run started over the admin API, and its counts', async () => {
  const start = await api('/admin/alerts/run', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': ADMIN },
    body: JSON.stringify({ tier: 'free', dryRun: true }),
  });
  expect(start.status).toBe(202);
  const { runId, status } = (await start.json()) as { runId: string; status: string };
  // The run goes on after the 202: read it until it is planned (the jest timeout bounds a hang).
  let run: Record<string, unknown> = {};
  while (run.status !== 'planned') {
    const res = await api(status, { headers: { 'x-api-key': ADMIN } });
    if (res.status === 200) run = (await res.json()) as Record<string, unknown>;
    else expect(res.status).toBe(404); // not recorded yet
    if (run.status !== 'planned') await new Promise((r) => setTimeout(r, 20));
  }
  expect(run).toMatchObject({ runId, tier: 'free', dryRun: true, status: 'planned', sent: 0 });
  expect((await api(status)).status).toBe(401);
  expect((await api('/admin/runs/00000000-0000-0000-0000-000000000000', { headers: { 'x-api-key': ADMIN } })).status).toBe(404);
  expect((await api('/admin/alerts/run', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': ADMIN }, body: '{"tier":"gold"}' })).status).toBe(400);
});
