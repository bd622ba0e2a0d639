// Placeholder until the admin routes land; replaced in the same change.
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
export const handler = async (): Promise<APIGatewayProxyResultV2> => ({ statusCode: 404, body: '{}' });
