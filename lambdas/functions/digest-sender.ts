/** SQS (the Plus and Free digest queues) → the sender, with partial batch responses and SES deferrals. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SqsMessageControl, senderFromEnv, senderHandler } from '../alerts/handlers';
import { tracer } from '../shared/observability';

export const handler: (event: SQSEvent) => Promise<SQSBatchResponse> = senderHandler(
  senderFromEnv(),
  new SqsMessageControl(tracer.captureAWSv3Client(new SQSClient({}))),
);
