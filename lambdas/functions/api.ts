/** API Gateway HTTP API (payload 2.0) → the API router. Config is read once, at cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DynamoGuideStore } from '../guides/store';
import { createApi } from '../http/api';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { logger, tracer } from '../shared/observability';
import { GuidesTable } from '../shared/tables';

const dynamo = documentClient(tracer.captureAWSv3Client(new DynamoDBClient({})));
const api = createApi({
  guides: new DynamoGuideStore(dynamo, requireEnv(GuidesTable.envVar)),
  log: logger,
});

export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  return api(event);
};
