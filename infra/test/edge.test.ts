import { beforeAll, describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { Validations, type Stack } from 'aws-cdk-lib';
import { TENANT_BURST, TENANT_RPS } from '../lib/api';
import { WAF_MANAGED_RULES } from '../lib/edge';
import { logicalId } from '../lib/nag';
import type { LieuStack } from '../lib/stack';
import { CERT, ofType, synth } from './fixture';

/**
 * The edge: the portal's security headers (CSP with scripts from self only, HSTS, referrer and
 * permissions policies), the WAF's managed rules and per-space rate rule in prod (acknowledged when
 * off in dev), and each space's request budget in the functions.
 */
let dev: { stack: LieuStack; template: Template };
let prod: { stack: LieuStack; template: Template };
let edge: Template;

beforeAll(async () => {
  dev = await synth({ stage: 'dev' }, undefined, 'stack');
  prod = await synth({ stage: 'prod', domain: 'lieu.example', certificateArn: CERT }, undefined, 'edge-prod');
  edge = Template.fromStack(prod.stack.node.root.node.findChild('Lieu-prod-edge') as Stack);
});

/** The cdk-nag findings acknowledged on the distribution (infra/lib/nag.ts). */
const acknowledged = (stack: LieuStack) =>
  JSON.stringify(stack.web.distribution.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
const distributionOf = (template: Template) => Object.values(ofType(template, 'AWS::CloudFront::Distribution'))[0]!;

describe('portal security headers', () => {
  it('the portal answers with a CSP allowing scripts from its own origin only, HSTS, a referrer and a permissions policy', () => {
    const cfg = distributionOf(dev.template).Properties!.DistributionConfig;
    const policyId = cfg.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref as string;
    const policy = ofType(dev.template, 'AWS::CloudFront::ResponseHeadersPolicy')[policyId]!.Properties!.ResponseHeadersPolicyConfig;
    const csp = policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(policy.SecurityHeadersConfig.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
    expect(policy.SecurityHeadersConfig.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(365 * 86400);
    expect(policy.SecurityHeadersConfig.ReferrerPolicy.ReferrerPolicy).toBe('strict-origin-when-cross-origin');
    expect(policy.CustomHeadersConfig.Items).toEqual([expect.objectContaining({ Header: 'permissions-policy', Value: expect.stringContaining('camera=()') })]);
  });

  it('the API’s answers keep CloudFront’s managed security headers (HSTS among them)', () => {
    const api = distributionOf(dev.template).Properties!.DistributionConfig.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(api.ResponseHeadersPolicyId).toBe('67f7725c-6f97-4210-82d7-5512b31e9d03'); // Managed-SecurityHeadersPolicy
  });
});

describe('WAF and request budgets', () => {
  it('prod: a CloudFront web ACL in us-east-1 with AWS managed rules and a rate rule per space (Host) and per address, on the distribution', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const acl = Object.values(ofType(edge, 'AWS::WAFv2::WebACL'))[0]!.Properties!;
    const names = (acl.Rules as { Statement: { ManagedRuleGroupStatement?: { Name: string } } }[]).map((r) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean);
    expect(names).toEqual([...WAF_MANAGED_RULES]);
    const perSpace = acl.Rules.find((r: { Name: string }) => r.Name === 'PerSpaceBudget');
    expect(perSpace.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [{ Header: { Name: 'host' } }] });
    expect(acl.Rules.find((r: { Name: string }) => r.Name === 'PerAddressBudget').Statement.RateBasedStatement.AggregateKeyType).toBe('IP');
    expect(prod.stack.node.root.node.findChild('Lieu-prod-edge')).toMatchObject({ region: 'us-east-1' });
    expect(distributionOf(prod.template).Properties!.DistributionConfig.WebACLId).toBeDefined();
  });

  it('dev: no web ACL, and the distribution acknowledges it to cdk-nag with the reason', () => {
    expect(distributionOf(dev.template).Properties!.DistributionConfig.WebACLId).toBeUndefined();
    expect(dev.stack.node.root.node.tryFindChild('Lieu-dev-edge')).toBeUndefined();
    expect(acknowledged(dev.stack)).toContain('AwsSolutions-CFR2');
    expect(acknowledged(prod.stack)).not.toContain('AwsSolutions-CFR2');
  });

  it('each HTTP function budgets each space’s requests, under the stage’s throttle', () => {
    for (const [name, fn] of dev.stack.api.functions) {
      const vars = ofType(dev.template, 'AWS::Lambda::Function')[logicalId(fn)]!.Properties!.Environment.Variables;
      expect(vars, name).toMatchObject({ TENANT_RPS: String(TENANT_RPS), TENANT_BURST: String(TENANT_BURST) });
    }
  });
});
