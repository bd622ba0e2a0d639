/**
 * The AWS clients of a function, made once per process and traced. Lambda entries use these; the
 * endpoints come from the environment (AWS_ENDPOINT_URL_* locally), so the same code runs on dynalite.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamo';
import { requireEnv } from './env';
import { tracer } from './observability';
import type { TableDefinition } from './tables';

let doc: DynamoDBDocumentClient | undefined;

/**
 * Bounds on DynamoDB calls. Without them a DynamoDB that accepts connections and stops answering holds
 * a request until the function times out (the API then gives API Gateway's bare 5xx); with them the
 * call fails with a TimeoutError after at most `maxAttempts` × 1 s (plus backoff), which the API answers
 * as 503 with Retry-After. The socket bound is on inactivity, not the total: a large Query that keeps
 * streaming is not cut. (A timed-out write may still have landed, as after any network error the SDK
 * retries: the conditional writes of the stores are what keep such a retry harmless.)
 */
export const DYNAMO_CLIENT_LIMITS = { maxAttempts: 3, connectionTimeout: 1_000, socketTimeout: 1_000 } as const;

export function dynamo(): DynamoDBDocumentClient {
  const { maxAttempts, ...requestHandler } = DYNAMO_CLIENT_LIMITS;
  doc ??= documentClient(tracer.captureAWSv3Client(new DynamoDBClient({ maxAttempts, requestHandler })));
  return doc;
}

/**
 * Bounds on SES calls, for the same reason: a hung SES must not hold a sign-up or a sender until its
 * function times out. A timed-out send is retried by the SDK and then by our own retry paths; the
 * ledger keeps digests exactly-once either way (see README, "Exactly once").
 */
export const SES_CLIENT_LIMITS = { maxAttempts: 3, connectionTimeout: 2_000, socketTimeout: 5_000 } as const;

let sesV2: SESv2Client | undefined;

export function ses(): SESv2Client {
  const { maxAttempts, ...requestHandler } = SES_CLIENT_LIMITS;
  sesV2 ??= tracer.captureAWSv3Client(new SESv2Client({ maxAttempts, requestHandler }));
  return sesV2;
}

/** The deployed name of a table, from the variable CDK's bindTable sets; fails fast when unbound. */
export const tableName = (definition: TableDefinition): string => requireEnv(definition.envVar);
