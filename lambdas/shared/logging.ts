/**
 * One Powertools logger and metrics per process, shared by every module. Service name and log level
 * come from POWERTOOLS_* variables that the CDK function construct sets. Apart from the tracer
 * (observability.ts), so a function that does not trace its AWS calls never loads the X-Ray SDK.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareLikeObj } from '@aws-lambda-powertools/commons/types';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'careerwire' });

const NOTHING_TO_PUBLISH = 'No application metrics to publish';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'careerwire',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'careerwire',
  // Metrics are flushed after every invocation (logMetrics), and most api requests count nothing: that
  // is normal here, not a warning to log per request. Metrics' other warnings go to the logger.
  logger: {
    debug: (message: string) => logger.debug(message),
    info: (message: string) => logger.info(message),
    warn: (message: string) => {
      if (!message.startsWith(NOTHING_TO_PUBLISH)) logger.warn(message);
    },
    error: (message: string) => logger.error(message),
  },
});

/** What wraps every Lambda entry (app/powertools.ts): the logger's context, metrics flushed, and tracing where used. */
export interface Instrumentation {
  logger: Logger;
  metrics: Metrics;
  /** captureLambdaHandler(tracer) (observability.ts); absent in the api function, which loads no X-Ray SDK. */
  tracing?: MiddlewareLikeObj;
}

export const untraced: Instrumentation = { logger, metrics };
