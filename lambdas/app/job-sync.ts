/**
 * The job-sync function: EventBridge, hourly → one sync of every configured job feed. A failing feed
 * is reported in the summary and metrics, not thrown: the others have landed, and the next hour
 * retries it.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import { DynamoGuideStore } from '../guides/store';
import { DynamoFeedStateStore, DynamoJobStore } from '../jobs/store';
import { guideLinker, syncFeeds, type SyncSummary } from '../jobs/sync';
import type { AwsClients } from '../shared/aws';
import { ENV } from '../shared/env';
import { logger, metrics } from '../shared/logging';
import type { JobSyncConfig } from './config';
import type { LambdaFunction } from './powertools';

export function buildJobSync(config: JobSyncConfig, clients: AwsClients): LambdaFunction<ScheduledEvent, SyncSummary> {
  const doc = clients.dynamo();
  const guides = new DynamoGuideStore(doc, config.tables.guides);
  const jobs = new DynamoJobStore(doc, config.tables.jobs);
  const feedStates = new DynamoFeedStateStore(doc, config.tables.feeds);
  // Empty in AWS: redirects lead to public addresses only.
  const fetchOptions = { redirects: { allow: config.redirectsAllow } };
  return async () => {
    if (config.feeds.length === 0) logger.warn(`no job feeds configured (${ENV.jobFeeds} is empty)`);
    const summary = await syncFeeds(config.feeds, { jobs, feedStates, linkGuide: await guideLinker(guides), fetchOptions });
    for (const source of summary.sources) {
      const log = source.status === 'failed' ? logger.error.bind(logger) : logger.info.bind(logger);
      log('feed synced', { ...source });
    }
    metrics.addMetric('JobsWritten', MetricUnit.Count, summary.totals.written);
    metrics.addMetric('JobsSkipped', MetricUnit.Count, summary.totals.skipped);
    metrics.addMetric('FeedsFailed', MetricUnit.Count, summary.totals.failedSources);
    return summary;
  };
}
