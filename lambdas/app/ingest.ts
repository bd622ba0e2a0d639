/**
 * The ingest function: S3 ObjectCreated/ObjectRemoved under guides/ → ingest. A bad guide file is
 * logged and counted, not thrown: retrying cannot fix it, and throwing would replay the good files of
 * the batch too.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Event } from 'aws-lambda';
import { ingestGuides, removeGuides, type GuideSource } from '../guides/ingest';
import { planS3Changes } from '../guides/s3-events';
import { DynamoGuideStore } from '../guides/store';
import type { AwsClients } from '../shared/aws';
import { logger, metrics } from '../shared/logging';
import type { IngestConfig } from './config';
import type { LambdaFunction } from './powertools';

export function buildIngest(config: IngestConfig, clients: AwsClients): LambdaFunction<S3Event, void> {
  const bucket = config.contentBucket;
  const store = new DynamoGuideStore(clients.dynamo(), config.tables.guides);
  const s3 = clients.client('s3', (c) => new S3Client(c));
  const s3Source = (slug: string, key: string): GuideSource => ({
    file: `s3://${bucket}/${key}`,
    slug,
    async read() {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return {
        text: (await out.Body?.transformToString('utf-8')) ?? '',
        updatedAt: (out.LastModified ?? new Date()).toISOString(),
      };
    },
  });
  return async (event) => {
    const changes = planS3Changes(event.Records);
    const sources = [...changes.upserts].map(([slug, key]) => s3Source(slug, key));
    const report = await ingestGuides(store, sources, { removeMissing: false });
    report.removed.push(...(await removeGuides(store, changes.removals)));

    for (const failure of report.failed) logger.error('guide rejected', { ...failure });
    logger.info('ingest finished', {
      written: report.written,
      unchanged: report.unchanged.length,
      removed: report.removed,
      failed: report.failed.length,
      ignored: changes.ignored,
    });
    metrics.addMetric('GuidesWritten', MetricUnit.Count, report.written.length);
    metrics.addMetric('GuidesRemoved', MetricUnit.Count, report.removed.length);
    metrics.addMetric('GuidesFailed', MetricUnit.Count, report.failed.length);
  };
}
