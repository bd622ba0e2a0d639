// Placeholder until the API core lands; replaced in the same change.
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
export const handler = async (): Promise<APIGatewayProxyResultV2> => ({ statusCode: 200, body: '{}' });
