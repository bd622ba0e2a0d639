/**
 * A second reference for the cold-load benchmark: only the DynamoDB document client, built as the
 * handlers build it. The difference between this and a real handler is careerwire's own cost.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (): Promise<{ statusCode: number; client: boolean }> => ({ statusCode: 200, client: client !== undefined });
