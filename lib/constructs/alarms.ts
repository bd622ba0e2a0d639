/**
 * Every careerwire alarm has one shape: a metric reaching a threshold (by default: anything at all
 * happening, ≥ 1), missing data meaning "nothing happened", and the alarm topic told. A heartbeat
 * turns it round: below the threshold (nothing sent), with missing data breaching.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export interface NotifyProps {
  /** What it means and where to look: operators read this at 3 a.m. */
  description: string;
  metric: cloudwatch.IMetric;
  topic: sns.ITopic;
  /** @default 1 */
  threshold?: number;
  /** @default 1 */
  evaluationPeriods?: number;
  /** @default evaluationPeriods */
  datapointsToAlarm?: number;
  /** @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  comparisonOperator?: cloudwatch.ComparisonOperator;
  /** @default NOT_BREACHING: no data means nothing happened */
  treatMissingData?: cloudwatch.TreatMissingData;
}

export function notifyWhen(scope: Construct, id: string, props: NotifyProps): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold ?? 1,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    ...(props.datapointsToAlarm !== undefined ? { datapointsToAlarm: props.datapointsToAlarm } : {}),
    comparisonOperator: props.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: props.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(props.topic));
  return alarm;
}
