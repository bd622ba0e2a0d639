/**
 * A local stand-in for the Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations), so the
 * admin entry's real LambdaClient call that starts a planner works on the local stack too
 * (AWS_ENDPOINT_URL_LAMBDA points here). Event invocations answer 202 at once and run in the background.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from './dynamodb';

export type LocalFunction = (payload: unknown) => Promise<unknown>;

export async function startLambdaEndpoint(functions: Record<string, LocalFunction>): Promise<{ endpoint: string; close(): Promise<void> }> {
  // Event invocations still running: close() waits for them, so stopping the stack never pulls
  // DynamoDB from under a planner halfway through (it would fail, and log after its caller is gone).
  const background = new Set<Promise<unknown>>();
  const server: Server = createServer((req, res) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const fn = match ? functions[decodeURIComponent(match[1] as string)] : undefined;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (fn === undefined || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
        res.end(JSON.stringify({ Type: 'User', message: 'Function not found' }));
        return;
      }
      let payload: unknown;
      try {
        payload = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidRequestContentException' });
        res.end(JSON.stringify({ Type: 'User', message: 'Could not parse request body into json' }));
        return;
      }
      if (req.headers['x-amz-invocation-type'] === 'Event') {
        res.writeHead(202).end();
        const invocation = fn(payload)
          .catch((error: unknown) => console.error('local async invocation failed', error))
          .finally(() => background.delete(invocation));
        background.add(invocation);
        return;
      }
      fn(payload).then(
        (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null)),
        (error: unknown) => {
          res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
          res.end(JSON.stringify({ errorMessage: String(error) }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await closeServer(server);
      await Promise.all([...background]);
    },
  };
}
