/**
 * The SES v2 client and mailer of a function that sends mail (api: confirmations; sender: digests), in
 * a module of their own so the functions that send nothing never load them.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../mail/ses-mailer';
import type { AwsClients } from './aws';

export interface MailConfig {
  /** The verified SES identity mail is sent from. */
  from: string;
  /** The SES configuration set whose event destination publishes bounces and complaints. */
  configurationSet?: string;
}

export const sesClient = (clients: AwsClients): SESv2Client => clients.client('sesv2', (config) => new SESv2Client(config));

export function sesMailer(mail: MailConfig, clients: AwsClients): SesMailer {
  return new SesMailer({ from: mail.from, configurationSet: mail.configurationSet, client: sesClient(clients) });
}
