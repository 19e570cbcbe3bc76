import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { JOBS } from '../../functions/jobs/src/jobs';
import { OUTBOX_KEYS } from './access';
import { FUNCTIONS_DIR } from './areas';
import type { LieuConfig } from './config';
import type { Data } from './data';
import type { Email } from './email';
import { LieuFunction } from './fn';
import { acknowledge, logicalId } from './nag';

/**
 * Background work (functions/jobs): the table-stream consumer that sends the outbox's emails, with
 * partial batch failures, bounded retries and an SQS dead-letter queue; and the scheduled job runner,
 * one EventBridge rule per job in `JOBS`, whose failed deliveries land in the same queue.
 */
export class Jobs extends Construct {
  readonly outbox: lambda.Function;
  readonly runner: lambda.Function;
  readonly dlq: sqs.Queue;
  readonly logGroups: logs.LogGroup[] = [];
  readonly rules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: { config: LieuConfig; data: Data; email: Email }) {
    super(scope, id);
    const { config, data, email } = props;
    const table = data.table;

    this.dlq = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: config.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledge(this.dlq, 'AwsSolutions-SQS3', 'This queue is the dead-letter queue (of the stream consumer and of the job schedules); an alarm watches its depth.');

    // 1. The outbox: table stream → emails.
    const outbox = new LieuFunction(this, 'Outbox', {
      entry: join(FUNCTIONS_DIR, 'jobs', 'outbox.ts'),
      description: 'Lieu: table stream → outbox emails (SES)',
      config, memorySize: 256, timeout: Duration.seconds(60),
      environment: { TABLE_NAME: table.tableName, ...email.environment() },
    });
    this.outbox = outbox.fn;
    this.logGroups.push(outbox.logGroup);
    this.outbox.addToRolePolicy(new iam.PolicyStatement({
      sid: 'OutboxItemsOnly',
      actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': OUTBOX_KEYS } },
    }));
    this.outbox.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReadTheStream',
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      resources: [table.tableStreamArn!],
    }));
    this.outbox.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ListTheTableStreams',
      actions: ['dynamodb:ListStreams'],
      resources: [`${table.tableArn}/stream/*`],
    }));
    email.grantSend(this.outbox);
    new lambda.EventSourceMapping(this, 'OutboxStream', {
      target: this.outbox,
      eventSourceArn: table.tableStreamArn!,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      retryAttempts: 5,
      maxRecordAge: Duration.hours(6),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.dlq),
      // Only pending emails wake the function: every other write to the table costs nothing here.
      filters: [lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
        dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('Email') }, status: { S: lambda.FilterRule.isEqual('pending') } } },
      })],
    });

    // 2. The scheduled job runner.
    const runner = new LieuFunction(this, 'Runner', {
      entry: join(FUNCTIONS_DIR, 'jobs', 'scheduled.ts'),
      description: 'Lieu: scheduled jobs (EventBridge)',
      config, memorySize: 256, timeout: Duration.minutes(5),
      environment: { TABLE_NAME: table.tableName },
    });
    this.runner = runner.fn;
    this.logGroups.push(runner.logGroup);
    this.runner.addToRolePolicy(new iam.PolicyStatement({
      sid: 'TenantList',
      actions: ['dynamodb:Query'],
      resources: [data.indexArn('GSI1')],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANTS'] } },
    }));
    this.runner.addToRolePolicy(new iam.PolicyStatement({
      sid: 'OutboxSweep',
      actions: ['dynamodb:Query', 'dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': OUTBOX_KEYS } },
    }));
    // expire-holds: the tenants' resources and their bookings by start, and the cancel transaction's
    // two Puts (the booking, the member's index entry).
    this.runner.addToRolePolicy(new iam.PolicyStatement({
      sid: 'BookingsRead',
      actions: ['dynamodb:Query'],
      resources: [table.tableArn, data.indexArn('GSI1')],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#RESOURCES', 'T#*#RES#*#BOOKINGS'] } },
    }));
    this.runner.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ExpireHolds',
      actions: ['dynamodb:PutItem'],
      resources: [table.tableArn],
      // T#*#REFUND#*: a hold paid online after it lapsed is refunded by the cancel (its refund request);
      // its payment and credits (T#*#MBILL#*) are in ExpireOrders' grant below.
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#BOOKING#*', 'T#*#USER#*', 'T#*#REFUND#*'] } },
    }));
    // The day-before reminders (bookings and events) and the monthly statements write an email to the
    // tenant's outbox and a "done" marker in one transaction (Puts), reading the members they write to.
    this.runner.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReminderReads',
      actions: ['dynamodb:Query', 'dynamodb:GetItem'],
      resources: [table.tableArn, data.indexArn('GSI1')],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#EVENTS', 'T#*#EVENT#*', 'T#*#USER#*', 'T#*#SHOP', 'T#*#CONSIGNOR#*'] } },
    }));
    this.runner.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReminderWrites',
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#OUTBOX', 'T#*#REMINDERS#*', 'T#*#EVENT#*', 'T#*#CONSIGNOR#*'] } },
    }));
    // expire-orders: the shop's hold markers, the orders and payments they name, and the release
    // transaction (order and payment Puts, hold marker Delete, stock back with an Update, sales moves).
    this.runner.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ExpireOrders',
      actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#SHOPHOLDS', 'T#*#ORDER#*', 'T#*#MBILL#*', 'T#*#SHOP', 'T#*#CONSIGNOR#*'] } },
    }));
    // verify-domains: a pending custom domain found in the DNS claims its marker (conditional Put)
    // and marks its space verified in one transaction, or records what the check found (Update).
    this.runner.addToRolePolicy(new iam.PolicyStatement({
      sid: 'VerifyDomains',
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#TENANT', 'DOMAIN#*'] } },
    }));
    for (const job of Object.values(JOBS)) {
      const rule = new events.Rule(this, `Job-${job.name}`, {
        description: `Lieu job ${job.name}: ${job.description}`,
        schedule: events.Schedule.expression(job.schedule),
      });
      rule.addTarget(new targets.LambdaFunction(this.runner, {
        // The scheduled event's own fields, with the job's name in `detail`.
        event: events.RuleTargetInput.fromObject({
          version: '0', id: events.EventField.eventId, 'detail-type': events.EventField.detailType, source: events.EventField.source,
          account: events.EventField.account, time: events.EventField.time, region: events.EventField.region,
          resources: [], detail: { job: job.name },
        }),
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.dlq,
      }));
      this.rules.push(rule);
    }

    for (const fn of [this.outbox, this.runner]) {
      acknowledge(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'The basic execution role only lets the function write its own logs.');
      acknowledge(fn, 'AwsSolutions-L1', 'Node 22 is the runtime the design targets and what the bundles are built for; moving to a newer LTS is a deliberate, tested change.');
    }
    acknowledge(this.outbox, `AwsSolutions-IAM5[Resource::<${logicalId(table)}.Arn>/stream/*]`,
      'dynamodb:ListStreams names streams by label, unknown before deploy; the wildcard is within this table\'s own streams.');
  }
}
