import { emailHash, subscriberId } from '../../../lambdas/subscriptions/address';
import { applySesEvent, parseSnsMessage } from '../../../lambdas/subscriptions/feedback';
import { alertShard } from '../../../lambdas/subscriptions/tiers';
import { recordingLogger } from '../../support/events';
import { sesFixture } from '../../support/ses';
import { MemorySubscriberStore, MemorySuppressionStore } from '../../support/memory/subscriptions';
import { emptyPreferences } from '../../support/preferences';

const NOW = new Date('2026-11-27T12:00:00Z');
const prefs = emptyPreferences();

async function setup(...confirmed: string[]) {
  const store = new MemorySubscriberStore();
  const suppressions = new MemorySuppressionStore();
  const log = { ...recordingLogger(), info: () => undefined };
  for (const email of confirmed) {
    await store.register({ id: subscriberId(email), email, preferences: prefs }, NOW);
    await store.confirm(subscriberId(email), NOW);
  }
  return { store, suppressions, log, deps: { store, suppressions, log, now: () => NOW } };
}

it('suppresses a permanently bounced address at once: list entry by hash, subscriber marked, alertShard gone', async () => {
  const address = 'gone.reader@example.com';
  const { store, suppressions, deps } = await setup(address);
  const id = subscriberId(address);
  expect(store.items.get(id)?.alertShard).toBe(alertShard(id, 'free'));

  const outcome = await applySesEvent(deps, sesFixture('bounce-permanent'));

  expect(outcome).toEqual({ kind: 'permanent-bounce', recipients: 1, suppressed: 1, counted: 0, unknownSubscribers: 0, unreadable: 0 });
  expect(await suppressions.get(emailHash(address))).toEqual({
    emailHash: emailHash(address),
    reason: 'bounce',
    suppressedAt: NOW.toISOString(),
    detail: 'Permanent/General',
    feedbackId: '0100018c1f2e3d4a-5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d-000000',
  });
  expect(JSON.stringify([...suppressions.records.values()])).not.toContain('@');
  expect(await store.get(id, NOW)).toMatchObject({ suppressed: 'bounce', suppressedAt: NOW.toISOString(), status: 'confirmed' });
  expect(store.items.get(id)?.alertShard).toBeUndefined();
});

it('suppresses a complaint', async () => {
  const address = 'annoyed.reader@example.com';
  const { store, suppressions, deps } = await setup(address);
  const outcome = await applySesEvent(deps, sesFixture('complaint'));
  expect(outcome).toMatchObject({ kind: 'complaint', suppressed: 1 });
  expect((await suppressions.get(emailHash(address)))?.reason).toBe('complaint');
  expect((await suppressions.get(emailHash(address)))?.detail).toBe('abuse');
  expect((await store.get(subscriberId(address), NOW))?.suppressed).toBe('complaint');
});

it('only counts a transient bounce', async () => {
  const address = 'full.mailbox@example.com';
  const { store, suppressions, deps } = await setup(address);
  const id = subscriberId(address);
  expect(await applySesEvent(deps, sesFixture('bounce-transient'))).toMatchObject({ kind: 'transient-bounce', counted: 1, suppressed: 0 });
  await applySesEvent(deps, sesFixture('bounce-transient'));
  expect(await store.get(id, NOW)).toMatchObject({ suppressed: null, transientBounces: 2 });
  expect(store.items.get(id)?.alertShard).toBe(alertShard(id, 'free'));
  expect(suppressions.records.size).toBe(0);
});

it('reads the older notificationType shape and "Name <address>" recipients; Undetermined only counts', async () => {
  const address = 'maybe.reader@example.com';
  const { store, deps } = await setup(address);
  expect(await applySesEvent(deps, sesFixture('notification-bounce-undetermined'))).toMatchObject({ kind: 'transient-bounce', counted: 1 });
  expect((await store.get(subscriberId(address), NOW))?.transientBounces).toBe(1);
});

it('suppresses an address with no subscriber (erased or never signed up), so a later sign-up sends nothing', async () => {
  const { suppressions, deps } = await setup();
  expect(await applySesEvent(deps, sesFixture('bounce-permanent'))).toMatchObject({ suppressed: 1, unknownSubscribers: 1 });
  expect(await suppressions.get(emailHash('gone.reader@example.com'))).not.toBeNull();
});

it('ignores other event types and junk', async () => {
  const { suppressions, deps } = await setup('happy.reader@example.com');
  expect((await applySesEvent(deps, sesFixture('delivery'))).kind).toBe('ignored');
  expect((await applySesEvent(deps, null)).kind).toBe('ignored');
  expect((await applySesEvent(deps, { eventType: 'Bounce' })).kind).toBe('ignored');
  expect(await applySesEvent(deps, { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'not an address' }, {}] } })).toMatchObject({
    unreadable: 2,
    suppressed: 0,
  });
  expect(suppressions.records.size).toBe(0);
  expect(parseSnsMessage('{oops')).toBeNull();
});

it('logs what happened, never the address or the subscriber id (a hash of it)', async () => {
  const address = 'gone.reader@example.com';
  const lines: unknown[] = [];
  const { deps } = await setup(address);
  const log = { info: (...a: unknown[]) => lines.push(a), warn: (...a: unknown[]) => lines.push(a), error: (...a: unknown[]) => lines.push(a) };
  await applySesEvent({ ...deps, log }, sesFixture('bounce-permanent'));
  await applySesEvent({ ...deps, log }, sesFixture('bounce-transient'));
  expect(lines.length).toBeGreaterThan(0);
  expect(JSON.stringify(lines)).toMatch(/address suppressed.*transient bounce counted/);
  expect(JSON.stringify(lines)).not.toContain(subscriberId(address));
  expect(JSON.stringify(lines)).not.toMatch(/@/);
});
