import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { LieuStack } from '../lib/stack';
import { CERT, ofType, synth } from './fixture';

let prod: { stack: LieuStack; template: Template };
let dev: { stack: LieuStack; template: Template };
beforeAll(async () => {
  prod = await synth({
    stage: 'prod', domain: 'lieu.example', certificateArn: CERT, customDomains: 'coworking.example.org,fablab.example.net',
    alarmEmail: 'ops@lieu.example',
  }, undefined, 'nag-prod');
  dev = await synth({ stage: 'dev' }, undefined, 'nag-dev');
});

/** cdk-nag 3's report: every finding that was not acknowledged (with its reason) on the construct or a parent. */
function findings(stack: LieuStack) {
  const report = new AwsSolutionsChecks(stack).validateScope(stack);
  return report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`);
}

describe('cdk-nag AwsSolutions', () => {
  it('prod (domain, certificate, custom domains): no unacknowledged finding', () => {
    expect(findings(prod.stack)).toEqual([]);
  });
  it('dev (no domain, default certificate): no unacknowledged finding', () => {
    expect(findings(dev.stack)).toEqual([]);
  });
  it('the checks do run: a public bucket in the stack is reported', async () => {
    const { stack } = await synth({ stage: 'dev' }, undefined, 'nag-bad');
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    new Bucket(stack, 'Careless');
    expect(findings(stack).some((f) => f.startsWith('AwsSolutions-S1') || f.startsWith('AwsSolutions-S10'))).toBe(true);
  });
});

describe('prod', () => {
  it('the table is protected from deletion and retained; the stack has termination protection', () => {
    const [table] = Object.values(ofType(prod.template, 'AWS::DynamoDB::GlobalTable'));
    expect(table!.DeletionPolicy).toBe('Retain');
    expect(table!.Properties!.Replicas[0].DeletionProtectionEnabled).toBe(true);
    expect(prod.stack.terminationProtection).toBe(true);
  });

  it('serves the platform domain, its wildcard (tenants) and the custom domains, with the certificate and TLS 1.2', () => {
    const [dist] = Object.values(ofType(prod.template, 'AWS::CloudFront::Distribution'));
    const cfg = dist!.Properties!.DistributionConfig;
    expect(cfg.Aliases).toEqual(['lieu.example', '*.lieu.example', 'coworking.example.org', 'fablab.example.net']);
    expect(cfg.ViewerCertificate).toMatchObject({ AcmCertificateArn: CERT, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  });

  it('functions know the platform domain; email goes through SES from the domain identity, sending only as no-reply@', () => {
    for (const [name, fn] of prod.stack.api.functions) {
      const props = Object.values(ofType(prod.template, 'AWS::Lambda::Function')).find((f) => f.Properties!.Description === (fn.node.defaultChild as { description?: string }).description)!.Properties!;
      expect(props.Environment.Variables.PLATFORM_DOMAIN, name).toBe('lieu.example');
    }
    prod.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'lieu.example' });
    const outbox = Object.values(ofType(prod.template, 'AWS::Lambda::Function')).find((f) => f.Properties!.Environment?.Variables?.MAILER)!;
    expect(outbox.Properties!.Environment.Variables).toMatchObject({ MAILER: 'ses', MAIL_FROM: 'no-reply@lieu.example' });
    const ses = Object.values(ofType(prod.template, 'AWS::IAM::Policy')).flatMap((p) => p.Properties!.PolicyDocument.Statement).filter((s: { Action: unknown }) => s.Action === 'ses:SendEmail');
    expect(ses).toHaveLength(1);
    expect(ses[0].Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'no-reply@lieu.example' } });
    prod.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@lieu.example' });
  });

  it('a dev stage without a mail identity prints emails to the logs instead', () => {
    dev.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    const outbox = Object.values(ofType(dev.template, 'AWS::Lambda::Function')).find((f) => f.Properties!.Environment?.Variables?.MAILER)!;
    expect(outbox.Properties!.Environment.Variables.MAILER).toBe('console');
  });
});
