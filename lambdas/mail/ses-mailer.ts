/**
 * The Mailer over SES v2 SendEmail (simple content, custom headers, message tags, optional
 * configuration set). The same code sends to aws-ses-v2-local: the local stack builds the client with
 * the emulator's endpoint (shared/aws.ts).
 *
 * Error mapping (MailError kinds):
 * - throttled — the per-second rate: TooManyRequestsException, ThrottlingException/Throttling, an
 *   unnamed 429, "Maximum sending rate exceeded";
 * - paused — SES sends nothing for the account until something resets: the 24-hour quota
 *   ("Maximum sending quota exceeded", "Daily message quota exceeded", LimitExceededException),
 *   SendingPausedException, AccountSuspendedException;
 * - configuration — the setup, not the message: MessageRejected because an identity is not verified
 *   (in the SES sandbox every recipient must be: "Email address is not verified. The following
 *   identities failed the check…"), MailFromDomainNotVerifiedException, NotFoundException (a missing
 *   configuration set), AccessDeniedException;
 * - rejected — this message will never be accepted, do not retry: any other MessageRejected
 *   (content/virus checks), BadRequestException (invalid address or parameters), InvalidParameterValue;
 * - transient — everything else: 5xx, network.
 * Error messages are redacted of anything address-shaped: SES puts addresses in some of them.
 */
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { redactEmails } from '../shared/email';
import { MailError, type MailFailure, type Mailer, type OutgoingEmail } from './mailer';

const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);
const PAUSED = new Set(['LimitExceededException', 'SendingPausedException', 'AccountSuspendedException']);
const CONFIGURATION = new Set(['MailFromDomainNotVerifiedException', 'NotFoundException', 'AccessDeniedException']);
const REJECTED = new Set(['MessageRejected', 'BadRequestException', 'InvalidParameterValue']);
/** SES's words for the 24-hour quota; throttling errors carry them when the quota, not the rate, ran out. */
const QUOTA_MESSAGE = /sending quota exceeded|daily message quota/i;
/** SES's words for an identity that is not verified (the sandbox's recipients, or the From address). */
const UNVERIFIED_MESSAGE = /not verified|failed the check/i;

export function classifySesError(error: unknown): MailFailure {
  const name = (error as { name?: unknown } | null)?.name;
  // SES messages are short; only the start is looked at.
  const message = error instanceof Error ? error.message.slice(0, 500) : '';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (typeof name !== 'string') return status === 429 ? 'throttled' : 'transient';
  if (PAUSED.has(name) || QUOTA_MESSAGE.test(message)) return 'paused';
  if (THROTTLED.has(name) || status === 429) return 'throttled';
  if (CONFIGURATION.has(name) || (name === 'MessageRejected' && UNVERIFIED_MESSAGE.test(message))) return 'configuration';
  if (REJECTED.has(name)) return 'rejected';
  return 'transient';
}

export function toMailError(error: unknown): MailError {
  if (error instanceof MailError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  return new MailError(classifySesError(error), redactEmails(`${typeof name === 'string' ? name : 'Error'}: ${message}`).slice(0, 500));
}

/** SES tag names and values: ASCII letters, digits, _ and -, at most 256 characters. */
const tagSafe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);

export interface SesMailerOptions {
  from: string;
  configurationSet?: string | undefined;
  client?: SESv2Client;
}

export class SesMailer implements Mailer {
  private readonly client: SESv2Client;
  constructor(private readonly options: SesMailerOptions) {
    this.client = options.client ?? new SESv2Client({});
  }

  request(email: OutgoingEmail): SendEmailCommandInput {
    const headers = (email.headers ?? []).map((h) => ({ Name: h.name, Value: h.value }));
    const tags = Object.entries(email.tags ?? {}).map(([k, v]) => ({ Name: tagSafe(k), Value: tagSafe(v) }));
    return {
      FromEmailAddress: this.options.from,
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          ...(headers.length > 0 ? { Headers: headers } : {}),
        },
      },
      ...(tags.length > 0 ? { EmailTags: tags } : {}),
      ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
    };
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    try {
      const out = await this.client.send(new SendEmailCommand(this.request(email)));
      return { messageId: out.MessageId ?? '' };
    } catch (error) {
      throw toMailError(error);
    }
  }
}
