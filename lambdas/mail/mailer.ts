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
 * What a failed send means for the caller:
 * - throttled: SES said slow down (the per-second rate): retry the same message later;
 * - paused: SES sends nothing for the account for now (the 24-hour quota is used up, sending is paused
 *   or the account suspended): stop sending until it resets, keep everything;
 * - configuration: the setup refuses it (the SES sandbox and an unverified recipient, an unverified
 *   From identity or MAIL FROM domain, a missing configuration set): an operator's fix, after which
 *   the same message goes out; never the recipient's fault;
 * - rejected: permanent for this message (content checks, a malformed address): do not retry;
 * - transient: anything else that may work on a retry (network, 5xx).
 */
export type MailFailure = 'throttled' | 'paused' | 'configuration' | 'rejected' | 'transient';

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
