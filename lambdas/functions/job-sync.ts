/**
 * EventBridge, hourly → one sync of every configured job feed. A failing feed is reported in the
 * summary and metrics, not thrown: the others have landed, and the next hour retries it.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { DynamoGuideStore } from '../guides/store';
import { parseFeedList } from '../jobs/feeds';
import { parseAddressClasses } from '../jobs/redirects';
import { DynamoFeedStateStore, DynamoJobStore } from '../jobs/store';
import { guideLinker, syncFeeds, type SyncSummary } from '../jobs/sync';
import { dynamo, tableName } from '../shared/aws';
import { ENV } from '../shared/env';
import { logger, metrics } from '../shared/observability';
import { FeedsTable, GuidesTable, JobsTable } from '../shared/tables';

const feeds = parseFeedList(process.env[ENV.jobFeeds] ?? '');
// Empty in AWS: redirects lead to public addresses only.
const fetchOptions = { redirects: { allow: parseAddressClasses(process.env[ENV.jobFeedRedirectsAllow] ?? '') } };
const guides = new DynamoGuideStore(dynamo(), tableName(GuidesTable));
const jobs = new DynamoJobStore(dynamo(), tableName(JobsTable));
const feedStates = new DynamoFeedStateStore(dynamo(), tableName(FeedsTable));

export const handler = async (_event: ScheduledEvent, context: Context): Promise<SyncSummary> => {
  logger.addContext(context);
  if (feeds.length === 0) logger.warn(`no job feeds configured (${ENV.jobFeeds} is empty)`);
  const summary = await syncFeeds(feeds, { jobs, feedStates, linkGuide: await guideLinker(guides), fetchOptions });
  for (const source of summary.sources) {
    const log = source.status === 'failed' ? logger.error.bind(logger) : logger.info.bind(logger);
    log('feed synced', { ...source });
  }
  metrics.addMetric('JobsWritten', MetricUnit.Count, summary.totals.written);
  metrics.addMetric('JobsSkipped', MetricUnit.Count, summary.totals.skipped);
  metrics.addMetric('FeedsFailed', MetricUnit.Count, summary.totals.failedSources);
  metrics.publishStoredMetrics();
  return summary;
};
