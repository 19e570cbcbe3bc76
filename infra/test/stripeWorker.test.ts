import { beforeAll, describe, expect, it } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { STRIPE_JOBS } from '../../functions/stripe-worker/worker';
import { logicalId } from '../lib/nag';
import type { LieuStack } from '../lib/stack';
import { STRIPE_WORKER_INDEX_KEYS, STRIPE_WORKER_KEYS } from '../lib/stripeWorker';
import { ofType, refId, synth } from './fixture';

/** The Stripe worker: refunds from the table stream, its scheduled jobs, least privilege. */
let stack: LieuStack;
let template: Template;
beforeAll(async () => { ({ stack, template } = await synth({ stage: 'dev' }, undefined, 'stripe-worker')); });

const statements = () => {
  const role = logicalId(stack.stripeWorker.fn.role!);
  return Object.values(ofType(template, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties!.Roles as unknown[]).some((r) => refId(r) === role))
    .flatMap((p) => p.Properties!.PolicyDocument.Statement) as { Sid?: string; Action: string | string[]; Condition?: unknown; Resource: unknown }[];
};

describe('Stripe worker', () => {
  it('the table stream wakes it for new refund requests and subscriptions to cancel on Stripe only, with partial batch failures, bounded retries and the DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(stack.stripeWorker.fn) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.data.table), 'StreamArn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.jobs.dlq), 'Arn'] } } },
      FilterCriteria: { Filters: [
        { Pattern: Match.stringLikeRegexp('"RefundRequest"') },
        { Pattern: Match.stringLikeRegexp('"BillingProfile".*"stripeCancel".*"requested"') },
      ] },
    });
  });

  it('one EventBridge rule per Stripe job (refunds, reconcile-subscriptions), invoking the worker with the job’s name', () => {
    const rules = Object.values(ofType(template, 'AWS::Events::Rule')).filter((r) => refId(r.Properties!.Targets[0].Arn) === logicalId(stack.stripeWorker.fn));
    expect(rules).toHaveLength(Object.keys(STRIPE_JOBS).length);
    expect(Object.keys(STRIPE_JOBS).sort()).toEqual(['reconcile-subscriptions', 'refunds']);
    for (const job of Object.values(STRIPE_JOBS)) {
      const rule = rules.find((r) => JSON.stringify(r.Properties!.Targets[0].InputTransformer).includes(`\\"job\\":\\"${job.name}\\"`))!;
      expect(rule.Properties!.ScheduleExpression, job.name).toBe(job.schedule);
      expect(refId(rule.Properties!.Targets[0].DeadLetterConfig.Arn)).toBe(logicalId(stack.jobs.dlq));
    }
  });

  it('least privilege: refund requests, member billing and Stripe settings by key prefix, the two lists, the stream; the Stripe API key and not the webhook secret', () => {
    const s = statements();
    expect(s.find((x) => x.Sid === 'RefundsAndBilling')).toMatchObject({
      Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': STRIPE_WORKER_KEYS } },
    });
    expect(s.find((x) => x.Sid === 'Lists')).toMatchObject({ Action: 'dynamodb:Query', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': STRIPE_WORKER_INDEX_KEYS } } });
    for (const x of s) for (const a of [x.Action].flat()) { expect(a).not.toBe('dynamodb:Scan'); expect(a).not.toMatch(/\*/); }
    const text = JSON.stringify(s);
    expect(text).toContain(logicalId(stack.secrets.stripeApiKey));
    expect(text).not.toContain(logicalId(stack.secrets.stripeWebhook));
    expect(text).not.toContain(logicalId(stack.secrets.jwt));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STRIPE_SECRET_ID: { Ref: logicalId(stack.secrets.stripeApiKey) } }) },
    });
  });
});
