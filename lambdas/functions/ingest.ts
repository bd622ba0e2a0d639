/** S3 ObjectCreated/ObjectRemoved under guides/ → ingest (app/ingest.ts). */
import middy from '@middy/core';
import { buildIngest } from '../app/ingest';
import { readIngestConfig } from '../app/config';
import { withPowertools } from '../app/powertools';
import { awsClients } from '../shared/aws';
import { traceClient, traced } from '../shared/observability';

// The one read of the environment: a bad configuration fails the cold start, naming every problem.
export const handler = withPowertools(middy, buildIngest(readIngestConfig(process.env), awsClients({ trace: traceClient })), traced);
