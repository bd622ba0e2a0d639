/**
 * The local Lambda Invoke endpoint over real HTTP, called by the real LambdaClient as the admin entry
 * calls it: an Event invocation answers 202 at once, and close() waits for it to finish, so stopping
 * the local stack never cuts a planner off halfway.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdaEndpoint } from '../../lib/local/lambda-endpoint';

it('answers an Event invocation at once and finishes it before close() resolves', async () => {
  const finished: unknown[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const endpoint = await startLambdaEndpoint({
    planner: async (payload) => {
      await gate;
      finished.push(payload);
    },
  });
  const lambda = new LambdaClient({ endpoint: endpoint.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'planner', InvocationType: 'Event', Payload: JSON.stringify({ tier: 'plus' }) }));
  expect(out.StatusCode).toBe(202);
  expect(finished).toEqual([]);

  let closed = false;
  const closing = endpoint.close().then(() => (closed = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(closed).toBe(false);
  release();
  await closing;
  expect(finished).toEqual([{ tier: 'plus' }]);
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
