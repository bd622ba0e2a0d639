/**
 * The feedback function: SNS (the SES configuration set's event destination) → bounce and complaint
 * handling. Permanent bounces and complaints suppress the address at once; transient bounces are
 * counted. A failure throws, so Lambda's asynchronous retries (then the function's on-failure
 * destination) keep the event.
 */
import type { SNSEvent } from 'aws-lambda';
import type { AwsClients } from '../shared/aws';
import { logger } from '../shared/logging';
import { DynamoSubscriberStore } from '../subscriptions/dynamo-store';
import { applySesEvent, parseSnsMessage, type FeedbackOutcome } from '../subscriptions/feedback';
import { DynamoSuppressionStore } from '../subscriptions/suppressions';
import type { FeedbackConfig } from './config';
import type { LambdaFunction } from './powertools';

export function buildFeedback(config: FeedbackConfig, clients: AwsClients): LambdaFunction<SNSEvent, FeedbackOutcome[]> {
  const doc = clients.dynamo();
  const deps = {
    store: new DynamoSubscriberStore(doc, config.tables.subscribers, undefined),
    suppressions: new DynamoSuppressionStore(doc, config.tables.suppressions),
    log: logger,
    now: () => new Date(),
  };
  return async (event) => {
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
}
