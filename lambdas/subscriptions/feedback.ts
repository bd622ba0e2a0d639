/**
 * SES feedback: the bounce and complaint events a configuration set's event destination publishes
 * (to SNS, then the feedback function). Also accepts the older identity-notification shape
 * (`notificationType` instead of `eventType`).
 * - a Permanent bounce or a complaint suppresses the address at once: a record in the suppression
 *   list (by hash) and the subscriber marked suppressed with alertShard dropped, so no email of any
 *   kind is sent again (the mail guard checks the list; the planner no longer sees them);
 * - a Transient or Undetermined bounce is counted on the subscriber, nothing more;
 * - every other event type is ignored.
 * Idempotent per event except the transient counter (an SNS redelivery may count one twice).
 */
import { InvalidEmailError, normaliseEmail } from '../shared/email';
import { emailHash, subscriberId } from './address';
import type { SubscriptionLog } from './service';
import type { SubscriberStore, SuppressionReason } from './store';
import type { SuppressionStore } from './suppressions';

export interface FeedbackDependencies {
  store: Pick<SubscriberStore, 'suppress' | 'countTransientBounce'>;
  suppressions: SuppressionStore;
  log: SubscriptionLog;
  now: () => Date;
}

export type FeedbackKind = 'permanent-bounce' | 'transient-bounce' | 'complaint' | 'ignored';

export interface FeedbackOutcome {
  kind: FeedbackKind;
  /** Recipients in the event. */
  recipients: number;
  /** Addresses added to (or already on) the suppression list. */
  suppressed: number;
  /** Transient bounces counted on a subscriber. */
  counted: number;
  /** Recipients with no subscriber item (erased, or never signed up). */
  unknownSubscribers: number;
  /** Recipients whose address could not be read. */
  unreadable: number;
}

interface Recipient {
  emailAddress?: unknown;
}

interface SesEvent {
  eventType?: unknown;
  notificationType?: unknown;
  mail?: { messageId?: unknown; tags?: Record<string, unknown> };
  bounce?: { bounceType?: unknown; bounceSubType?: unknown; bouncedRecipients?: Recipient[]; feedbackId?: unknown };
  complaint?: { complainedRecipients?: Recipient[]; complaintFeedbackType?: unknown; feedbackId?: unknown };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** "Name <a@b.c>" or "a@b.c" → a@b.c. */
const bareAddress = (v: string) => /<([^<>]+)>\s*$/.exec(v)?.[1] ?? v;

function classify(event: SesEvent): { kind: FeedbackKind; recipients: Recipient[]; detail?: string; feedbackId?: string } {
  const type = text(event.eventType) ?? text(event.notificationType);
  if (type === 'Bounce' && event.bounce !== undefined) {
    const bounceType = text(event.bounce.bounceType);
    const subType = text(event.bounce.bounceSubType);
    const feedbackId = text(event.bounce.feedbackId);
    return {
      kind: bounceType === 'Permanent' ? 'permanent-bounce' : 'transient-bounce',
      recipients: Array.isArray(event.bounce.bouncedRecipients) ? event.bounce.bouncedRecipients : [],
      detail: `${bounceType ?? 'Unknown'}/${subType ?? 'Unknown'}`,
      ...(feedbackId !== undefined ? { feedbackId } : {}),
    };
  }
  if (type === 'Complaint' && event.complaint !== undefined) {
    const feedbackId = text(event.complaint.feedbackId);
    return {
      kind: 'complaint',
      recipients: Array.isArray(event.complaint.complainedRecipients) ? event.complaint.complainedRecipients : [],
      detail: text(event.complaint.complaintFeedbackType) ?? 'complaint',
      ...(feedbackId !== undefined ? { feedbackId } : {}),
    };
  }
  return { kind: 'ignored', recipients: [] };
}

/** Applies one SES event (the parsed SNS message). */
export async function applySesEvent(deps: FeedbackDependencies, raw: unknown): Promise<FeedbackOutcome> {
  const event = (typeof raw === 'object' && raw !== null ? raw : {}) as SesEvent;
  const { kind, recipients, detail, feedbackId } = classify(event);
  const outcome: FeedbackOutcome = { kind, recipients: recipients.length, suppressed: 0, counted: 0, unknownSubscribers: 0, unreadable: 0 };
  if (kind === 'ignored') return outcome;
  const now = deps.now();
  for (const recipient of recipients) {
    const address = text(recipient.emailAddress);
    let email;
    try {
      if (address === undefined) throw new InvalidEmailError('missing');
      email = normaliseEmail(bareAddress(address));
    } catch (error) {
      if (!(error instanceof InvalidEmailError)) throw error;
      outcome.unreadable++;
      continue;
    }
    const id = subscriberId(email);
    if (kind === 'transient-bounce') {
      if (await deps.store.countTransientBounce(id, now)) outcome.counted++;
      else outcome.unknownSubscribers++;
      deps.log.info('transient bounce counted', { detail });
      continue;
    }
    const reason: SuppressionReason = kind === 'complaint' ? 'complaint' : 'bounce';
    // The list first: even if the subscriber update fails (and the event is redelivered), nothing is sent meanwhile.
    await deps.suppressions.add({
      emailHash: emailHash(email),
      reason,
      suppressedAt: now.toISOString(),
      ...(detail !== undefined ? { detail } : {}),
      ...(feedbackId !== undefined ? { feedbackId } : {}),
    });
    outcome.suppressed++;
    if (!(await deps.store.suppress(id, reason, now))) outcome.unknownSubscribers++;
    deps.log.warn('address suppressed', { reason, detail });
  }
  return outcome;
}

/** Parses an SNS message body; null when it is not JSON (logged and dropped by the caller). */
export function parseSnsMessage(message: string): unknown {
  try {
    return JSON.parse(message) as unknown;
  } catch {
    return null;
  }
}
