/**
 * Revocable links end to end on the real local stack, over HTTP: an erase revokes every link and a new
 * sign-up gets new ones, manage links expire, unsubscribe links still work at 60 days, links in emails
 * of the first version get a clear 4xx (never a 500), and a sign-up for a known address changes no
 * stored preferences until its own confirmation link is followed.
 */
import { readFileSync } from 'node:fs';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SubscribersTable } from '../../lambdas/shared/tables';
import { subscriberId } from '../../lambdas/subscriptions/address';
import { parseTokenKeys, signToken, type TokenKeys, type TokenPurpose } from '../../lambdas/subscriptions/tokens';
import { linkIn, sesEmails, type StoredEmail } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';
import { firstVersionToken } from '../support/tokens';

let stack: TestStack;
let doc: DynamoDBDocumentClient;
let keys: TokenKeys;

beforeAll(async () => {
  stack = await startTestStack();
  doc = stack.clients.dynamo();
  keys = parseTokenKeys(readFileSync(stack.tokenKeysFile, 'utf8'));
});

afterAll(async () => {
  await stack?.stop();
});

const DAY_MS = 86_400_000;
const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const API = { accept: 'application/json' };

const signUp = (body: Record<string, unknown>) =>
  fetch(`${stack.apiUrl}/subscriptions`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
const item = async (email: string) =>
  (await doc.send(new GetCommand({ TableName: SubscribersTable.id, Key: { id: subscriberId(email) }, ConsistentRead: true }))).Item;
const confirmations = async (to: string): Promise<StoredEmail[]> =>
  (await sesEmails(stack.sesUrl, to)).filter((m) => m.subject === 'Confirm your careerwire job alerts');
const url = (path: string, purpose: TokenPurpose, token: string) => `${stack.apiUrl}${path}?token=${encodeURIComponent(token)}`;

async function confirm(link: string) {
  const res = await fetch(link, { headers: API });
  expect(res.status).toBe(200);
  return (await res.json()) as { links: { manage: string; unsubscribe: string } };
}

/** Signs up and confirms with the newest confirmation email: the manage view's four links. */
async function subscribed(email: string, preferences: Record<string, string[]> = {}) {
  expect((await signUp({ email, ...preferences })).status).toBe(202);
  const { links } = await confirm(linkIn((await confirmations(email)).at(-1) as StoredEmail, '/subscriptions/confirm'));
  const view = (await (await fetch(links.manage, { headers: API })).json()) as { links: Record<string, string> };
  return { manage: links.manage, unsubscribe: links.unsubscribe, export: view.links.export as string, erase: view.links.erase as string };
}

/** The subject of a subscriber's links, as stored now. */
async function subjectOf(email: string) {
  return { subscriberId: subscriberId(email), linkSecret: (await item(email))?.linkSecret as string };
}

describe('erasing revokes every link', () => {
  it('refuses the old manage, unsubscribe and export links (404, problem+json or a page); a new sign-up gets new links, the old stay refused', async () => {
    const email = 'revoked.reader@example.com';
    const old = await subscribed(email, { keywords: ['nurse'] });
    expect((await fetch(old.erase, { method: 'DELETE' })).status).toBe(204);
    expect(await item(email)).toBeUndefined();

    const refusedAll = async () => {
      const attempts: [string, string, RequestInit][] = [
        ['GET', old.manage, { headers: API }],
        ['GET', old.manage, { headers: BROWSER }],
        ['POST', old.manage, { headers: { ...FORM_TYPE, ...BROWSER }, body: 'keywords=hijacked' }],
        ['GET', old.export, { headers: API }],
        ['GET', old.unsubscribe, { headers: BROWSER }],
        ['POST', old.unsubscribe, { headers: FORM_TYPE, body: 'List-Unsubscribe=One-Click' }],
      ];
      for (const [method, link, init] of attempts) {
        const res = await fetch(link, { method, ...init, redirect: 'manual' });
        const html = (init.headers as Record<string, string>).accept === BROWSER.accept;
        expect([method, new URL(link).pathname, res.status, res.headers.get('content-type')]).toEqual([
          method,
          new URL(link).pathname,
          404,
          html ? 'text/html; charset=utf-8' : 'application/problem+json',
        ]);
        await res.arrayBuffer();
      }
    };
    await refusedAll();

    const fresh = await subscribed(email, { keywords: ['pharmacist'] });
    const stored = await item(email);
    expect(stored).toMatchObject({ status: 'confirmed', preferences: { keywords: ['pharmacist'] } });
    await refusedAll();
    expect(await item(email)).toEqual(stored);

    expect((await fetch(fresh.manage, { headers: API })).status).toBe(200);
    expect((await fetch(fresh.export)).status).toBe(200);
    const oneClick = await fetch(fresh.unsubscribe, { method: 'POST', headers: FORM_TYPE, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect((await item(email))?.status).toBe('unsubscribed');
  });
});

describe('lifetimes', () => {
  it('refuses a manage link issued 30 days ago (403 expired-link), honours one issued 29 days ago', async () => {
    const email = 'manage.expiry@example.com';
    await subscribed(email);
    const subject = await subjectOf(email);
    const expired = url('/subscriptions/manage', 'manage', signToken(keys, 'manage', subject, new Date(Date.now() - 30 * DAY_MS)));
    const res = await fetch(expired, { headers: API });
    expect([res.status, res.headers.get('content-type')]).toEqual([403, 'application/problem+json']);
    expect(await res.json()).toMatchObject({ type: '/problems/expired-link' });
    const page = await fetch(expired, { headers: BROWSER });
    expect([page.status, page.headers.get('content-type')]).toEqual([403, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('This link has expired.');
    const recent = url('/subscriptions/manage', 'manage', signToken(keys, 'manage', subject, new Date(Date.now() - 29 * DAY_MS)));
    expect((await fetch(recent, { headers: API })).status).toBe(200);
  });

  it('unsubscribes with a one-click link issued 60 days ago', async () => {
    const email = 'old.digest.reader@example.com';
    await subscribed(email);
    const link = url('/unsubscribe', 'unsubscribe', signToken(keys, 'unsubscribe', await subjectOf(email), new Date(Date.now() - 60 * DAY_MS)));
    const res = await fetch(link, { method: 'POST', headers: FORM_TYPE, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'unsubscribed' });
    expect((await item(email))?.status).toBe('unsubscribed');
  });
});

describe('links in emails of the first version', () => {
  it('answers a first-version manage, export or confirm link with 403 outdated-link (problem+json, or the HTML page), never a 500', async () => {
    const email = 'first.version@example.com';
    await subscribed(email);
    const id = subscriberId(email);
    const soon = (Math.floor(Date.now() / 1000) + 3600).toString(36);
    const links = [
      url('/subscriptions/manage', 'manage', firstVersionToken(keys.current, 'manage', id)),
      url('/subscriptions/export', 'export', firstVersionToken(keys.current, 'export', id, soon)),
      url('/subscriptions/confirm', 'confirm', firstVersionToken(keys.current, 'confirm', id, soon)),
    ];
    for (const link of links) {
      const res = await fetch(link, { headers: API });
      expect([new URL(link).pathname, res.status, res.headers.get('content-type')]).toEqual([new URL(link).pathname, 403, 'application/problem+json']);
      expect(await res.json()).toMatchObject({ type: '/problems/outdated-link' });
      const page = await fetch(link, { headers: BROWSER });
      expect([new URL(link).pathname, page.status, page.headers.get('content-type')]).toEqual([new URL(link).pathname, 403, 'text/html; charset=utf-8']);
      expect(await page.text()).toContain('no longer works');
    }
    const erase = await fetch(url('/subscriptions', 'erase', firstVersionToken(keys.current, 'erase', id, soon)), { method: 'DELETE' });
    expect(erase.status).toBe(403);
    expect((await item(email))?.status).toBe('confirmed');
  });

  it('honours a first-version one-click unsubscribe for a subscriber stored before link secrets, and for nobody else', async () => {
    const email = 'stored.before@example.com';
    await subscribed(email);
    const id = subscriberId(email);
    const legacy = url('/unsubscribe', 'unsubscribe', firstVersionToken(keys.current, 'unsubscribe', id));
    // Still refused while the item has a secret: only items the first version wrote have none.
    expect((await fetch(legacy, { method: 'POST', headers: FORM_TYPE, body: 'List-Unsubscribe=One-Click' })).status).toBe(404);
    await doc.send(new UpdateCommand({ TableName: SubscribersTable.id, Key: { id }, UpdateExpression: 'REMOVE linkSecret' }));
    const res = await fetch(legacy, { method: 'POST', headers: FORM_TYPE, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect((await item(email))?.status).toBe('unsubscribed');
  });
});

describe('a sign-up for a known address', () => {
  it('leaves an unsubscribed address\'s preferences alone until its own confirmation link is followed, with the same answer as for a new address', async () => {
    const email = 'targeted.reader@example.com';
    const links = await subscribed(email, { keywords: ['nurse'], guides: ['medical-office-administrator'] });
    expect((await fetch(links.unsubscribe, { method: 'POST', headers: FORM_TYPE, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    const before = await item(email);

    const answers: string[] = [];
    for (const body of [
      { email, keywords: ['attacker'], industries: ['Manufacturing'] },
      { email: 'never.seen.before@example.com', keywords: ['attacker'], industries: ['Manufacturing'] },
    ]) {
      const res = await signUp(body);
      answers.push(JSON.stringify({ status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()).toString('base64') }));
    }
    expect(new Set(answers).size).toBe(1);
    const after = await item(email);
    expect(after?.preferences).toEqual(before?.preferences);
    expect(after?.status).toBe('unsubscribed');

    // The owner signs up again and follows their own email's link: their preferences, not the attacker's.
    expect((await signUp({ email, keywords: ['pharmacist'] })).status).toBe(202);
    const [, attackers, own] = await confirmations(email);
    await confirm(linkIn(own as StoredEmail, '/subscriptions/confirm'));
    expect(await item(email)).toMatchObject({ status: 'confirmed', preferences: { keywords: ['pharmacist'], industries: [], guides: [] } });
    // The other email's link, followed later, confirms nothing new and changes nothing.
    await confirm(linkIn(attackers as StoredEmail, '/subscriptions/confirm'));
    expect((await item(email))?.preferences.keywords).toEqual(['pharmacist']);
  });
});
