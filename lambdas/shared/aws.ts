/**
 * The AWS clients of a function, made once per process and traced. Lambda entries use these; the
 * endpoints come from the environment (AWS_ENDPOINT_URL_* locally), so the same code runs on dynalite.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamo';
import { requireEnv } from './env';
import { tracer } from './observability';
import type { TableDefinition } from './tables';

let doc: DynamoDBDocumentClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  doc ??= documentClient(tracer.captureAWSv3Client(new DynamoDBClient({})));
  return doc;
}

/** The deployed name of a table, from the variable CDK's bindTable sets; fails fast when unbound. */
export const tableName = (definition: TableDefinition): string => requireEnv(definition.envVar);
