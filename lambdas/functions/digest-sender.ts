/** SQS (digest messages) → the sender, with partial batch responses. */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { senderFromEnv, senderHandler } from '../alerts/handlers';

export const handler: (event: SQSEvent) => Promise<SQSBatchResponse> = senderHandler(senderFromEnv());
