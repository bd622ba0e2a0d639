// Placeholder until the ingest core lands; replaced in the same change.
import type { S3Event } from 'aws-lambda';
export const handler = async (_event: S3Event): Promise<void> => undefined;
