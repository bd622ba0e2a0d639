/**
 * Sign-ups as the abuse-limit tests send them: from a chosen loopback address (each is another client
 * to the limiter), with helpers that read the limit windows and their counters.
 */
import { request } from 'node:http';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SIGN_UP_LIMITS } from '../../lambdas/shared/limits';
import { RateLimitsTable } from '../../lambdas/shared/tables';
import { sesEmails } from './ses';
import type { TestStack } from './stack';

export interface Answer {
  email: string;
  status: number;
  retryAfter: string | undefined;
  type: string | undefined;
  body: string;
}

/**
 * One sign-up from a given loopback address: every 127.x address reaches the gateway on 127.0.0.1,
 * and the gateway reports it as the source, so each is another client.
 */
export function signUp(on: TestStack, email: string, from = '127.0.0.1'): Promise<Answer> {
  const url = new URL(on.apiUrl);
  const body = JSON.stringify({ email });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        localAddress: from,
        method: 'POST',
        path: '/subscriptions',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            email,
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            type: res.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const confirmations = async (on: TestStack) => (await sesEmails(on.sesUrl)).filter((m) => m.subject === 'Confirm your careerwire job alerts');
export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function expectRefused(answers: Answer[]): void {
  for (const a of answers) {
    expect({ email: a.email, status: a.status, type: a.type }).toEqual({ email: a.email, status: 429, type: 'application/problem+json' });
    const seconds = Number(a.retryAfter);
    expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600).toBe(true);
  }
  // The same body for every address: nothing tells whose sign-up it was.
  expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  expect(JSON.parse(answers[0]?.body as string)).toMatchObject({ status: 429, type: '/problems/too-many-sign-ups' });
}

/** The start (epoch seconds) of the limit window `at` falls in, as the limiter computes it. */
export const windowOf = (at: number) => Math.floor(at / 1000 / SIGN_UP_LIMITS.windowSeconds) * SIGN_UP_LIMITS.windowSeconds;

/** A counter item of the RateLimits table, or 0. */
export async function counted(doc: DynamoDBDocumentClient, key: string): Promise<number> {
  const out = await doc.send(new GetCommand({ TableName: RateLimitsTable.id, Key: { key } }));
  return Number(out.Item?.count ?? 0);
}

/**
 * Runs a burst and tells which limit windows it touched. A burst almost always falls in one window,
 * where the counts asserted are exact; one that crosses the top of the hour is checked against both
 * windows' counters instead, so the test holds at any time of day.
 */
export async function inWindows<T>(burst: () => Promise<T>): Promise<{ result: T; windows: number[] }> {
  const first = windowOf(Date.now());
  const result = await burst();
  const last = windowOf(Date.now());
  return { result, windows: first === last ? [first] : [first, last] };
}

