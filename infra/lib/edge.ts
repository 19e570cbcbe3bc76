import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { LieuConfig } from './config';

/** Requests per 5 minutes one host (a space, or the platform) may send through the distribution. */
export const WAF_REQUESTS_PER_HOST = 6000;
/** Requests per 5 minutes one viewer address may send. */
export const WAF_REQUESTS_PER_IP = 1500;
/** AWS managed rule groups on the distribution. */
export const WAF_MANAGED_RULES = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] as const;

/**
 * The web ACL of the distribution. A CloudFront web ACL lives in us-east-1, so it has a stack of its
 * own there; the main stack takes its ARN (a cross-region reference). Managed rules (reputation,
 * common exploits, known bad inputs) block; two rate rules keep one space (keyed on the Host header)
 * or one address from starving the others.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps & { config: LieuConfig }) {
    super(scope, id, props);
    const metric = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });
    const managed = WAF_MANAGED_RULES.map((name, i): wafv2.CfnWebACL.RuleProperty => ({
      name, priority: i + 1, overrideAction: { none: {} }, visibilityConfig: metric(name),
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS', name,
          // API bodies go up to 1 MB (the app's own limit); photo uploads go straight to S3.
          ...(name === 'AWSManagedRulesCommonRuleSet' ? { ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] } : {}),
        },
      },
    }));
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `lieu-${props.config.stage}`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric(`lieu-${props.config.stage}`),
      rules: [
        ...managed,
        {
          name: 'PerSpaceBudget', priority: 10, action: { block: {} }, visibilityConfig: metric('PerSpaceBudget'),
          statement: {
            rateBasedStatement: {
              limit: WAF_REQUESTS_PER_HOST, evaluationWindowSec: 300, aggregateKeyType: 'CUSTOM_KEYS',
              customKeys: [{ header: { name: 'host', textTransformations: [{ priority: 0, type: 'LOWERCASE' }] } }],
            },
          },
        },
        {
          name: 'PerAddressBudget', priority: 11, action: { block: {} }, visibilityConfig: metric('PerAddressBudget'),
          statement: { rateBasedStatement: { limit: WAF_REQUESTS_PER_IP, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
        },
      ],
    });
  }
}
