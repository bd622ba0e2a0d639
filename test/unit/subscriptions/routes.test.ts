/** The subscription routes over memory stores: behaviour, headers, HTML vs JSON, abuse limits. */
import { emailHash, subscriberId } from '../../../lambdas/subscriptions/address';
import { CONTENT_SECURITY_POLICY } from '../../../lambdas/subscriptions/html';
import { signToken } from '../../../lambdas/subscriptions/tokens';
import { alertShard } from '../../../lambdas/subscriptions/tiers';
import { SUBSCRIPTION_LIMITS } from '../../../lambdas/shared/limits';
import { httpEvent, json } from '../../support/events';
import { ADMIN_KEY, BASE_URL, memorySubscriptions } from '../../support/subscriptions';

type Setup = Awaited<ReturnType<typeof memorySubscriptions>>;
const JSON_HEADERS = { 'content-type': 'application/json' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

const signUp = (s: Setup, body: Record<string, unknown>) =>
  s.api(httpEvent('POST', '/subscriptions', { headers: JSON_HEADERS, body: JSON.stringify(body) }));
const tokenFrom = (url: string) => new URL(url).searchParams.get('token') as string;
const pathOf = (url: string) => { const u = new URL(url); return `${u.pathname}${u.search}`; };
const confirmLink = (s: Setup, to: string) => {
  const mail = s.mailer.to(to).filter((m) => m.tags?.kind === 'confirmation').at(-1);
  const link = mail?.text.match(/https:\/\/\S+\/subscriptions\/confirm\?token=\S+/)?.[0];
  if (link === undefined) throw new Error(`no confirmation mail to ${to}`);
  return link;
};

async function confirmed(s: Setup, email: string, preferences: Record<string, string[]> = {}) {
  await signUp(s, { email, ...preferences });
  const res = await s.api(httpEvent('GET', pathOf(confirmLink(s, email)), { headers: { accept: 'application/json' } }));
  return json(res) as { links: { manage: string; unsubscribe: string } };
}

describe('POST /subscriptions', () => {
  it('answers the same 202 bytes for new, pending, confirmed, unsubscribed and suppressed addresses', async () => {
    const s = await memorySubscriptions();
    await confirmed(s, 'confirmed@example.com');
    await signUp(s, { email: 'pending@example.com' });
    const left = await confirmed(s, 'left@example.com');
    await s.api(httpEvent('POST', pathOf(left.links.unsubscribe), { headers: FORM_HEADERS, body: 'List-Unsubscribe=One-Click' }));
    await s.suppressions.add({ emailHash: emailHash('blocked@example.com'), reason: 'complaint', suppressedAt: '2026-11-01T00:00:00Z' });

    const answers = [];
    for (const email of ['new@example.com', 'pending@example.com', 'confirmed@example.com', 'left@example.com', 'blocked@example.com']) {
      const res = await signUp(s, { email, keywords: ['nurse'] });
      answers.push({ status: res.statusCode, headers: res.headers, body: res.body });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.status).toBe(202);
    expect(answers[0]?.headers).toMatchObject({ 'cache-control': 'no-store', 'content-type': 'application/json' });
  });

  it('holds every accepted answer to the same floor, mail sent or not, so timing does not tell who is subscribed', async () => {
    const s = await memorySubscriptions();
    await confirmed(s, 'confirmed@example.com');
    await s.suppressions.add({ emailHash: emailHash('blocked@example.com'), reason: 'complaint', suppressedAt: '2026-11-01T00:00:00Z' });
    for (let i = 0; i < 3; i++) await signUp(s, { email: 'limited@example.com' });
    s.waits.length = 0;
    const sentBefore = s.mailer.sent.length;

    // Sends mail: new. Sends none: confirmed, suppressed, over the daily confirmation limit.
    for (const email of ['new@example.com', 'confirmed@example.com', 'blocked@example.com', 'limited@example.com']) {
      expect((await signUp(s, { email })).statusCode).toBe(202);
    }
    expect(s.mailer.sent.length).toBe(sentBefore + 1);
    expect(s.waits).toHaveLength(4);
    for (const ms of s.waits) {
      expect(ms).toBeGreaterThan(SUBSCRIPTION_LIMITS.signUpAnswerMs - 100);
      expect(ms).toBeLessThanOrEqual(SUBSCRIPTION_LIMITS.signUpAnswerMs);
    }

    // A malformed request says nothing about anyone: answered at once.
    expect((await signUp(s, { email: 'not an address' })).statusCode).toBe(400);
    expect(s.waits).toHaveLength(4);
  });

  it('sends a confirmation to new, pending and unsubscribed addresses only; nothing to confirmed or suppressed ones', async () => {
    const s = await memorySubscriptions();
    await signUp(s, { email: 'ann@example.com', keywords: ['medical billing'], guides: ['data-analyst'] });
    const mail = s.mailer.to('ann@example.com');
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ subject: 'Confirm your careerwire job alerts', tags: { kind: 'confirmation' } });
    expect(confirmLink(s, 'ann@example.com').startsWith(`${BASE_URL}/subscriptions/confirm?token=2.confirm.`)).toBe(true);
    expect(mail[0]?.html).toContain(confirmLink(s, 'ann@example.com'));
    expect(await s.store.get(subscriberId('ann@example.com'), s.clock.now)).toMatchObject({ status: 'pending', preferences: { keywords: ['medical billing'], guides: ['data-analyst'] } });

    await confirmed(s, 'bob@example.com');
    const before = s.mailer.sent.length;
    await signUp(s, { email: 'BOB@example.com', keywords: ['attacker'] });
    expect(s.mailer.sent.length).toBe(before);
    expect((await s.store.get(subscriberId('bob@example.com'), s.clock.now))?.preferences.keywords).toEqual([]);

    await s.suppressions.add({ emailHash: emailHash('gone@example.com'), reason: 'bounce', suppressedAt: '2026-11-01T00:00:00Z' });
    await signUp(s, { email: 'gone@example.com' });
    expect(s.mailer.to('gone@example.com')).toEqual([]);
    expect(await s.store.get(subscriberId('gone@example.com'), s.clock.now)).toBeNull();
  });

  it('sends at most 3 confirmations per address in 24 hours, whatever the spelling, even in parallel', async () => {
    const s = await memorySubscriptions();
    const spellings = ['ann@example.com', 'Ann@Example.com', ' ann@EXAMPLE.com'];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signUp(s, { email: spellings[i % 3] })));
    expect(results.every((r) => r.statusCode === 202)).toBe(true);
    expect(s.mailer.to('ann@example.com')).toHaveLength(3);
    s.clock.now = new Date(s.clock.now.getTime() + 24 * 3_600_000);
    await signUp(s, { email: 'ann@example.com' });
    expect(s.mailer.to('ann@example.com')).toHaveLength(4);
  });

  it('still answers 202 when SES fails, and gives the slot back for a retry', async () => {
    const s = await memorySubscriptions();
    s.mailer.failures = ['throttled', 'transient', 'rejected'];
    for (let i = 0; i < 3; i++) expect((await signUp(s, { email: 'ann@example.com' })).statusCode).toBe(202);
    expect(s.mailer.sent).toHaveLength(0);
    await signUp(s, { email: 'ann@example.com' });
    expect(s.mailer.to('ann@example.com')).toHaveLength(1);
    expect(s.lines.filter((l) => l.message === 'confirmation email not sent')).toHaveLength(3);
  });

  it.each([
    [{ email: 'not-an-address' }, '/email'],
    [{ email: 'ann@example.invalid' }, '/email'],
    [{ email: 'ann@example.com', guides: ['astronaut'] }, '/guides/0'],
    [{ email: 'ann@example.com', jobTypes: ['gig'] }, '/jobTypes/0'],
    [{ email: 'ann@example.com', keywords: Array.from({ length: 21 }, (_, i) => `k${i}`) }, '/keywords'],
    [{ email: 'ann@example.com', extra: 1 }, '/extra'],
    [{}, '/email'],
  ])('answers 400 problem+json for %j and sends nothing', async (body, field) => {
    const s = await memorySubscriptions();
    const res = await signUp(s, body);
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect((json(res) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    expect(s.mailer.sent).toHaveLength(0);
  });

  it('takes JSON only, and not too much of it', async () => {
    const s = await memorySubscriptions();
    const form = await s.api(httpEvent('POST', '/subscriptions', { headers: FORM_HEADERS, body: 'email=ann%40example.com' }));
    expect(form.statusCode).toBe(415);
    const big = await signUp(s, { email: 'ann@example.com', keywords: ['x'.repeat(20_000)] });
    expect(big.statusCode).toBe(413);
  });
});

describe('GET /subscriptions/confirm', () => {
  it('confirms with an HTML page that links to manage and unsubscribe, and sends one welcome email', async () => {
    const s = await memorySubscriptions();
    await signUp(s, { email: 'ann@example.com' });
    const res = await s.api(httpEvent('GET', pathOf(confirmLink(s, 'ann@example.com')), { headers: BROWSER }));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    expect(res.body).toContain('<h1>You’re subscribed</h1>');
    expect(res.body).toMatch(/href="\/subscriptions\/manage\?token=2\.manage\.[^"]+"/);
    expect(res.body).toMatch(/href="\/unsubscribe\?token=2\.unsubscribe\.[^"]+"/);
    expect(res.body).not.toMatch(/<script/i);

    const id = subscriberId('ann@example.com');
    expect(s.store.items.get(id)?.alertShard).toBe(alertShard(id, 'free'));
    const welcome = s.mailer.to('ann@example.com').filter((m) => m.tags?.kind === 'welcome');
    expect(welcome).toHaveLength(1);
    const unsubscribe = welcome[0]?.headers?.find((h) => h.name === 'List-Unsubscribe')?.value;
    expect(unsubscribe).toMatch(new RegExp(`^<${BASE_URL}/unsubscribe\\?token=2\\.unsubscribe\\.[^>]+>$`));
    expect(welcome[0]?.headers).toContainEqual({ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' });
    expect(welcome[0]?.text).toContain(`${BASE_URL}/subscriptions/manage?token=2.manage.`);

    const again = await s.api(httpEvent('GET', pathOf(confirmLink(s, 'ann@example.com')), { headers: { accept: 'application/json' } }));
    expect(json(again)).toMatchObject({ status: 'confirmed', changed: false, subscription: { status: 'confirmed', tier: 'free' } });
    expect(s.mailer.to('ann@example.com').filter((m) => m.tags?.kind === 'welcome')).toHaveLength(1);
  });

  it('answers 403 problem+json to tampered, wrong-purpose and expired links (HTML for browsers) and changes nothing', async () => {
    const s = await memorySubscriptions();
    await signUp(s, { email: 'ann@example.com' });
    const link = confirmLink(s, 'ann@example.com');
    const token = tokenFrom(link);
    const id = subscriberId('ann@example.com');
    const before = structuredClone(s.store.items.get(id));
    const bad = [
      token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'),
      signToken(s.keys, 'manage', { subscriberId: id, linkSecret: s.store.items.get(id)?.linkSecret as string }, s.clock.now),
      'confirm.garbage',
      '<script>alert(1)</script>',
    ];
    for (const t of bad) {
      const res = await s.api(httpEvent('GET', `/subscriptions/confirm?token=${encodeURIComponent(t)}`));
      expect(res.statusCode).toBe(403);
      expect(res.headers?.['content-type']).toBe('application/problem+json');
      expect(json(res)).toMatchObject({ status: 403, type: '/problems/invalid-link' });
      const page = await s.api(httpEvent('GET', `/subscriptions/confirm?token=${encodeURIComponent(t)}`, { headers: BROWSER }));
      expect(page.statusCode).toBe(403);
      expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers?.['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(page.body).toContain('This link doesn’t work');
      expect(page.body).not.toContain('<script>');
    }
    s.clock.now = new Date(s.clock.now.getTime() + 7 * 86_400_000);
    const expired = await s.api(httpEvent('GET', pathOf(link)));
    expect(expired.statusCode).toBe(403);
    expect(json(expired)).toMatchObject({ type: '/problems/expired-link' });
    expect(s.store.items.get(id)).toEqual(before);
    expect(s.mailer.sent.filter((m) => m.tags?.kind === 'welcome')).toHaveLength(0);
  });

  it('refuses a confirmation link older than an unsubscribe (409), and a new one works', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com');
    const oldLink = confirmLink(s, 'ann@example.com');
    s.clock.now = new Date(s.clock.now.getTime() + 60_000);
    await s.api(httpEvent('POST', pathOf(links.unsubscribe)));
    const stale = await s.api(httpEvent('GET', pathOf(oldLink)));
    expect(stale.statusCode).toBe(409);
    expect((await s.store.get(subscriberId('ann@example.com'), s.clock.now))?.status).toBe('unsubscribed');
    s.clock.now = new Date(s.clock.now.getTime() + 60_000);
    await signUp(s, { email: 'ann@example.com' });
    expect((await s.api(httpEvent('GET', pathOf(confirmLink(s, 'ann@example.com'))))).statusCode).toBe(200);
    expect((await s.store.get(subscriberId('ann@example.com'), s.clock.now))?.status).toBe('confirmed');
  });

  it('says 404 when the subscription is gone (expired pending or erased)', async () => {
    const s = await memorySubscriptions();
    await signUp(s, { email: 'ann@example.com' });
    s.store.items.clear();
    expect((await s.api(httpEvent('GET', pathOf(confirmLink(s, 'ann@example.com'))))).statusCode).toBe(404);
  });
});

describe('the manage page', () => {
  it('shows an accessible form with the tier and preferences, every value escaped', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com', { keywords: ['<img src=x onerror=alert(1)>', 'a "quoted" word'] });
    const res = await s.api(httpEvent('GET', pathOf(links.manage), { headers: BROWSER }));
    expect(res.statusCode).toBe(200);
    const page = res.body as string;
    expect(page).toContain('<html lang="en">');
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).toContain('Free — weekly digest');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;, a &quot;quoted&quot; word');
    expect(page).not.toContain('<img');
    for (const id of [...page.matchAll(/<(?:input|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1])) {
      expect(page).toContain(`<label for="${id}">`);
    }
    expect(page).toMatch(/<form method="post" action="\/subscriptions\/manage\?token=2\.manage\./);
    expect(page).toMatch(/<form method="post" action="\/subscriptions\/erase\?token=2\.erase\./);
    expect(page).toMatch(/<form method="post" action="\/unsubscribe\?token=2\.unsubscribe\./);
    expect(page).toMatch(/href="\/subscriptions\/export\?token=2\.export\./);
    expect(page).toContain('value="One-Click"');
  });

  it('saves a form post (every field replaces) and redirects to the page, which says so', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com', { keywords: ['old'], industries: ['Retail'] });
    const form = 'keywords=medical+billing%2C+scheduling&industries=&geos=USA&jobTypes=full-time&jobTypes=contract&guides=medical-office-administrator';
    const res = await s.api(httpEvent('POST', pathOf(links.manage), { headers: { ...FORM_HEADERS, ...BROWSER }, body: form }));
    expect(res.statusCode).toBe(303);
    expect(res.headers?.location).toBe(`${pathOf(links.manage)}&saved=true`);
    expect((await s.store.get(subscriberId('ann@example.com'), s.clock.now))?.preferences).toEqual({
      keywords: ['medical billing', 'scheduling'],
      industries: [],
      geos: ['USA'],
      jobTypes: ['full-time', 'contract'],
      guides: ['medical-office-administrator'],
      levels: [],
      salaryMin: null,
      salaryCurrency: 'USD',
      remoteOnly: false,
      timeZone: null,
    });
    const page = await s.api(httpEvent('GET', res.headers?.location as string, { headers: BROWSER }));
    expect(page.body).toContain('Saved. Your next digest uses these preferences.');
    expect(page.body).toMatch(/id="guides-medical-office-administrator" name="guides" value="medical-office-administrator" checked/);
  });

  it('merges a JSON update and answers the view as JSON', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com', { keywords: ['old'], geos: ['UK'] });
    const res = await s.api(httpEvent('POST', pathOf(links.manage), { headers: JSON_HEADERS, body: JSON.stringify({ keywords: ['new'] }) }));
    expect(res.statusCode).toBe(200);
    const view = json(res) as { subscription: { preferences: { keywords: string[]; geos: string[] } }; links: Record<string, string> };
    expect(view.subscription.preferences).toMatchObject({ keywords: ['new'], geos: ['UK'] });
    expect(view.links.erase).toMatch(new RegExp(`^${BASE_URL}/subscriptions\\?token=2\\.erase\\.`));
    const get = await s.api(httpEvent('GET', pathOf(links.manage), { headers: { accept: 'application/json' } }));
    expect(json(get)).toMatchObject({ subscription: { email: 'ann@example.com', status: 'confirmed' } });
  });

  it('refuses invalid preferences with 400 (an HTML page for the form) and changes nothing', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com');
    const res = await s.api(httpEvent('POST', pathOf(links.manage), { headers: { ...FORM_HEADERS, ...BROWSER }, body: 'guides=astronaut&colour=red' }));
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('colour');
    const res2 = await s.api(httpEvent('POST', pathOf(links.manage), { headers: FORM_HEADERS, body: 'guides=astronaut' }));
    expect(res2.statusCode).toBe(400);
    expect((json(res2) as { errors: { field: string }[] }).errors[0]?.field).toBe('/guides/0');
    expect((await s.store.get(subscriberId('ann@example.com'), s.clock.now))?.preferences.guides).toEqual([]);
  });

  it('refuses a manage token on any other route and other tokens on manage', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com');
    const manage = tokenFrom(links.manage);
    for (const path of ['/subscriptions/export', '/unsubscribe']) {
      expect((await s.api(httpEvent('GET', `${path}?token=${manage}`))).statusCode).toBe(403);
    }
    expect((await s.api(httpEvent('DELETE', `/subscriptions?token=${manage}`))).statusCode).toBe(403);
    expect((await s.api(httpEvent('POST', `/unsubscribe?token=${manage}`))).statusCode).toBe(403);
    expect((await s.api(httpEvent('GET', `/subscriptions/manage?token=${tokenFrom(links.unsubscribe)}`))).statusCode).toBe(403);
    expect((await s.store.get(subscriberId('ann@example.com'), s.clock.now))?.status).toBe('confirmed');
  });
});

describe('export and erase', () => {
  it('exports everything stored, delivery history included, then erases it all', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com');
    const id = subscriberId('ann@example.com');
    s.store.deliveries.set(id, [{ subscriberId: id, period: '2026-W48', status: 'sent', jobIds: ['board:1'] }]);
    const view = json(await s.api(httpEvent('GET', pathOf(links.manage), { headers: { accept: 'application/json' } }))) as { links: Record<string, string> };

    const exported = await s.api(httpEvent('GET', pathOf(view.links.export as string)));
    expect(exported.statusCode).toBe(200);
    expect(exported.headers).toMatchObject({ 'cache-control': 'no-store', 'content-disposition': 'attachment; filename="careerwire-export.json"' });
    expect(json(exported)).toMatchObject({
      subscriber: { id, email: 'ann@example.com', status: 'confirmed', alertShard: alertShard(id, 'free') },
      deliveries: [{ period: '2026-W48', jobIds: ['board:1'] }],
      suppression: null,
    });

    const erased = await s.api(httpEvent('DELETE', pathOf(view.links.erase as string)));
    expect(erased.statusCode).toBe(204);
    expect(s.store.items.has(id)).toBe(false);
    expect(s.store.deliveries.has(id)).toBe(false);
    // Erasing revoked every link: erasing again finds nothing to erase.
    expect((await s.api(httpEvent('DELETE', pathOf(view.links.erase as string)))).statusCode).toBe(404);
    expect((await s.api(httpEvent('GET', pathOf(links.manage)))).statusCode).toBe(404);
    expect((await s.api(httpEvent('GET', pathOf(view.links.export as string)))).statusCode).toBe(404);
  });

  it('erases from the no-JavaScript form only with the confirmation box ticked', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com');
    const page = (await s.api(httpEvent('GET', pathOf(links.manage), { headers: BROWSER }))).body as string;
    const action = (page.match(/action="(\/subscriptions\/erase\?token=[^"]+)"/)?.[1] as string).replace(/&amp;/g, '&');
    const unticked = await s.api(httpEvent('POST', action, { headers: { ...FORM_HEADERS, ...BROWSER }, body: '' }));
    expect(unticked.statusCode).toBe(400);
    expect(s.store.items.size).toBe(1);
    const ticked = await s.api(httpEvent('POST', action, { headers: { ...FORM_HEADERS, ...BROWSER }, body: 'confirm=yes' }));
    expect(ticked.statusCode).toBe(200);
    expect(ticked.body).toContain('Your data is erased');
    expect(s.store.items.size).toBe(0);
  });

  it('export and erase links expire after an hour', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com');
    const view = json(await s.api(httpEvent('GET', pathOf(links.manage), { headers: { accept: 'application/json' } }))) as { links: Record<string, string> };
    s.clock.now = new Date(s.clock.now.getTime() + 3_600_000);
    expect((await s.api(httpEvent('GET', pathOf(view.links.export as string)))).statusCode).toBe(403);
    expect((await s.api(httpEvent('DELETE', pathOf(view.links.erase as string)))).statusCode).toBe(403);
    expect(s.store.items.size).toBe(1);
  });
});

describe('unsubscribe', () => {
  it('GET shows a page with a button and changes nothing', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com');
    const res = await s.api(httpEvent('GET', pathOf(links.unsubscribe), { headers: BROWSER }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<button type="submit">Unsubscribe</button>');
    expect(res.body).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect((await s.store.get(subscriberId('ann@example.com'), s.clock.now))?.status).toBe('confirmed');
    const head = await s.api(httpEvent('HEAD', pathOf(links.unsubscribe)));
    expect(head.statusCode).toBe(200);
    expect((await s.store.get(subscriberId('ann@example.com'), s.clock.now))?.status).toBe('confirmed');
  });

  it.each([
    ['RFC 8058 urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, 'List-Unsubscribe=One-Click'],
    [
      'RFC 8058 multipart',
      { 'content-type': 'multipart/form-data; boundary=---FormBoundaryjWmhtjORrn' },
      '-----FormBoundaryjWmhtjORrn\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n-----FormBoundaryjWmhtjORrn--\r\n',
    ],
    ['an empty POST', {}, undefined],
  ])('POST (%s) unsubscribes at once, with no cookie or other auth', async (_label, headers, body) => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com');
    const id = subscriberId('ann@example.com');
    const res = await s.api(httpEvent('POST', pathOf(links.unsubscribe), { headers, ...(body !== undefined ? { body } : {}) }));
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'unsubscribed' });
    expect(s.store.items.get(id)).toMatchObject({ status: 'unsubscribed' });
    expect(s.store.items.get(id)?.alertShard).toBeUndefined();
    expect((await s.api(httpEvent('POST', pathOf(links.unsubscribe), { headers, ...(body !== undefined ? { body } : {}) }))).statusCode).toBe(200);
  });

  it('POST from the page answers a page; another List-Unsubscribe value is a 400', async () => {
    const s = await memorySubscriptions();
    const { links } = await confirmed(s, 'ann@example.com');
    const odd = await s.api(httpEvent('POST', pathOf(links.unsubscribe), { headers: FORM_HEADERS, body: 'List-Unsubscribe=Two-Clicks' }));
    expect(odd.statusCode).toBe(400);
    const res = await s.api(httpEvent('POST', pathOf(links.unsubscribe), { headers: { ...FORM_HEADERS, ...BROWSER }, body: 'List-Unsubscribe=One-Click' }));
    expect(res.body).toContain('You’re unsubscribed');
  });
});

describe('PUT /admin/subscribers/{email}/tier', () => {
  const put = (s: Setup, email: string, body: unknown, key?: string) =>
    s.admin(
      httpEvent('PUT', `/admin/subscribers/${encodeURIComponent(email)}/tier`, {
        headers: { ...JSON_HEADERS, ...(key !== undefined ? { 'x-api-key': key } : {}) },
        body: JSON.stringify(body),
      }),
    );

  it('needs the key (401 without, 403 wrong), 404 for unknown addresses, 400 for a bad tier', async () => {
    const s = await memorySubscriptions();
    await confirmed(s, 'ann@example.com');
    expect((await put(s, 'ann@example.com', { tier: 'plus' })).statusCode).toBe(401);
    expect((await put(s, 'ann@example.com', { tier: 'plus' }, 'wrong-key-wrong-key')).statusCode).toBe(403);
    expect((await put(s, 'nobody@example.com', { tier: 'plus' }, ADMIN_KEY)).statusCode).toBe(404);
    expect((await put(s, 'ann@example.com', { tier: 'gold' }, ADMIN_KEY)).statusCode).toBe(400);
    expect((await put(s, 'not an address', { tier: 'plus' }, ADMIN_KEY)).statusCode).toBe(400);
    expect(s.store.items.get(subscriberId('ann@example.com'))?.tier).toBe('free');
  });

  it('moves a confirmed subscriber to the new tier and its shard', async () => {
    const s = await memorySubscriptions();
    await confirmed(s, 'ann@example.com');
    const id = subscriberId('ann@example.com');
    const res = await put(s, 'Ann@EXAMPLE.com', { tier: 'plus' }, ADMIN_KEY);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ id, tier: 'plus', previousTier: 'free', status: 'confirmed', receivesAlerts: true });
    expect(s.store.items.get(id)?.alertShard).toBe(alertShard(id, 'plus'));
  });
});

it('publishes the subscription routes in /openapi.json when they are served', async () => {
  const s = await memorySubscriptions();
  const doc = json(await s.api(httpEvent('GET', '/openapi.json'))) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/subscriptions', '/subscriptions/confirm', '/subscriptions/manage', '/subscriptions/export', '/subscriptions/erase', '/unsubscribe', '/admin/subscribers/{email}/tier']),
  );
  expect(Object.keys(doc.paths['/subscriptions'] ?? {}).sort()).toEqual(['delete', 'post']);
  expect(Object.keys(doc.paths['/unsubscribe'] ?? {}).sort()).toEqual(['get', 'post']);
  // The sign-up body is documented where it is used (only referenced components are published).
  const post = doc.paths['/subscriptions']?.post as { requestBody?: { content: Record<string, { schema: { required?: string[]; properties?: Record<string, unknown> } }> } };
  const body = post.requestBody?.content['application/json']?.schema;
  expect(body?.required).toEqual(['email']);
  expect(Object.keys(body?.properties ?? {})).toEqual(expect.arrayContaining(['email', 'keywords', 'guides', 'levels', 'salaryMin', 'remoteOnly', 'timeZone']));
});

it('logs neither an address, a token, the subscriber id nor the link secret', async () => {
  const s = await memorySubscriptions();
  const { links } = await confirmed(s, 'ann@example.com');
  await s.api(httpEvent('POST', pathOf(links.unsubscribe)));
  await s.api(httpEvent('GET', '/subscriptions/confirm?token=forged'));
  const text = JSON.stringify(s.lines);
  expect(text).toMatch(/confirmation email sent.*subscriber confirmed.*unsubscribed/);
  expect(text).not.toContain(subscriberId('ann@example.com'));
  expect(text).not.toContain(s.store.items.get(subscriberId('ann@example.com'))?.linkSecret as string);
  expect(text).not.toMatch(/@|token=|manage\.|unsubscribe\./);
});
