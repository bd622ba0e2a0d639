/**
 * One Powertools logger, metrics and tracer per process, shared by every module. Service name and
 * log level come from POWERTOOLS_* variables that the CDK function construct sets.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'careerwire' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'careerwire',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'careerwire',
});
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'careerwire' });
