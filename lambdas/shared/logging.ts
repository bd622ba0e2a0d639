/**
 * One Powertools logger and metrics per process, shared by every module. Service name and log level
 * come from POWERTOOLS_* variables that the CDK function construct sets. Apart from the tracer
 * (observability.ts), so a function that does not trace its AWS calls never loads the X-Ray SDK.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'careerwire' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'careerwire',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'careerwire',
});
