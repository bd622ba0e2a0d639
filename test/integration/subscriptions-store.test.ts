/** DynamoSubscriberStore and DynamoSuppressionStore on dynalite: the same contract as the memory store. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../lambdas/shared/dynamo';
import { DeliveriesTable, SubscribersTable, SuppressionsTable } from '../../lambdas/shared/tables';
import { DynamoSubscriberStore } from '../../lambdas/subscriptions/dynamo-store';
import { DynamoSuppressionStore } from '../../lambdas/subscriptions/suppressions';
import { ensureTables, startDynalite, type RunningDynamo } from '../../lib/local/dynamodb';
import { subscriberStoreContract } from '../support/subscriber-store-contract';
import { emptyPreferences } from '../support/preferences';

let dynamo: RunningDynamo;
let doc: DynamoDBDocumentClient;
let store: DynamoSubscriberStore;

beforeAll(async () => {
  dynamo = await startDynalite(0);
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await ensureTables(client, [SubscribersTable, SuppressionsTable, DeliveriesTable], (d) => d.id);
  doc = documentClient(client);
  store = new DynamoSubscriberStore(doc, SubscribersTable.id, DeliveriesTable.id);
});
afterAll(() => dynamo?.close());

subscriberStoreContract('dynamo', () => ({
  store,
  raw: async (id) => (await doc.send(new GetCommand({ TableName: SubscribersTable.id, Key: { id }, ConsistentRead: true }))).Item,
  addDelivery: async (item) => void (await doc.send(new PutCommand({ TableName: DeliveriesTable.id, Item: item }))),
  deliveryCount: async (id) =>
    (
      await doc.send(
        new QueryCommand({ TableName: DeliveriesTable.id, KeyConditionExpression: 'subscriberId = :id', ExpressionAttributeValues: { ':id': id } }),
      )
    ).Items?.length ?? 0,
}));

it('keeps the first suppression reason', async () => {
  const suppressions = new DynamoSuppressionStore(doc, SuppressionsTable.id);
  await suppressions.add({ emailHash: 'h1', reason: 'complaint', suppressedAt: '2026-11-27T12:00:00.000Z' });
  await suppressions.add({ emailHash: 'h1', reason: 'bounce', suppressedAt: '2026-11-28T12:00:00.000Z' });
  expect(await suppressions.get('h1')).toEqual({ emailHash: 'h1', reason: 'complaint', suppressedAt: '2026-11-27T12:00:00.000Z' });
  expect(await suppressions.get('h2')).toBeNull();
});

it('an erase without the deliveries table refuses instead of leaving history behind', async () => {
  const partial = new DynamoSubscriberStore(doc, SubscribersTable.id, undefined);
  await expect(partial.erase('x'.repeat(22))).rejects.toThrow('without the deliveries table');
});

it('the sparse byAlertShard index holds exactly the subscribers who receive alerts', async () => {
  const { subscriberId } = await import('../../lambdas/subscriptions/address');
  const { audienceKey } = await import('../../lambdas/subscriptions/tiers');
  const now = new Date('2026-11-27T12:00:00Z');
  const prefs = emptyPreferences();
  const ids: Record<string, string> = {};
  for (const name of ['pending', 'confirmed', 'left', 'bounced', 'plus']) {
    const email = `shard-${name}@example.com`;
    ids[name] = subscriberId(email);
    await store.register({ id: ids[name] as string, email, preferences: prefs }, now);
    if (name !== 'pending') await store.confirm(ids[name] as string, now);
  }
  await store.unsubscribe(ids.left as string, now);
  await store.suppress(ids.bounced as string, 'bounce', now);
  await store.setTier(ids.plus as string, 'plus', now);
  const audience = async (tier: 'free' | 'plus') => {
    const found: string[] = [];
    for (const shard of [audienceKey(tier, null)]) {
      const out = await doc.send(
        new QueryCommand({ TableName: SubscribersTable.id, IndexName: 'byAlertShard', KeyConditionExpression: 'alertShard = :s', ExpressionAttributeValues: { ':s': shard } }),
      );
      found.push(...(out.Items ?? []).map((i) => i.id as string).filter((id) => Object.values(ids).includes(id)));
    }
    return found;
  };
  expect(await audience('free')).toEqual([ids.confirmed]);
  expect(await audience('plus')).toEqual([ids.plus]);
});

it('an item still in a legacy shard (written before zones) moves to its zone\'s partition on its next write', async () => {
  const now = new Date('2026-11-27T12:00:00Z');
  const id = 'legacy-rekey-subscriber';
  const item = {
    id, email: 'legacy@example.com', status: 'confirmed', tier: 'plus', alertShard: 'plus#07', linkSecret: 'secret',
    preferences: { ...emptyPreferences(), timeZone: 'Asia/Tokyo' }, createdAt: now.toISOString(), confirmedAt: now.toISOString(),
    updatedAt: now.toISOString(), lastDigestAt: null,
  };
  await doc.send(new PutCommand({ TableName: SubscribersTable.id, Item: item }));
  await store.updatePreferences(id, { ...emptyPreferences(), keywords: ['nurse'], timeZone: 'Asia/Tokyo' }, now);
  const { Item } = await doc.send(new GetCommand({ TableName: SubscribersTable.id, Key: { id } }));
  expect(Item?.alertShard).toBe('plus#Asia/Tokyo');
});

it('the sender\'s re-key moves a legacy-keyed subscriber to their zone\'s partition, and loses to any write since it read them', async () => {
  const { DynamoAudienceStore } = await import('../../lambdas/alerts/audience');
  const audience = new DynamoAudienceStore(doc, SubscribersTable.id);
  const now = new Date('2026-11-27T12:00:00Z');
  const item = (id: string) => ({
    id, email: `${id}@example.com`, status: 'confirmed', tier: 'free', alertShard: 'free#11', linkSecret: 'secret',
    preferences: { ...emptyPreferences(), timeZone: 'Europe/Berlin' }, createdAt: now.toISOString(), confirmedAt: now.toISOString(),
    updatedAt: now.toISOString(), lastDigestAt: null,
  });
  await doc.send(new PutCommand({ TableName: SubscribersTable.id, Item: item('legacy-a') }));
  await doc.send(new PutCommand({ TableName: SubscribersTable.id, Item: item('legacy-b') }));
  const [a, b] = await audience.getMany(['legacy-a', 'legacy-b']);
  expect(a?.alertShard).toBe('free#11');
  expect((await audience.page('free#11', undefined, 100)).ids).toEqual(expect.arrayContaining(['legacy-a', 'legacy-b']));

  await audience.rekey(a!);
  // legacy-b moves to New York by a preferences write after the sender read it: the write wins.
  await store.updatePreferences('legacy-b', { ...emptyPreferences(), timeZone: 'America/New_York' }, now);
  await audience.rekey(b!);
  const shard = async (id: string) => (await doc.send(new GetCommand({ TableName: SubscribersTable.id, Key: { id }, ConsistentRead: true }))).Item?.alertShard;
  expect(await shard('legacy-a')).toBe('free#Europe/Berlin');
  expect(await shard('legacy-b')).toBe('free#America/New_York');
  expect((await audience.page('free#11', undefined, 100)).ids).not.toContain('legacy-a');
  expect((await audience.page('free#Europe/Berlin', undefined, 100)).ids).toContain('legacy-a');
});
