/**
 * The Powertools tracer (which loads the X-Ray SDK), for every function but the api (see README,
 * "cold load"): its handler is captured (captureLambdaHandler) and its AWS clients traced when built
 * with `traceClient` (shared/aws.ts, option `trace`).
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { logger, metrics, type Instrumentation } from './logging';

export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'careerwire' });

/** X-Ray subsegments for a client's calls. */
export const traceClient = <T>(client: T): T => tracer.captureAWSv3Client(client);

export const traced: Instrumentation = { logger, metrics, tracing: captureLambdaHandler(tracer) };
