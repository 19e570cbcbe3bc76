import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LieuConfig } from './config';
import { acknowledge } from './nag';

export interface ObservabilityProps {
  config: LieuConfig;
  api: apigw.HttpApi;
  /** The stack's functions, by name: named in the alarms' descriptions. */
  functions: Map<string, lambda.Function>;
  dlq: sqs.Queue;
}

/** The alarms the stack makes (each $0.10 a month: `pnpm bench cost` counts them from here). */
export const ALARMS = ['Api5xx', 'LambdaErrors', 'LambdaThrottles', 'DeadLetters'] as const;

/**
 * Alarms, all to one SNS topic (email subscription when `alarmEmail` is given): API 5xx, errors and
 * throttles of the functions, and the dead-letter queue's depth. Logs are structured JSON
 * (Powertools) with retention set on each function's own log group (LieuFunction).
 *
 * Errors and throttles are watched on Lambda's region-wide metrics (AWS/Lambda with no dimension:
 * the sum over every function), one alarm each, instead of two alarms per function: the same
 * coverage (any function erring or throttled alarms, new functions included) for 2 alarms instead of
 * 2 per function. Metric math over the functions would not be cheaper, as an alarm is billed per
 * metric it reads. This assumes the stack has its region of the account to itself (docs/deploy.md).
 */
export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { displayName: `Lieu ${props.config.stage} alarms`, enforceSSL: true });
    acknowledge(this.topic, 'AwsSolutions-SNS2', 'Alarm notifications carry no personal data (alarm names and metrics); CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key costs more than the alarms.');
    if (props.config.alarmEmail) this.topic.addSubscription(new subs.EmailSubscription(props.config.alarmEmail));
    const action = new actions.SnsAction(this.topic);
    const five = Duration.minutes(5);

    const add = (id: (typeof ALARMS)[number], metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const alarm = new cloudwatch.Alarm(this, id, {
        metric, threshold, evaluationPeriods: 1, alarmDescription: description,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };

    const names = [...props.functions.keys()].join(', ');
    add('Api5xx', props.api.metricServerError({ period: five, statistic: 'Sum' }), 5, 'API answered 5 or more 5xx in 5 minutes');
    add('LambdaErrors', lambda.Function.metricAllErrors({ period: five, statistic: 'Sum' }), 3,
      `3 or more invocation errors in 5 minutes, over every function of the region (${names}): see each one's Errors metric`);
    add('LambdaThrottles', lambda.Function.metricAllThrottles({ period: five, statistic: 'Sum' }), 1,
      `A function was throttled (account concurrency), over every function of the region (${names})`);
    add('DeadLetters', props.dlq.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' }), 1,
      'A stream batch or a scheduled job gave up: messages in the dead-letter queue');
  }
}
