/**
 * The SesMailer over the clients' SES v2 client: what ses.ts imports on a function's first send.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../mail/ses-mailer';
import type { AwsClients } from './aws';
import type { MailConfig } from './ses';

export function sesMailerNow(mail: MailConfig, clients: AwsClients): SesMailer {
  return new SesMailer({ from: mail.from, configurationSet: mail.configurationSet, client: clients.client('sesv2', (config) => new SESv2Client(config)) });
}
