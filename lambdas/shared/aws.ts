/**
 * The AWS clients of a function, made once per process (and traced once observability.ts is loaded).
 * Lambda entries use these; the endpoints come from the environment (AWS_ENDPOINT_URL_* locally), so
 * the same code runs on dynalite.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamo';
import { requireEnv } from './env';
import type { TableDefinition } from './tables';

/** How long a client waits for a service, and how often it tries. */
export interface ClientLimits {
  maxAttempts: number;
  /** Milliseconds to establish a connection. */
  connectionTimeout: number;
  /** Milliseconds a connection may stay silent (inactivity, not the total). */
  socketTimeout: number;
}

/**
 * Bounds on DynamoDB calls. Without them a DynamoDB that accepts connections and stops answering holds
 * a request until the function times out (the API then gives API Gateway's bare 5xx); with them the
 * call fails with a TimeoutError after at most `maxAttempts` × 1 s (plus backoff), which the API answers
 * as 503 with Retry-After. The socket bound is on inactivity, not the total: a large Query that keeps
 * streaming is not cut. (A timed-out write may still have landed, as after any network error the SDK
 * retries: the conditional writes of the stores are what keep such a retry harmless.)
 */
export const DYNAMO_CLIENT_LIMITS: ClientLimits = { maxAttempts: 3, connectionTimeout: 1_000, socketTimeout: 1_000 };

/**
 * Bounds on SES calls, for the same reason: a hung SES must not hold a sign-up or a sender until its
 * function times out. A timed-out send is retried by the SDK and then by our own retry paths; the
 * ledger keeps digests exactly-once either way (see README, "Exactly once").
 */
export const SES_CLIENT_LIMITS: ClientLimits = { maxAttempts: 3, connectionTimeout: 2_000, socketTimeout: 5_000 };

export interface ServiceClientLimits {
  dynamo: ClientLimits;
  ses: ClientLimits;
}

/**
 * The local stack's bounds. There dynalite and the SES emulator share one Node process (and often a
 * busy 2-core machine) with every handler, so an answer can wait seconds for the CPU: they are slow,
 * not down. AWS's 1 s would turn that wait into 503s the deployed API would not give; 3 × 8 s still
 * ends a real hang before API Gateway's 30 s.
 */
export const LOCAL_CLIENT_LIMITS: ServiceClientLimits = {
  dynamo: { maxAttempts: 3, connectionTimeout: 5_000, socketTimeout: 8_000 },
  ses: { maxAttempts: 3, connectionTimeout: 5_000, socketTimeout: 8_000 },
};

let limits: ServiceClientLimits = { dynamo: DYNAMO_CLIENT_LIMITS, ses: SES_CLIENT_LIMITS };
let doc: DynamoDBDocumentClient | undefined;
/** Clients made by processClient, forgotten by useClientLimits. */
const made: (() => void)[] = [];
let capture: <T>(client: T) => T = (client) => client;

/**
 * Wraps every client made from now on (observability.ts: X-Ray subsegments). Registered at import,
 * before an entry makes its clients.
 */
export function traceAwsClients(wrap: <T>(client: T) => T): void {
  capture = wrap;
}

/**
 * Replaces the bounds of the clients this process makes from now on (the local stack, before it loads
 * the handlers). Deployed functions never call it: they keep the AWS bounds above.
 */
export function useClientLimits(next: ServiceClientLimits): void {
  limits = next;
  doc = undefined;
  for (const forget of made) forget();
}

/**
 * A client made once per process, with the current limits, and traced. Clients other than DynamoDB's
 * live in modules of their own (ses.ts), so a function bundles and loads only the clients it uses.
 */
export function processClient<T>(make: (limits: ServiceClientLimits) => T): () => T {
  let client: T | undefined;
  made.push(() => {
    client = undefined;
  });
  return () => (client ??= capture(make(limits)));
}

export function dynamo(): DynamoDBDocumentClient {
  const { maxAttempts, ...requestHandler } = limits.dynamo;
  doc ??= documentClient(capture(new DynamoDBClient({ maxAttempts, requestHandler })));
  return doc;
}


/** The deployed name of a table, from the variable CDK's bindTable sets; fails fast when unbound. */
export const tableName = (definition: TableDefinition): string => requireEnv(definition.envVar);
