/**
 * Two local stacks in one process: each builds its functions from its own configuration and AWS
 * clients (nothing in process.env), so a sign-up on one writes its own tables and mails links to its
 * own gateway, and the other's tables see none of it. (Not their inboxes: aws-ses-v2-local keeps one
 * store per process, which both emulators serve.)
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SubscribersTable } from '../../lambdas/shared/tables';
import { subscriberId } from '../../lambdas/subscriptions/address';
import { linkIn, sesEmails } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

let a: TestStack;
let b: TestStack;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestStack(), startTestStack()]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const stored = (stack: TestStack, email: string) =>
  stack.clients.dynamo().send(new GetCommand({ TableName: SubscribersTable.id, Key: { id: subscriberId(email) }, ConsistentRead: true }));

it('keeps the two stacks apart: their tables and their links', async () => {
  expect(a.apiUrl).not.toBe(b.apiUrl);
  const email = 'two.stacks@example.com';
  const res = await fetch(`${a.apiUrl}/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  expect(res.status).toBe(202);

  expect((await stored(a, email)).Item).toMatchObject({ status: 'pending' });
  expect((await stored(b, email)).Item).toBeUndefined();
  const [mail] = await sesEmails(a.sesUrl, email);
  expect(mail).toBeDefined();
  if (mail === undefined) return;
  expect(new URL(linkIn(mail, '/subscriptions/confirm')).origin).toBe(a.apiUrl);
  // And both serve, each from its own data.
  const [guidesA, guidesB] = await Promise.all([fetch(`${a.apiUrl}/guides`), fetch(`${b.apiUrl}/guides`)]);
  expect([guidesA.status, guidesB.status]).toEqual([200, 200]);
});
