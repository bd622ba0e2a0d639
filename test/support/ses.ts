/**
 * SES helpers for tests: the recorded SES event fixtures wrapped in the SNS Lambda event the feedback
 * function receives, and the local SES emulator's store (every message it accepted).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SNSEvent } from 'aws-lambda';

export const SES_FIXTURES = join(__dirname, '..', 'fixtures', 'ses');

export type SesFixture = 'bounce-permanent' | 'bounce-transient' | 'complaint' | 'delivery' | 'notification-bounce-undetermined';

export function sesFixture(name: SesFixture): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SES_FIXTURES, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** An SNS → Lambda event carrying each message as SES's event destination publishes it. */
export function snsEvent(...messages: unknown[]): SNSEvent {
  return {
    Records: messages.map((message, i) => ({
      EventVersion: '1.0',
      EventSource: 'aws:sns',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:careerwire-ses-feedback:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
      Sns: {
        Type: 'Notification',
        MessageId: `95df01b4-ee98-5cb9-9903-4c221d41eb5${i}`,
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:careerwire-ses-feedback',
        Subject: null as unknown as string,
        Message: typeof message === 'string' ? message : JSON.stringify(message),
        Timestamp: '2026-11-27T10:41:03.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=EXAMPLE',
        MessageAttributes: {},
      },
    })),
  };
}

/** A message as aws-ses-v2-local keeps it (GET /store → { emails: [...] }). */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

export async function sesEmails(sesUrl: string, to?: string): Promise<StoredEmail[]> {
  const res = await fetch(`${sesUrl}/store`);
  if (!res.ok) throw new Error(`SES emulator store: HTTP ${res.status}`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  if (to === undefined) return emails;
  const wanted = to.toLowerCase();
  return emails.filter((e) => e.destination.to.some((t) => t.toLowerCase() === wanted));
}

/** The first link to `path` in a message's text part (absolute URL). */
export function linkIn(email: StoredEmail, path: string): string {
  const match = (email.body.text ?? '').match(/https?:\/\/\S+/g)?.find((u) => new URL(u).pathname === path);
  if (match === undefined) throw new Error(`no ${path} link in "${email.subject}"`);
  return match;
}

/** The token query parameter of a link. */
export const tokenOf = (url: string): string => new URL(url).searchParams.get('token') ?? '';
