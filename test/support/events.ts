/** Builders for the AWS events handlers receive, for unit tests. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export function httpEvent(
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): APIGatewayProxyEventV2 {
  const url = new URL(target, 'http://localhost');
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: options.headers ?? {},
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '27/Nov/2026:12:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
  memoryLimitInMB: '128',
  awsRequestId: 'req-1',
  logGroupName: 'test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 1000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} satisfies Context;

export function json(result: APIGatewayProxyStructuredResultV2): unknown {
  return JSON.parse(result.body ?? 'null');
}

/** A logger that remembers what it was told, so tests can assert on logging. */
export function recordingLogger() {
  const lines: { level: string; message: string; extra: Record<string, unknown>[] }[] = [];
  return {
    lines,
    error: (message: string, ...extra: Record<string, unknown>[]) => lines.push({ level: 'error', message, extra }),
    warn: (message: string, ...extra: Record<string, unknown>[]) => lines.push({ level: 'warn', message, extra }),
  };
}
