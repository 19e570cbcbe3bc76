import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { STRIPE_JOBS } from '../../functions/stripe-worker/worker';
import { FUNCTIONS_DIR } from './areas';
import type { LieuConfig } from './config';
import type { Data } from './data';
import { LieuFunction } from './fn';
import { acknowledge, logicalId } from './nag';
import type { Secrets } from './secrets';

/** What the Stripe worker reaches on the table (refund requests, member billing, Stripe settings). */
export const STRIPE_WORKER_KEYS = ['T#*#REFUND#*', 'T#*#MBILL#*', 'T#*#STRIPE'];
export const STRIPE_WORKER_INDEX_KEYS = ['TENANTS', 'T#*#REFUNDS'];

/**
 * The Stripe worker (functions/stripe-worker): background work that calls Stripe, the only function
 * besides the webhooks area that bundles the SDK and reads the Stripe API key. The table stream,
 * filtered on INSERTed `RefundRequest` items and on billing profiles whose subscription asks to be
 * cancelled on Stripe, sends each refund or cancel at once (partial batch failures,
 * bounded retries, the jobs' dead-letter queue); EventBridge runs its jobs (`refunds` as the safety
 * net, `reconcile-subscriptions` daily).
 */
export class StripeWorker extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly rules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: { config: LieuConfig; data: Data; secrets: Secrets; dlq: sqs.Queue }) {
    super(scope, id);
    const { config, data, secrets, dlq } = props;
    const table = data.table;
    const made = new LieuFunction(this, 'Fn', {
      entry: join(FUNCTIONS_DIR, 'stripe-worker', 'handler.ts'),
      description: 'Lieu: Stripe worker (refunds from the table stream, subscription reconciliation)',
      config, memorySize: 256, timeout: Duration.minutes(5),
      paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
        cacheSize: 20, logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
      }),
      environment: { TABLE_NAME: table.tableName, STRIPE_SECRET_ID: secrets.stripeApiKey.secretArn },
    });
    this.fn = made.fn;
    this.logGroup = made.logGroup;
    secrets.stripeApiKey.grantRead(this.fn);

    // Refund requests (claim, outcome), the payment and the profile they change (read with the member's
    // billing Query), the space's Stripe settings; and the lists: tenants, open refunds per tenant.
    this.fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'RefundsAndBilling',
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': STRIPE_WORKER_KEYS } },
    }));
    this.fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'Lists',
      actions: ['dynamodb:Query'],
      resources: [data.indexArn('GSI1')],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': STRIPE_WORKER_INDEX_KEYS } },
    }));
    this.fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReadTheStream',
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      resources: [table.tableStreamArn!],
    }));
    this.fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ListTheTableStreams',
      actions: ['dynamodb:ListStreams'],
      resources: [`${table.tableArn}/stream/*`],
    }));

    new lambda.EventSourceMapping(this, 'RefundStream', {
      target: this.fn,
      eventSourceArn: table.tableStreamArn!,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      retryAttempts: 5,
      maxRecordAge: Duration.hours(6),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(dlq),
      // Only a new refund request, or a subscription to cancel on Stripe, wakes the function; the `refunds`
      // and `reconcile-subscriptions` jobs pick up anything the stream gave up on.
      filters: [lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.isEqual('INSERT'),
        dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('RefundRequest') } } },
      }), lambda.FilterCriteria.filter({
        dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('BillingProfile') }, subscription: { M: { stripeCancel: { S: lambda.FilterRule.isEqual('requested') } } } } },
      })],
    });

    for (const job of Object.values(STRIPE_JOBS)) {
      const rule = new events.Rule(this, `Job-${job.name}`, {
        description: `Lieu Stripe job ${job.name}: ${job.description}`,
        schedule: events.Schedule.expression(job.schedule),
      });
      rule.addTarget(new targets.LambdaFunction(this.fn, {
        event: events.RuleTargetInput.fromObject({
          version: '0', id: events.EventField.eventId, 'detail-type': events.EventField.detailType, source: events.EventField.source,
          account: events.EventField.account, time: events.EventField.time, region: events.EventField.region,
          resources: [], detail: { job: job.name },
        }),
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: dlq,
      }));
      this.rules.push(rule);
    }

    acknowledge(this.fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The basic execution role only lets the function write its own logs.');
    acknowledge(this.fn, 'AwsSolutions-L1', 'Node 22 is the runtime the design targets and what the bundles are built for; moving to a newer LTS is a deliberate, tested change.');
    acknowledge(this.fn, `AwsSolutions-IAM5[Resource::<${logicalId(table)}.Arn>/stream/*]`,
      'dynamodb:ListStreams names streams by label, unknown before deploy; the wildcard is within this table\'s own streams.');
  }
}
