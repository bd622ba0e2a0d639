/**
 * The local Lambda Invoke endpoint over real HTTP, called by the real LambdaClient as the admin entry
 * calls it: an Event invocation answers 202 at once, and close() waits for it to finish, so stopping
 * the local stack never cuts a planner off halfway.
 */
import { connect } from 'node:net';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdaEndpoint } from '../../lib/local/lambda-endpoint';

/** Whether the endpoint still takes new connections. */
function accepts(endpoint: string): Promise<boolean> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

it('answers an Event invocation at once and finishes it before close() resolves', async () => {
  const finished: unknown[] = [];
  const order: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let plannerDone: () => void = () => undefined;
  const finishedPlanner = new Promise<void>((resolve) => (plannerDone = resolve));
  const endpoint = await startLambdaEndpoint({
    planner: async (payload) => {
      await gate;
      finished.push(payload);
      order.push('finished');
      plannerDone();
    },
  });
  const lambda = new LambdaClient({ endpoint: endpoint.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'planner', InvocationType: 'Event', Payload: JSON.stringify({ tier: 'plus' }) }));
  expect(out.StatusCode).toBe(202);
  expect(finished).toEqual([]);

  const closing = endpoint.close().then(() => void order.push('closed'));
  // close() is under way once the endpoint takes no new connections; the planner is still held.
  while (await accepts(endpoint.endpoint)) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(order).toEqual([]);
  release();
  await finishedPlanner;
  await closing;
  expect(finished).toEqual([{ tier: 'plus' }]);
  expect(order).toEqual(['finished', 'closed']);
  lambda.destroy();
});

it('answers a RequestResponse invocation with the result, and an unknown function with 404', async () => {
  const endpoint = await startLambdaEndpoint({ echo: async (payload) => ({ got: payload }) });
  const lambda = new LambdaClient({ endpoint: endpoint.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ a: 1 }) }));
  expect(JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8'))).toEqual({ got: { a: 1 } });
  await expect(lambda.send(new InvokeCommand({ FunctionName: 'missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  lambda.destroy();
  await endpoint.close();
});
