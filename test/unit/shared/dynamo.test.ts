import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchIncompleteError, batchGetAll, batchWriteAll, documentClient } from '../../../lambdas/shared/dynamo';

const doc = documentClient(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const mock = mockClient(doc);
const noWait = { sleep: async () => undefined };
const put = (id: number) => ({ PutRequest: { Item: { slug: `g${id}` } } });

beforeEach(() => mock.reset());

describe('batchWriteAll', () => {
  it('writes in chunks of 25 and retries unprocessed items until none remain', async () => {
    const requests = Array.from({ length: 30 }, (_, i) => put(i));
    mock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { T: [put(3), put(4)] } })
      .resolvesOnce({ UnprocessedItems: { T: [put(4)] } })
      .resolves({});
    const waits: number[] = [];
    const { calls } = await batchWriteAll(doc, 'T', requests, { sleep: async (ms) => void waits.push(ms) });

    const sent = mock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems?.T?.length);
    expect(sent).toEqual([25, 2, 1, 5]);
    expect(calls).toBe(4);
    expect(waits).toHaveLength(2);
  });

  it('gives up with BatchIncompleteError after the retries, never silently', async () => {
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: { T: [put(1)] } });
    await expect(batchWriteAll(doc, 'T', [put(1)], { ...noWait, retries: 3 })).rejects.toBeInstanceOf(BatchIncompleteError);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(4);
  });
});

describe('batchGetAll', () => {
  it('reads in chunks of 100 with a projection and retries unprocessed keys', async () => {
    const keys = Array.from({ length: 150 }, (_, i) => ({ slug: `g${i}` }));
    mock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { T: [{ slug: 'g0', contentHash: 'h0' }] }, UnprocessedKeys: { T: { Keys: [{ slug: 'g1' }] } } })
      .resolves({ Responses: { T: [{ slug: 'gx', contentHash: 'hx' }] } });
    const items = await batchGetAll(doc, 'T', keys, ['slug', 'contentHash'], noWait);
    const calls = mock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.T);
    expect(calls.map((c) => c?.Keys?.length)).toEqual([100, 1, 50]);
    expect(calls[0]?.ProjectionExpression).toBe('#p0, #p1');
    expect(calls[0]?.ExpressionAttributeNames).toEqual({ '#p0': 'slug', '#p1': 'contentHash' });
    expect(items).toHaveLength(3);
  });
});
