/** Outgoing email behind one small interface: SES v2 in AWS and locally (aws-ses-v2-local), fakes in unit tests. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post on digests. */
  headers?: { name: string; value: string }[];
  /** SES message tags (kind=confirmation|welcome|digest, tier, runId...): no personal data. */
  tags?: Record<string, string>;
}

/**
 * throttled: SES said slow down (Throttling, TooManyRequests, sending quota) — retry later;
 * rejected: permanent for this message (MessageRejected, bad address, account suppression) — do not retry;
 * transient: anything else that may work on a retry (network, 5xx).
 */
export type MailFailure = 'throttled' | 'rejected' | 'transient';

export class MailError extends Error {
  override readonly name = 'MailError';
  constructor(
    readonly kind: MailFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
