/** The SES v2 client of a function that sends mail (api: confirmations; sender: digests), made once per process. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { processClient } from './aws';

export const ses = processClient(({ ses: { maxAttempts, ...requestHandler } }) => new SESv2Client({ maxAttempts, requestHandler }));
