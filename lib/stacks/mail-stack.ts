/**
 * Sending mail through SES v2 and hearing back from it:
 * - the email identity mail is sent from (the `senderDomain` with Easy DKIM, or the `senderEmail`
 *   address itself); operators verify it once (the outputs say how);
 * - a configuration set with reputation metrics, SES's own suppression list for bounces and
 *   complaints, and an event destination that publishes BOUNCE and COMPLAINT events to an encrypted
 *   SNS topic;
 * - the feedback function on that topic: a permanent bounce or a complaint suppresses the address;
 * - alarms on the account's bounce rate (2.5%) and complaint rate (0.05%), half the rates at which
 *   SES starts reviewing (and may pause) an account.
 * With `sesIdentityExists` the identity is not created: the one of the same name in the account and
 * region is used (a second stage, or an identity verified beforehand; SES identities are per region).
 * `bindSender()` gives a function what it needs to send: SENDER_EMAIL, SES_CONFIGURATION_SET and
 * ses:SendEmail on this identity and configuration set, from this address only.
 */
import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
import type { CareerwireConfig } from '../config';
import { CareerwireFunction } from '../constructs/careerwire-function';
import type { CareerwireTable } from '../constructs/careerwire-table';
import { PATHS } from '../paths';
import { notifyWhen } from '../constructs/alarms';
import { outputQueues } from '../constructs/queue-outputs';

/**
 * AWS/SES reputation metrics and the rates at which the alarms fire: half of the rates at which SES
 * puts an account under review (5% bounces, 0.1% complaints), so there is time to act before it does.
 */
export const BOUNCE_RATE_ALARM_THRESHOLD = 0.025;
export const COMPLAINT_RATE_ALARM_THRESHOLD = 0.0005;
/** SES events the feedback function acts on. */
export const FEEDBACK_EVENTS = [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT] as const;
/** A batch of SNS records is a handful of DynamoDB writes; 30 s covers throttling retries. */
export const FEEDBACK_TIMEOUT = Duration.seconds(30);

export interface MailStackProps extends StackProps {
  readonly config: CareerwireConfig;
  readonly subscribersTable: CareerwireTable;
  readonly suppressionsTable: CareerwireTable;
  readonly alarmTopic: sns.ITopic;
}

export class MailStack extends Stack {
  /** The identity: created here, or (sesIdentityExists) the account's existing one of that name. */
  readonly identity: ses.IEmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** ARN of the configuration set (ses:SendEmail is authorized on it too). */
  readonly configurationSetArn: string;
  /** Identity ARNs ses:SendEmail is allowed on: the verified identity, and the From address's own. */
  readonly sendIdentityArns: readonly string[];
  readonly feedbackKey: kms.Key;
  readonly feedbackTopic: sns.Topic;
  readonly feedbackFunction: CareerwireFunction;
  /** Feedback events the function failed on every attempt, and SNS deliveries that failed. */
  readonly feedbackDeadLetterQueue: sqs.Queue;
  /** The account's SES bounce rate (AWS/SES Reputation.BounceRate, a ratio), as the alarm reads it. */
  readonly bounceRateMetric: cloudwatch.Metric;
  /** The account's SES complaint rate (AWS/SES Reputation.ComplaintRate, a ratio), as the alarm reads it. */
  readonly complaintRateMetric: cloudwatch.Metric;
  private readonly senderEmail: string;

  constructor(scope: Construct, id: string, props: MailStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { senderEmail, senderDomain } = config.mail;
    this.senderEmail = senderEmail;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // SES's account-level list as a second guard behind the app's own suppression list.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = this.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    // An identity is one per name in an account and region: a second stage (or one verified by hand)
    // uses the existing one, whose DKIM records are already published. Every send names the
    // configuration set itself (SES_CONFIGURATION_SET), so the existing identity needs no default set.
    this.identity = config.mail.identityExists
      ? ses.EmailIdentity.fromEmailIdentityName(this, 'Identity', senderDomain ?? senderEmail)
      : new ses.EmailIdentity(this, 'Identity', {
          identity: senderDomain !== undefined ? ses.Identity.domain(senderDomain) : ses.Identity.email(senderEmail),
          // Mail from this identity goes through the configuration set even if a caller forgets to name it.
          configurationSet: this.configurationSet,
          ...(senderDomain !== undefined ? { dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT) } : {}),
        });
    // SES authorizes a send against the From address's identity when one exists, else its domain's:
    // allow both, and nothing else (plus the From-address condition in bindSender).
    this.sendIdentityArns =
      senderDomain !== undefined
        ? [this.identity.emailIdentityArn, this.formatArn({ service: 'ses', resource: 'identity', resourceName: senderEmail })]
        : [this.identity.emailIdentityArn];

    // SES publishes to the encrypted topic with its service principal: it needs the key, for
    // this account's configuration set only.
    this.feedbackKey = new kms.Key(this, 'FeedbackTopicKey', {
      description: `careerwire ${config.stage}: encrypts the SES feedback topic`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    this.feedbackKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesPublishesFeedbackEvents',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': this.configurationSetArn },
        },
      }),
    );
    this.feedbackTopic = new sns.Topic(this, 'FeedbackTopic', {
      displayName: `careerwire ${config.stage} SES bounces and complaints`,
      masterKey: this.feedbackKey,
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('FeedbackEvents', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [...FEEDBACK_EVENTS],
    });

    this.feedbackFunction = new CareerwireFunction(this, 'Feedback', {
      entry: PATHS.feedbackEntry,
      serviceName: 'careerwire-feedback',
      description: `careerwire ${config.stage}: SES bounces and complaints -> suppression list`,
      timeout: FEEDBACK_TIMEOUT,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
      // A failed event is retried twice by Lambda, then kept in the dead-letter queue (and alarms).
      deadLetters: {
        alarm: {
          description: 'SES feedback events the feedback function could not apply are waiting in its dead-letter queue: addresses may be unsuppressed.',
          topic: props.alarmTopic,
        },
      },
      retryAttempts: 2,
    });
    this.feedbackDeadLetterQueue = this.feedbackFunction.deadLetterQueue;
    // Suppressing and counting bounces are conditional updates; the suppression list is only added to.
    this.feedbackFunction
      .bindTable(props.subscribersTable.table, props.subscribersTable.definition, { table: ['UpdateItem'] })
      .bindTable(props.suppressionsTable.table, props.suppressionsTable.definition, { table: ['PutItem'] });
    this.feedbackTopic.addSubscription(
      new subscriptions.LambdaSubscription(this.feedbackFunction.function, { deadLetterQueue: this.feedbackDeadLetterQueue }),
    );

    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.minutes(15) });
    this.bounceRateMetric = reputation('Reputation.BounceRate');
    this.complaintRateMetric = reputation('Reputation.ComplaintRate');

    this.addOutputs(config);
    this.addAlarms(props.alarmTopic);
    outputQueues(this);
  }

  /**
   * Lets `fn` send mail: SENDER_EMAIL and SES_CONFIGURATION_SET in its environment, and ses:SendEmail
   * on this identity and configuration set only, with this From address only.
   */
  bindSender(fn: CareerwireFunction): void {
    fn.function.addEnvironment(SUBSCRIPTION_ENV.senderEmail, this.senderEmail);
    fn.function.addEnvironment(SUBSCRIPTION_ENV.sesConfigurationSet, this.configurationSet.configurationSetName);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [...this.sendIdentityArns, this.configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': this.senderEmail } },
      }),
    );
  }

  private addOutputs(config: CareerwireConfig): void {
    new CfnOutput(this, 'SesConfigurationSetName', {
      value: this.configurationSet.configurationSetName,
      description: 'SES configuration set every email is sent with (reputation metrics, bounce and complaint events)',
    });
    new CfnOutput(this, 'SesIdentity', {
      value: this.identity.emailIdentityName,
      description: 'SES identity mail is sent from; it must be verified before SES sends anything',
    });
    new CfnOutput(this, 'SesSenderEmail', { value: config.mail.senderEmail, description: 'From address of every email' });
    if (!(this.identity instanceof ses.EmailIdentity)) {
      new CfnOutput(this, 'SesVerification', {
        value: `Uses the existing SES identity ${this.identity.emailIdentityName} of this account and region (sesIdentityExists); it is verified where it was created.`,
        description: 'How to verify the SES identity',
      });
    } else if (config.mail.senderDomain !== undefined) {
      const identity = this.identity;
      new CfnOutput(this, 'SesVerification', {
        value: `Add the three CNAME records SesDkimRecord1-3 to the DNS of ${config.mail.senderDomain}; SES verifies the domain (Easy DKIM) once they resolve.`,
        description: 'How to verify the SES identity',
      });
      identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `SesDkimRecord${i + 1}`, {
          value: `${record.name} CNAME ${record.value}`,
          description: `DKIM record ${i + 1} of 3 for ${config.mail.senderDomain} (name CNAME value)`,
        });
      });
      // Gmail and Yahoo require DMARC of bulk senders; with Easy DKIM the From domain is aligned.
      new CfnOutput(this, 'SesDmarcRecord', {
        value: `_dmarc.${config.mail.senderDomain} TXT "v=DMARC1; p=none;"`,
        description: `DMARC record Gmail and Yahoo require of bulk senders, unless ${config.mail.senderDomain} or its parent domain already publishes one (tighten p= once reports are clean)`,
      });
    } else {
      new CfnOutput(this, 'SesVerification', {
        value: `Open the verification link SES emailed to ${config.mail.senderEmail}; set context senderDomain to verify a whole domain with DKIM instead.`,
        description: 'How to verify the SES identity',
      });
    }
    new CfnOutput(this, 'FeedbackTopicArn', {
      value: this.feedbackTopic.topicArn,
      description: 'SNS topic of SES bounce and complaint events (the feedback function is subscribed)',
    });
  }

  private addAlarms(topic: sns.ITopic): void {
    notifyWhen(this, 'BounceRateAlarm', {
      description: `The account's SES bounce rate reached ${BOUNCE_RATE_ALARM_THRESHOLD * 100}%, half the 5% at which SES reviews accounts and may pause sending.`,
      metric: this.bounceRateMetric,
      threshold: BOUNCE_RATE_ALARM_THRESHOLD,
      topic,
    });
    notifyWhen(this, 'ComplaintRateAlarm', {
      description: `The account's SES complaint rate reached ${COMPLAINT_RATE_ALARM_THRESHOLD * 100}%, half the 0.1% at which SES reviews accounts and may pause sending.`,
      metric: this.complaintRateMetric,
      threshold: COMPLAINT_RATE_ALARM_THRESHOLD,
      topic,
    });
    notifyWhen(this, 'FeedbackErrorsAlarm', {
      description: 'The feedback function threw (it retries; the dead-letter queue keeps what fails every attempt).',
      metric: this.feedbackFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      topic,
    });
  }
}
