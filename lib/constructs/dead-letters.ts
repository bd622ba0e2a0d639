/**
 * Every careerwire dead-letter queue has one shape and one alarm. A DLQ is where events go that failed
 * every attempt, so nothing reads it but an operator: it keeps them as long as SQS can (time to find
 * and fix the cause, then redrive), and the alarm says so as soon as one arrives.
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { notifyWhen } from './alarms';

/** SQS's longest retention. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

export interface DeadLetterAlarmProps {
  /** What waits in the queue, and what it means that it does (operators read this at 3 a.m.). */
  readonly description: string;
  readonly topic: sns.ITopic;
}

export function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
}

/** Alarms when any message is in `queue` (its highest visible count per 5 minutes). */
export function alarmOnDeadLetters(scope: Construct, id: string, queue: sqs.IQueue, props: DeadLetterAlarmProps): cloudwatch.Alarm {
  return notifyWhen(scope, id, {
    description: props.description,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    topic: props.topic,
  });
}
