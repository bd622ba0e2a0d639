/**
 * Every Lambda entry is wrapped the Powertools way, with middy: the logger gets the invocation's
 * context, metrics are flushed after the handler whether it returned or threw, and the handler is a
 * traced subsegment in the functions that trace. The local stack wraps its functions the same way.
 *
 * middy is passed in rather than imported: @middy/core 7 is an ES module only, which the entries
 * (bundled as ESM) import statically, while the local stack, running as CommonJS under tsx, loads
 * it with import().
 */
import type middyCore from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import type { Instrumentation } from '../shared/logging';

export type Middy = typeof middyCore;

export type LambdaFunction<E, R> = (event: E, context: Context) => Promise<R>;

export function withPowertools<E, R>(middy: Middy, handler: LambdaFunction<E, R>, { logger, metrics, tracing }: Instrumentation): LambdaFunction<E, R> {
  const wrapped = middy<E, R>(handler);
  if (tracing !== undefined) wrapped.use(tracing);
  wrapped.use(injectLambdaContext(logger)).use(logMetrics(metrics));
  return (event, context) => wrapped(event, context);
}
