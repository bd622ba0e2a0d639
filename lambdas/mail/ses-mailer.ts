/**
 * The Mailer over SES v2 SendEmail (simple content, custom headers, message tags, optional
 * configuration set). The same code sends to aws-ses-v2-local: the endpoint comes from the
 * environment (AWS_ENDPOINT_URL_SESV2) as for every AWS client here.
 *
 * Error mapping (MailError kinds):
 * - throttled — slow down and retry: TooManyRequestsException, ThrottlingException/Throttling, and
 *   LimitExceededException (SES v2's "daily sending quota exceeded"): the message is fine, the rate is not;
 * - rejected — this message will never be accepted, do not retry: MessageRejected (content/virus
 *   checks), BadRequestException (invalid address or parameters), InvalidParameterValue;
 * - transient — everything else: 5xx, network, and account- or configuration-level refusals
 *   (SendingPausedException, AccountSuspendedException, MailFromDomainNotVerifiedException,
 *   NotFoundException for a missing configuration set). Those are an operator's problem, not the
 *   message's: retrying (and finally a dead-letter queue) keeps the message instead of dropping it.
 * Error messages are redacted of anything address-shaped: SES puts addresses in some of them.
 */
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { MailError, type MailFailure, type Mailer, type OutgoingEmail } from './mailer';

const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException']);
const REJECTED = new Set(['MessageRejected', 'BadRequestException', 'InvalidParameterValue']);

const EMAILISH = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+/g;
const redact = (text: string) => text.replace(EMAILISH, '<redacted-address>');

export function classifySesError(error: unknown): MailFailure {
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && THROTTLED.has(name)) return 'throttled';
  if (typeof name === 'string' && REJECTED.has(name)) return 'rejected';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (status === 429) return 'throttled';
  return 'transient';
}

export function toMailError(error: unknown): MailError {
  if (error instanceof MailError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  return new MailError(classifySesError(error), redact(`${typeof name === 'string' ? name : 'Error'}: ${message}`).slice(0, 500));
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
