/**
 * Subscriptions end to end on the real local stack: the API over HTTP, dynalite, and the SES
 * emulator's store, from which the links are read as a subscriber would read them. Every log line the
 * handlers write during the file (Powertools at DEBUG, and the console) is captured and checked for
 * addresses at the end.
 */
import '../support/debug-logs';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SUBSCRIPTION_LIMITS } from '../../lambdas/shared/limits';
import { DeliveriesTable, SubscribersTable, SuppressionsTable } from '../../lambdas/shared/tables';
import { emailHash, subscriberId } from '../../lambdas/subscriptions/address';
import { alertShard } from '../../lambdas/subscriptions/tiers';
import { linkIn, sesEmails, sesFixture, snsEvent, tokenOf, type StoredEmail } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let doc: DynamoDBDocumentClient;
const captured: string[] = [];
const restore: (() => void)[] = [];

function capture(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' ')));
    restore.push(() => spy.mockRestore());
  }
}

beforeAll(async () => {
  // From the start: the stack's own lines (ingest, the first sync) are checked too.
  capture();
  stack = await startTestStack(undefined, { signUpLimits: { perClientPerHour: 100_000, confirmationEmailsPerHour: 100_000 } });
  doc = stack.clients.dynamo();
});

afterAll(async () => {
  for (const undo of restore.reverse()) undo();
  await stack?.stop();
});

const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

const signUp = (body: Record<string, unknown>) =>
  fetch(`${stack.apiUrl}/subscriptions`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
const item = async (email: string) =>
  (await doc.send(new GetCommand({ TableName: SubscribersTable.id, Key: { id: subscriberId(email) }, ConsistentRead: true }))).Item;
const local = (url: string) => {
  const u = new URL(url);
  expect(u.origin).toBe(stack.apiUrl);
  return url;
};
async function latest(to: string, kind: 'confirm' | 'welcome'): Promise<StoredEmail> {
  const subject = kind === 'confirm' ? 'Confirm your careerwire job alerts' : 'Your careerwire job alerts are on';
  const mail = (await sesEmails(stack.sesUrl, to)).filter((m) => m.subject === subject).at(-1);
  if (mail === undefined) throw new Error(`no ${kind} email to ${to}`);
  return mail;
}
async function subscribeAndConfirm(email: string, body: Record<string, unknown> = {}) {
  expect((await signUp({ email, ...body })).status).toBe(202);
  const confirm = linkIn(await latest(email, 'confirm'), '/subscriptions/confirm');
  const res = await fetch(local(confirm), { headers: { accept: 'application/json' } });
  expect(res.status).toBe(200);
  return (await res.json()) as { links: { manage: string; unsubscribe: string } };
}

describe('the whole path: sign-up → confirm → manage → export → one-click unsubscribe → erase', () => {
  const email = 'Flow.Reader@Example.com';
  const stored = 'Flow.Reader@example.com';
  const id = subscriberId(email);

  it('sends a confirmation email with a signed link, and keeps the sign-up pending', async () => {
    const res = await signUp({ email, keywords: ['medical office'], guides: ['medical-office-administrator'] });
    expect(res.status).toBe(202);
    const mail = await latest(stored, 'confirm');
    expect(mail.from).toBe('alerts@careerwire.local');
    expect(mail.destination.to).toEqual([stored]);
    expect(mail.body.html).toContain(linkIn(mail, '/subscriptions/confirm'));
    expect(await item(email)).toMatchObject({ status: 'pending', email: stored, tier: 'free' });
    expect((await item(email))?.alertShard).toBeUndefined();
  });

  it('confirms from the emailed link: an HTML page for a browser, JSON on request, harmless twice', async () => {
    const link = local(linkIn(await latest(stored, 'confirm'), '/subscriptions/confirm'));
    const page = await fetch(link, { headers: BROWSER });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('You’re subscribed');
    expect(html).toMatch(/href="\/subscriptions\/manage\?token=/);
    expect(html).toMatch(/href="\/unsubscribe\?token=/);

    const again = await fetch(link, { headers: { accept: 'application/json' } });
    expect(await again.json()).toMatchObject({ status: 'confirmed', changed: false, subscription: { id, status: 'confirmed', tier: 'free' } });
    expect((await item(email))?.alertShard).toBe(alertShard(id, 'free'));
    expect((await item(email))?.expiresAt).toBeUndefined();
  });

  it('sends one welcome email with manage and unsubscribe links and RFC 8058 headers', async () => {
    const welcome = (await sesEmails(stack.sesUrl, stored)).filter((m) => m.subject === 'Your careerwire job alerts are on');
    expect(welcome).toHaveLength(1);
    const mail = welcome[0] as StoredEmail;
    const unsubscribe = linkIn(mail, '/unsubscribe');
    expect(mail.headers).toEqual([
      { name: 'List-Unsubscribe', value: `<${unsubscribe}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
    expect(linkIn(mail, '/subscriptions/manage')).toMatch(/\?token=2\.manage\./);
  });

  it('shows the manage page and saves its form (no JavaScript: a plain POST, then a redirect)', async () => {
    const manage = local(linkIn(await latest(stored, 'welcome'), '/subscriptions/manage'));
    const page = await (await fetch(manage, { headers: BROWSER })).text();
    expect(page).toContain('<dt>Email</dt><dd>Flow.Reader@example.com</dd>');
    expect(page).toContain('Free — weekly digest');
    expect(page).toMatch(/<textarea id="keywords" name="keywords"[^>]*>medical office<\/textarea>/);
    const action = page.match(/<form method="post" action="(\/subscriptions\/manage\?token=[^"]+)"/)?.[1] as string;

    const saved = await fetch(`${stack.apiUrl}${action}`, {
      method: 'POST',
      headers: { ...FORM_TYPE, ...BROWSER },
      body: 'keywords=medical+billing%2C+front+desk&industries=Healthcare&geos=USA&jobTypes=full-time&guides=medical-office-administrator',
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    const after = await (await fetch(`${stack.apiUrl}${saved.headers.get('location') as string}`, { headers: BROWSER })).text();
    expect(after).toContain('Saved. Your next digest uses these preferences.');
    expect((await item(email))?.preferences).toEqual({
      keywords: ['medical billing', 'front desk'],
      industries: ['Healthcare'],
      geos: ['USA'],
      jobTypes: ['full-time'],
      guides: ['medical-office-administrator'],
      // The form leaves the other choices at their defaults.
      levels: [],
      salaryMin: null,
      salaryCurrency: 'USD',
      remoteOnly: false,
      timeZone: null,
    });
  });

  it('exports everything stored, delivery history included', async () => {
    for (const period of ['2026-W46', '2026-W47']) {
      await doc.send(new PutCommand({ TableName: DeliveriesTable.id, Item: { subscriberId: id, period, status: 'sent', jobIds: ['sample-remote-jobs:1'] } }));
    }
    const manage = local(linkIn(await latest(stored, 'welcome'), '/subscriptions/manage'));
    const view = (await (await fetch(manage, { headers: { accept: 'application/json' } })).json()) as { links: Record<string, string> };
    const res = await fetch(local(view.links.export as string));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="careerwire-export.json"');
    const exported = (await res.json()) as { subscriber: Record<string, unknown>; deliveries: { period: string }[]; suppression: unknown };
    expect(exported.subscriber).toMatchObject({ id, email: stored, status: 'confirmed', alertShard: alertShard(id, 'free') });
    expect(exported.deliveries.map((d) => d.period)).toEqual(['2026-W46', '2026-W47']);
    expect(exported.suppression).toBeNull();
  });

  it('unsubscribes with the RFC 8058 one-click POST, at once', async () => {
    const header = (await latest(stored, 'welcome')).headers?.find((h) => h.name === 'List-Unsubscribe')?.value as string;
    const url = local(header.slice(1, -1));
    const res = await fetch(url, { method: 'POST', headers: FORM_TYPE, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'unsubscribed' });
    const after = await item(email);
    expect(after).toMatchObject({ status: 'unsubscribed' });
    expect(after?.alertShard).toBeUndefined();
  });

  it('erases the subscriber and their whole delivery history', async () => {
    const manage = local(linkIn(await latest(stored, 'welcome'), '/subscriptions/manage'));
    const view = (await (await fetch(manage, { headers: { accept: 'application/json' } })).json()) as { links: Record<string, string> };
    const res = await fetch(local(view.links.erase as string), { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await item(email)).toBeUndefined();
    const history = await doc.send(
      new QueryCommand({ TableName: DeliveriesTable.id, KeyConditionExpression: 'subscriberId = :id', ExpressionAttributeValues: { ':id': id } }),
    );
    expect(history.Items).toEqual([]);
    expect((await fetch(manage)).status).toBe(404);
  });
});

describe('abuse', () => {
  it('sends at most 3 confirmation emails for 20 sign-ups of one address within a minute', async () => {
    const email = 'flooded@example.com';
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signUp({ email: i % 2 === 0 ? email : email.toUpperCase().replace('EXAMPLE.COM', 'example.com') })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(202));
    const mails = (await sesEmails(stack.sesUrl, email)).filter((m) => m.subject === 'Confirm your careerwire job alerts');
    expect(mails.length).toBeLessThanOrEqual(3);
    expect(mails.length).toBeGreaterThan(0);
  });

  it('answers byte-identical responses for known and unknown addresses', async () => {
    await subscribeAndConfirm('known@example.com');
    const bodies: string[] = [];
    for (const email of ['known@example.com', 'unknown-address@example.com', 'flooded@example.com']) {
      const res = await signUp({ email, keywords: ['nurse'] });
      bodies.push(JSON.stringify({ status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), body: Buffer.from(await res.arrayBuffer()).toString('base64') }));
    }
    expect(new Set(bodies).size).toBe(1);
  });

  it('takes no less than the answer floor for any address, so the time to answer does not tell who is subscribed', async () => {
    // Lower bounds only: the floor guarantees them on any machine, however busy.
    await subscribeAndConfirm('timed-known@example.com');
    for (const email of ['timed-known@example.com', 'timed-new@example.com', 'flooded@example.com']) {
      const started = performance.now();
      const res = await signUp({ email });
      await res.arrayBuffer();
      expect(res.status).toBe(202);
      expect(performance.now() - started).toBeGreaterThanOrEqual(SUBSCRIPTION_LIMITS.signUpAnswerMs);
    }
  });

  it('answers 403 problem+json to tampered tokens on every route and changes nothing', async () => {
    const email = 'tamper@example.com';
    const { links } = await subscribeAndConfirm(email);
    const before = await item(email);
    const manage = tokenOf(links.manage);
    const unsubscribe = tokenOf(links.unsubscribe);
    const flip = (t: string, at: number) => t.slice(0, at) + (t[at] === 'x' ? 'y' : 'x') + t.slice(at + 1);
    const tampered = [flip(manage, manage.length - 5), flip(unsubscribe, 20), manage.replace('manage.', 'erase.'), unsubscribe.replace('unsubscribe.', 'manage.')];
    const attempts: [string, string, RequestInit?][] = [];
    for (const t of tampered) {
      const q = `?token=${encodeURIComponent(t)}`;
      attempts.push(
        ['GET', `/subscriptions/confirm${q}`],
        ['GET', `/subscriptions/manage${q}`],
        ['POST', `/subscriptions/manage${q}`, { headers: FORM_TYPE, body: 'keywords=hacked' }],
        ['GET', `/subscriptions/export${q}`],
        ['DELETE', `/subscriptions${q}`],
        ['POST', `/subscriptions/erase${q}`, { headers: FORM_TYPE, body: 'confirm=yes' }],
        ['GET', `/unsubscribe${q}`],
        ['POST', `/unsubscribe${q}`, { headers: FORM_TYPE, body: 'List-Unsubscribe=One-Click' }],
      );
    }
    for (const [method, path, init] of attempts) {
      const res = await fetch(`${stack.apiUrl}${path}`, { method, ...init });
      expect([method, path.split('?')[0], res.status, res.headers.get('content-type')]).toEqual([method, path.split('?')[0], 403, 'application/problem+json']);
    }
    expect(await item(email)).toEqual(before);
  });
});

describe('PUT /admin/subscribers/{email}/tier', () => {
  const put = (email: string, body: unknown, key?: string) =>
    fetch(`${stack.apiUrl}/admin/subscribers/${encodeURIComponent(email)}/tier`, {
      method: 'PUT',
      headers: { ...JSON_TYPE, ...(key !== undefined ? { 'x-api-key': key } : {}) },
      body: JSON.stringify(body),
    });

  it('401 without a key, 403 with a wrong one, 404 for an unknown address, 200 and a new shard otherwise', async () => {
    const email = 'upgrader@example.com';
    await subscribeAndConfirm(email);
    expect((await put(email, { tier: 'plus' })).status).toBe(401);
    expect((await put(email, { tier: 'plus' }, 'not-the-admin-key-at-all')).status).toBe(403);
    expect((await put('stranger@example.com', { tier: 'plus' }, stack.adminApiKey)).status).toBe(404);
    expect((await item(email))?.tier).toBe('free');
    const res = await put(email, { tier: 'plus' }, stack.adminApiKey);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: subscriberId(email), tier: 'plus', previousTier: 'free', status: 'confirmed', receivesAlerts: true });
    expect(await item(email)).toMatchObject({ tier: 'plus', alertShard: alertShard(subscriberId(email), 'plus') });
  });
});

describe('SES feedback (recorded payloads through the feedback handler)', () => {
  it('suppresses a permanently bounced subscriber at once; nothing of any kind is sent to them again', async () => {
    const email = 'gone.reader@example.com';
    const { links } = await subscribeAndConfirm(email);
    const [outcome] = await stack.feedback(snsEvent(sesFixture('bounce-permanent')));
    expect(outcome).toMatchObject({ kind: 'permanent-bounce', suppressed: 1, unknownSubscribers: 0 });
    const after = await item(email);
    expect(after).toMatchObject({ suppressed: 'bounce', status: 'confirmed' });
    expect(after?.alertShard).toBeUndefined();
    const record = (await doc.send(new GetCommand({ TableName: SuppressionsTable.id, Key: { emailHash: emailHash(email) } }))).Item;
    expect(record).toMatchObject({ reason: 'bounce', detail: 'Permanent/General' });
    expect(JSON.stringify(record)).not.toContain('@');

    const sent = (await sesEmails(stack.sesUrl, email)).length;
    await signUp({ email });
    await signUp({ email: 'Gone.Reader@example.com' });
    await fetch(local(linkIn(await latest(email, 'confirm'), '/subscriptions/confirm')));
    expect((await sesEmails(stack.sesUrl, email)).length).toBe(sent);
    const page = await (await fetch(local(links.manage), { headers: BROWSER })).text();
    expect(page).toContain('We can no longer email this address');
  });

  it('suppresses a complaint even for an address that never subscribed: a later sign-up sends nothing', async () => {
    await stack.feedback(snsEvent(sesFixture('complaint')));
    const res = await signUp({ email: 'annoyed.reader@example.com' });
    expect(res.status).toBe(202);
    expect(await sesEmails(stack.sesUrl, 'annoyed.reader@example.com')).toEqual([]);
    expect(await item('annoyed.reader@example.com')).toBeUndefined();
  });

  it('only counts a transient bounce, and ignores deliveries and junk', async () => {
    const email = 'full.mailbox@example.com';
    await subscribeAndConfirm(email);
    const outcomes = await stack.feedback(snsEvent(sesFixture('bounce-transient'), sesFixture('delivery'), 'not json'));
    expect(outcomes.map((o) => o.kind)).toEqual(['transient-bounce', 'ignored']);
    expect(await item(email)).toMatchObject({ transientBounces: 1, status: 'confirmed', alertShard: alertShard(subscriberId(email), 'free') });
    expect((await item(email))?.suppressed).toBeUndefined();
  });
});

describe('privacy', () => {
  it('wrote log lines during this file, none with an email address in it', () => {
    const text = captured.join('\n');
    expect(text).toMatch(/"message":"confirmation email sent"/);
    expect(text).toMatch(/"message":"address suppressed"/);
    // The local functions run the entries' middleware: their lines carry the invocation's context.
    expect(text).toMatch(/"function_name":"careerwire-api-local"/);
    expect(text).toMatch(/"function_name":"careerwire-feedback-local"/);
    // Nor a subscriber id: a hash that anyone holding the address could recompute.
    expect(text).not.toContain(subscriberId('flow.reader@example.com'));
    const addresses = text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? [];
    expect(addresses).toEqual([]);
    expect(text).not.toMatch(/token=|\.local1\./);
  });
});
