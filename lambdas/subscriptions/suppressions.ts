/**
 * The suppression list: addresses that bounced permanently or complained, kept by emailHash only (no
 * address), and kept when a subscriber is erased, so a later sign-up of the same address sends
 * nothing. suppressionGuard wraps any Mailer so that nothing at all reaches a suppressed address.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MailError, type Mailer, type OutgoingEmail } from '../mail/mailer';
import { emailHash } from './address';
import type { SuppressionReason } from './store';

export interface SuppressionRecord {
  emailHash: string;
  reason: SuppressionReason;
  suppressedAt: string;
  /** SES detail, no personal data: e.g. "Permanent/General", "abuse". */
  detail?: string;
  /** SES feedbackId of the event that caused it. */
  feedbackId?: string;
}

export interface SuppressionStore {
  get(emailHash: string): Promise<SuppressionRecord | null>;
  /** Adds a record; an existing one is kept (the first reason wins). */
  add(record: SuppressionRecord): Promise<void>;
}

export class DynamoSuppressionStore implements SuppressionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(hash: string): Promise<SuppressionRecord | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { emailHash: hash }, ConsistentRead: true }));
    return (out.Item as SuppressionRecord | undefined) ?? null;
  }

  async add(record: SuppressionRecord): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.table, Item: record, ConditionExpression: 'attribute_not_exists(emailHash)' }),
      );
    } catch (error) {
      if ((error as { name?: string } | null)?.name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}

/**
 * A Mailer that refuses (MailError 'rejected': do not retry) to send anything to a suppressed
 * address, whatever the kind of email. Use it around every Mailer that can reach subscribers.
 */
export function suppressionGuard(mailer: Mailer, suppressions: SuppressionStore): Mailer {
  return {
    async send(email: OutgoingEmail) {
      if ((await suppressions.get(emailHash(email.to))) !== null) {
        throw new MailError('rejected', 'the recipient is on the suppression list');
      }
      return mailer.send(email);
    },
  };
}
