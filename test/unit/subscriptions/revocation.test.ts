/**
 * Revocable links over the routes and memory stores: erasing revokes every link and a new sign-up gets
 * new ones, manage links expire, unsubscribe links outlive 60 days, first-version links get a clear 4xx,
 * and a sign-up changes no stored preferences until its own link confirms it.
 */
import { subscriberId } from '../../../lambdas/subscriptions/address';
import { signToken } from '../../../lambdas/subscriptions/tokens';
import { httpEvent, json } from '../../support/events';
import { memorySubscriptions } from '../../support/subscriptions';
import { firstVersionToken } from '../../support/tokens';

type Setup = Awaited<ReturnType<typeof memorySubscriptions>>;
const JSON_HEADERS = { 'content-type': 'application/json' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const DAY_MS = 86_400_000;
const ANN = 'ann@example.com';
const id = subscriberId(ANN);

const signUp = (s: Setup, body: Record<string, unknown>) =>
  s.api(httpEvent('POST', '/subscriptions', { headers: JSON_HEADERS, body: JSON.stringify(body) }));
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const confirmLinks = (s: Setup, to: string) =>
  s.mailer
    .to(to)
    .filter((m) => m.tags?.kind === 'confirmation')
    .map((m) => m.text.match(/https:\/\/\S+\/subscriptions\/confirm\?token=\S+/)?.[0] as string);
const later = (s: Setup, days: number) => (s.clock.now = new Date(s.clock.now.getTime() + days * DAY_MS));

async function confirm(s: Setup, link: string) {
  const res = await s.api(httpEvent('GET', pathOf(link), { headers: { accept: 'application/json' } }));
  expect(res.statusCode).toBe(200);
  return json(res) as { links: { manage: string; unsubscribe: string } };
}

async function subscribed(s: Setup, preferences: Record<string, string[]> = {}) {
  await signUp(s, { email: ANN, ...preferences });
  const { links } = await confirm(s, confirmLinks(s, ANN).at(-1) as string);
  const view = json(await s.api(httpEvent('GET', pathOf(links.manage), { headers: { accept: 'application/json' } }))) as { links: Record<string, string> };
  return { ...links, export: view.links.export as string, erase: view.links.erase as string, confirm: confirmLinks(s, ANN).at(-1) as string };
}

/** Every use of every link: [method, path, init]. */
function uses(links: { manage: string; unsubscribe: string; export: string; erase: string; confirm: string }): [string, string, Record<string, unknown>?][] {
  return [
    ['GET', pathOf(links.confirm)],
    ['GET', pathOf(links.manage)],
    ['POST', pathOf(links.manage), { headers: FORM_HEADERS, body: 'keywords=hijacked' }],
    ['GET', pathOf(links.export)],
    ['DELETE', pathOf(links.erase)],
    ['POST', pathOf(links.erase).replace('/subscriptions?', '/subscriptions/erase?'), { headers: FORM_HEADERS, body: 'confirm=yes' }],
    ['GET', pathOf(links.unsubscribe)],
    ['POST', pathOf(links.unsubscribe), { headers: FORM_HEADERS, body: 'List-Unsubscribe=One-Click' }],
  ];
}

describe('erasing revokes every link', () => {
  it('refuses every old link after an erase (404 problem+json, a page for browsers); a new sign-up gets new links and the old ones stay refused', async () => {
    const s = await memorySubscriptions();
    const old = await subscribed(s, { keywords: ['nurse'] });
    expect((await s.api(httpEvent('DELETE', pathOf(old.erase)))).statusCode).toBe(204);

    for (const [method, path, init] of uses(old)) {
      const res = await s.api(httpEvent(method, path, init));
      expect([method, path.split('?')[0], res.statusCode, res.headers?.['content-type']]).toEqual([method, path.split('?')[0], 404, 'application/problem+json']);
      if (method === 'DELETE') continue; // API clients only: HTML forms cannot send it.
      const page = await s.api(httpEvent(method, path, { ...init, headers: { ...(init?.headers as object), ...BROWSER } }));
      expect([method, path.split('?')[0], page.statusCode, page.headers?.['content-type']]).toEqual([method, path.split('?')[0], 404, 'text/html; charset=utf-8']);
    }

    const fresh = await subscribed(s, { keywords: ['pharmacist'] });
    const item = s.store.items.get(id);
    expect(item?.preferences).toMatchObject({ keywords: ['pharmacist'] });
    for (const [method, path, init] of uses(old)) {
      expect([method, path.split('?')[0], (await s.api(httpEvent(method, path, init))).statusCode]).toEqual([method, path.split('?')[0], 404]);
    }
    expect(s.store.items.get(id)).toEqual(item);

    expect((await s.api(httpEvent('GET', pathOf(fresh.manage)))).statusCode).toBe(200);
    expect((await s.api(httpEvent('GET', pathOf(fresh.export)))).statusCode).toBe(200);
    expect((await s.api(httpEvent('POST', pathOf(fresh.unsubscribe)))).statusCode).toBe(200);
    expect(s.store.items.get(id)?.status).toBe('unsubscribed');
  });
});

describe('lifetimes', () => {
  it('refuses a manage link after 30 days (403 expired-link) and honours an unsubscribe link at 60 days', async () => {
    const s = await memorySubscriptions();
    const links = await subscribed(s);
    later(s, 30);
    const manage = await s.api(httpEvent('GET', pathOf(links.manage)));
    expect(manage.statusCode).toBe(403);
    expect(json(manage)).toMatchObject({ type: '/problems/expired-link' });
    later(s, 30);
    const unsubscribe = await s.api(httpEvent('POST', pathOf(links.unsubscribe), { headers: FORM_HEADERS, body: 'List-Unsubscribe=One-Click' }));
    expect(unsubscribe.statusCode).toBe(200);
    expect(s.store.items.get(id)?.status).toBe('unsubscribed');
  });

  it('mints fresh links on each manage page, whose own lifetime starts then', async () => {
    const s = await memorySubscriptions();
    const links = await subscribed(s);
    later(s, 29);
    const view = json(await s.api(httpEvent('GET', pathOf(links.manage), { headers: { accept: 'application/json' } }))) as { links: Record<string, string> };
    later(s, 2);
    expect((await s.api(httpEvent('GET', pathOf(view.links.unsubscribe as string)))).statusCode).toBe(200);
    expect((await s.api(httpEvent('GET', pathOf(links.manage)))).statusCode).toBe(403);
  });
});

describe('links of the first version (in emails sent before this one)', () => {
  it('refuses manage, export, erase and confirm ones with 403 outdated-link, as problem+json or the HTML problem page', async () => {
    const s = await memorySubscriptions();
    await subscribed(s);
    const expiry = (Math.floor(s.clock.now.getTime() / 1000) + 3600).toString(36);
    const paths = {
      manage: `/subscriptions/manage?token=${firstVersionToken(s.keys.current, 'manage', id)}`,
      export: `/subscriptions/export?token=${firstVersionToken(s.keys.current, 'export', id, expiry)}`,
      confirm: `/subscriptions/confirm?token=${firstVersionToken(s.keys.current, 'confirm', id, expiry)}`,
    };
    for (const path of Object.values(paths)) {
      const res = await s.api(httpEvent('GET', path));
      expect([path, res.statusCode, res.headers?.['content-type']]).toEqual([path, 403, 'application/problem+json']);
      expect(json(res)).toMatchObject({ type: '/problems/outdated-link' });
      const page = await s.api(httpEvent('GET', path, { headers: BROWSER }));
      expect([path, page.statusCode, page.headers?.['content-type']]).toEqual([path, 403, 'text/html; charset=utf-8']);
      expect(page.body).toContain('no longer works');
    }
    const erase = await s.api(httpEvent('DELETE', `/subscriptions?token=${firstVersionToken(s.keys.current, 'erase', id, expiry)}`));
    expect(erase.statusCode).toBe(403);
    expect(s.store.items.get(id)?.status).toBe('confirmed');
  });

  it('honours an unsubscribe one while its subscriber item has no link secret (written before), never after an erase and a new sign-up', async () => {
    const s = await memorySubscriptions();
    await subscribed(s);
    const legacy = `/unsubscribe?token=${firstVersionToken(s.keys.current, 'unsubscribe', id)}`;
    // The item as the first version wrote it: no link secret.
    delete s.store.items.get(id)?.linkSecret;
    expect((await s.api(httpEvent('POST', legacy))).statusCode).toBe(200);
    expect(s.store.items.get(id)?.status).toBe('unsubscribed');

    s.store.items.delete(id);
    later(s, 1);
    await subscribed(s);
    expect((await s.api(httpEvent('POST', legacy))).statusCode).toBe(404);
    expect(s.store.items.get(id)?.status).toBe('confirmed');
  });

  it('gives an item without a link secret working new links (they carry the empty secret)', async () => {
    const s = await memorySubscriptions();
    await subscribed(s);
    delete s.store.items.get(id)?.linkSecret;
    const token = signToken(s.keys, 'manage', { subscriberId: id, linkSecret: '' }, s.clock.now);
    expect((await s.api(httpEvent('GET', `/subscriptions/manage?token=${token}`))).statusCode).toBe(200);
  });
});

describe('a sign-up for a known address changes nothing until its own link confirms it', () => {
  it('leaves an unsubscribed address\'s preferences alone after an attacker\'s sign-up; each email\'s link applies its own sign-up', async () => {
    const s = await memorySubscriptions();
    const links = await subscribed(s, { keywords: ['nurse'], guides: ['medical-office-administrator'] });
    await s.api(httpEvent('POST', pathOf(links.unsubscribe)));
    const stored = structuredClone(s.store.items.get(id)?.preferences);

    later(s, 1);
    await signUp(s, { email: ANN, keywords: ['pharmacist'] }); // Ann's own sign-up
    await signUp(s, { email: ANN, keywords: ['spam'], guides: ['data-analyst'] }); // someone else's
    expect(s.store.items.get(id)?.preferences).toEqual(stored);
    expect(s.store.items.get(id)?.status).toBe('unsubscribed');

    const [, own, attacker] = confirmLinks(s, ANN) as [string, string, string];
    expect(attacker).toBeDefined();
    await confirm(s, own);
    expect(s.store.items.get(id)).toMatchObject({ status: 'confirmed', preferences: { keywords: ['pharmacist'], guides: [] } });
    // Confirming twice is harmless, and the other email's link no longer changes anything.
    await confirm(s, attacker);
    expect(s.store.items.get(id)).toMatchObject({ preferences: { keywords: ['pharmacist'] } });
  });

  it('leaves a pending address\'s preferences alone, and sign-ups over the daily email limit store nothing at all', async () => {
    const s = await memorySubscriptions();
    await signUp(s, { email: ANN, keywords: ['nurse'] });
    for (const keywords of [['b'], ['c'], ['over the limit']]) await signUp(s, { email: ANN, keywords });
    expect(confirmLinks(s, ANN)).toHaveLength(3);
    expect(s.store.items.get(id)?.preferences).toMatchObject({ keywords: ['nurse'] });
    expect(JSON.stringify(s.store.items.get(id))).not.toContain('over the limit');
    await confirm(s, confirmLinks(s, ANN)[0] as string);
    expect(s.store.items.get(id)?.preferences).toMatchObject({ keywords: ['nurse'] });
  });
});
