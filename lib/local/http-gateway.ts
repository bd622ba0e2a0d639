/**
 * A local stand-in for API Gateway HTTP API: turns each Node HTTP request into the payload-2.0 event
 * the deployed Lambda receives and writes the handler's result back, so the same handler code serves
 * both. Like API Gateway, it joins repeated query parameters and headers with commas.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { SECURITY_HEADERS } from '../../lambdas/http/router';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/** The gateway's own answers carry the headers the handlers' do (in AWS, a CloudFront response headers policy would add them). */
const OWN_HEADERS = { 'content-type': 'application/json', ...SECURITY_HEADERS };

/** API Gateway's own payload limit: larger requests never reach the function. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const TEXT_TYPES = /^(application\/(json|problem\+json|x-www-form-urlencoded|xml)|text\/)/i;

class BadTargetError extends Error {
  override readonly name = 'BadTargetError';
}

/**
 * The request target as a URL. An origin-form target is always a path: "//x" is not a host (new URL
 * would read it as one, and throw on "//["). Null for a target that is no URL at all.
 */
function targetUrl(target: string): URL | null {
  try {
    return target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target, 'http://localhost');
  } catch {
    return null;
  }
}

export function toEvent(req: IncomingMessage, body: Buffer, requestId: string): APIGatewayProxyEventV2 {
  const url = targetUrl(req.url ?? '/');
  if (url === null) throw new BadTargetError();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // No prototype: "__proto__" or "constructor" is a parameter name like any other (as in the JSON event).
  const query = Object.create(null) as Record<string, string>;
  for (const [name, value] of url.searchParams) query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  const method = (req.method ?? 'GET').toUpperCase();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: !isText,
  };
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (req.headers.cookie) event.cookies = req.headers.cookie.split(/;\s*/);
  if (body.length > 0) event.body = isText ? body.toString('utf8') : body.toString('base64');
  return event;
}

function fakeContext(requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'careerwire-api-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:careerwire-api-local',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string' || result === null || typeof result !== 'object' || !('statusCode' in result)) {
    // API Gateway treats a bare value as a 200 JSON body.
    res.writeHead(200, OWN_HEADERS).end(JSON.stringify(result));
    return;
  }
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

/**
 * How many invocations run at once; the rest wait in line. In AWS every concurrent invocation has an
 * instance of its own; here all share one process, and hundreds at once would each wait so long for
 * the CPU that their DynamoDB calls hit the client's timeouts (503s the deployed API would not give).
 */
export const LOCAL_CONCURRENCY = 32;

/** A counting semaphore: run(fn) starts fn when fewer than `limit` are running. */
function concurrencyLimit(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      // The slot passes straight to the next in line, so a newcomer cannot overtake it.
      if (next !== undefined) next();
      else running -= 1;
    }
  };
}

/** How long close() waits for invocations under way (API Gateway's own integration timeout). */
const CLOSE_GRACE_MS = 30_000;

/** What API Gateway answers when the integration is not there (here: the stack is stopping). */
const SERVICE_UNAVAILABLE: APIGatewayProxyResultV2 = {
  statusCode: 503,
  headers: OWN_HEADERS,
  body: '{"message":"Service Unavailable"}',
};

export interface RunningGateway {
  url: string;
  port: number;
  /** Requests read and not yet answered: running or waiting for a slot. */
  pending(): number;
  close(): Promise<void>;
}

/**
 * A route of the gateway: requests whose path starts with `prefix`, or that `matches` accepts, go to
 * `handler`. `matches` says what a set of API Gateway routes does (exact paths and `{proxy+}`
 * prefixes: the subscriptions function's, lambdas/app/paths.ts), which a bare prefix cannot:
 * `/subscriptions` must not take `/subscriptionsX`.
 */
export type GatewayRoute = { prefix: string; handler: HttpHandler } | { matches: (path: string) => boolean; handler: HttpHandler };

const routeMatches = (route: GatewayRoute, path: string): boolean => ('matches' in route ? route.matches(path) : path.startsWith(route.prefix));

/**
 * Routes like the deployed API: the first route that matches (`/admin/` → the admin function; the
 * subscription paths → the subscriptions function), else the default handler ($default → the api
 * function).
 */
export async function startHttpGateway(defaultHandler: HttpHandler, port: number, routes: GatewayRoute[] = []): Promise<RunningGateway> {
  const pick = (path: string): HttpHandler => routes.find((r) => routeMatches(r, path))?.handler ?? defaultHandler;
  const limited = concurrencyLimit(LOCAL_CONCURRENCY);
  // Invocations under way: close() lets them finish while DynamoDB and SES are still up, and those
  // still waiting for a slot get API Gateway's 503 instead of starting against a stack going down.
  const running = new Set<Promise<void>>();
  let closing = false;
  const server: Server = createServer((req, res) => {
    const requestId = randomUUID();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, OWN_HEADERS).end('{"message":"Request Entity Too Large"}');
        return;
      }
      let event: APIGatewayProxyEventV2;
      try {
        event = toEvent(req, Buffer.concat(chunks), requestId);
      } catch (error) {
        // API Gateway answers a target it cannot parse itself; the function never sees it. Nothing
        // thrown here may escape: it would end the whole process.
        if (error instanceof BadTargetError) res.writeHead(400, OWN_HEADERS).end('{"message":"Bad Request"}');
        else {
          console.error('gateway failed', error);
          res.writeHead(500, OWN_HEADERS).end('{"message":"Internal Server Error"}');
        }
        return;
      }
      const handler = pick(event.rawPath);
      const invocation = limited(async () => (closing ? SERVICE_UNAVAILABLE : handler(event, fakeContext(requestId))))
        .then((result) => writeResult(res, result))
        .catch((error: unknown) => {
          // In AWS an uncaught handler error is API Gateway's bare 500; mirror it and say why here.
          console.error('handler failed', error);
          res.writeHead(500, OWN_HEADERS).end('{"message":"Internal Server Error"}');
        })
        .finally(() => running.delete(invocation));
      running.add(invocation);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: bursts of connections wait instead of being reset.
    server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    pending: () => running.size,
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Bounded, as API Gateway's integration timeout is: a handler that never ends cannot hold Ctrl-C.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
      await Promise.race([Promise.all([...running]), grace]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}
