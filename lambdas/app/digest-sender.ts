/** The digest sender: SQS (the Plus and Free digest queues) → digests, with partial batch responses and SES deferrals. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoAudienceStore } from '../alerts/audience';
import { SqsMessageControl, senderHandler, type MessageControl } from '../alerts/handlers';
import { DynamoLedger } from '../alerts/ledger';
import { RateLimiter, TierLimiters } from '../alerts/rate-limiter';
import { renderDigest } from '../alerts/render';
import { DynamoRunStore } from '../alerts/runs';
import { Sender } from '../alerts/sender';
import { DynamoGuideStore } from '../guides/store';
import { DynamoJobStore } from '../jobs/store';
import type { AwsClients } from '../shared/aws';
import { logger } from '../shared/logging';
import { sesMailer } from '../shared/ses';
import { emailHash } from '../subscriptions/address';
import { LinkBuilder, TokenService } from '../subscriptions/links';
import { DynamoSuppressionStore } from '../subscriptions/suppressions';
import { tokenKeyProvider } from '../subscriptions/token-keys';
import type { DigestSenderConfig } from './config';
import type { LambdaFunction } from './powertools';

export function buildSender(config: DigestSenderConfig, clients: AwsClients): Sender {
  const doc = clients.dynamo();
  const { alerts } = config;
  const links = new LinkBuilder(alerts.baseUrl, new TokenService(tokenKeyProvider(config.tokenKeys, clients)));
  const suppressions = new DynamoSuppressionStore(doc, config.tables.suppressions);
  return new Sender({
    audience: new DynamoAudienceStore(doc, config.tables.subscribers),
    jobs: new DynamoJobStore(doc, config.tables.jobs),
    runs: new DynamoRunStore(doc, config.tables.runs),
    ledger: new DynamoLedger(doc, config.tables.deliveries),
    guides: new DynamoGuideStore(doc, config.tables.guides),
    mailer: sesMailer(config.mail, clients),
    limiter: new TierLimiters({ plus: new RateLimiter(config.sendRates.plus), free: new RateLimiter(config.sendRates.free) }),
    render: renderDigest,
    links: (s) => links.subscriberLinks(s, new Date()),
    guideUrl: (slug) => `${alerts.baseUrl}/guides/${slug}`,
    upgradeUrl: alerts.upgradeUrl,
    timezone: alerts.timezone,
    isSuppressed: async (email) => (await suppressions.get(emailHash(email))) !== null,
    sendEmpty: alerts.sendEmpty,
    log: logger,
  });
}

/** `control`: what a deferral does to a message; default SQS's (the local stack passes its queue). */
export function buildDigestSender(config: DigestSenderConfig, clients: AwsClients, control?: MessageControl): LambdaFunction<SQSEvent, SQSBatchResponse> {
  return senderHandler(buildSender(config, clients), control ?? new SqsMessageControl(clients.client('sqs', (c) => new SQSClient(c))));
}
