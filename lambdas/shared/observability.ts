/**
 * Logging, metrics and the Powertools tracer (which loads the X-Ray SDK). Importing this module
 * turns on X-Ray subsegments for every AWS client the process makes (shared/aws.ts): every function
 * does, except the api function, which imports logging.ts alone (see README, "cold load").
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { traceAwsClients } from './aws';

export { logger, metrics } from './logging';

export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'careerwire' });
traceAwsClients((client) => tracer.captureAWSv3Client(client));
