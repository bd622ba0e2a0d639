/**
 * The SES v2 mailer of a function that sends mail (api: confirmations; sender: digests). The SES client
 * and SesMailer are imported on the first send: the api function's cold start (a guide, a job, a page)
 * never evaluates them; a function that sends nothing never calls this.
 */
import type { Mailer } from '../mail/mailer';
import type { AwsClients } from './aws';

export interface MailConfig {
  /** The verified SES identity mail is sent from. */
  from: string;
  /** The SES configuration set whose event destination publishes bounces and complaints. */
  configurationSet?: string;
}

export function sesMailer(mail: MailConfig, clients: AwsClients): Mailer {
  let mailer: Promise<Mailer> | undefined;
  const load = async (): Promise<Mailer> => (await import('./ses-sender')).sesMailerNow(mail, clients);
  return {
    async send(email) {
      mailer ??= load().catch((error: unknown) => {
        // Not kept: the next send tries again.
        mailer = undefined;
        throw error;
      });
      return (await mailer).send(email);
    },
  };
}
