/**
 * SNS (the SES configuration set's event destination) → bounce and complaint handling. Permanent
 * bounces and complaints suppress the address at once; transient bounces are counted. A failure
 * throws, so Lambda's asynchronous retries (then the function's on-failure destination) keep the event.
 */
import type { Context, SNSEvent } from 'aws-lambda';
import { logger } from '../shared/observability';
import { applySesEvent, parseSnsMessage, type FeedbackOutcome } from '../subscriptions/feedback';
import { subscriberStoreFromEnv, suppressionStoreFromEnv } from '../subscriptions/wiring';

const deps = {
  store: subscriberStoreFromEnv({ withDeliveries: false }),
  suppressions: suppressionStoreFromEnv(),
  log: logger,
  now: () => new Date(),
};

export const handler = async (event: SNSEvent, context: Context): Promise<FeedbackOutcome[]> => {
  logger.addContext(context);
  const outcomes: FeedbackOutcome[] = [];
  for (const record of event.Records) {
    const message = parseSnsMessage(record.Sns.Message);
    if (message === null) {
      // Not an SES event; retrying would not make it one.
      logger.error('feedback message is not JSON; dropped', { snsMessageId: record.Sns.MessageId });
      continue;
    }
    const outcome = await applySesEvent(deps, message);
    logger.info('feedback applied', { snsMessageId: record.Sns.MessageId, ...outcome });
    outcomes.push(outcome);
  }
  return outcomes;
};
