import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { logicalId } from '../lib/nag';
import type { LieuStack } from '../lib/stack';
import { ORIGIN_VERIFY_HEADER, VIEWER_IP_HEADER } from '../lib/web';
import { CERT, ofType, refId, synth } from './fixture';

/**
 * Nothing reaches the API around CloudFront, and only what CloudFront writes tells the functions who
 * the viewer is: the CloudFront function writes the viewer's address, the API origin carries a secret
 * header, the functions know both; with an origin certificate the execute-api endpoint is disabled.
 */
const ORIGIN_CERT = 'arn:aws:acm:eu-west-3:123456789012:certificate/11111111-1111-4111-8111-111111111111';
let dev: { stack: LieuStack; template: Template };
let prod: { stack: LieuStack; template: Template };

beforeAll(async () => {
  dev = await synth({ stage: 'dev' }, undefined, 'stack');
  prod = await synth({ stage: 'prod', domain: 'lieu.example', certificateArn: CERT, originCertificateArn: ORIGIN_CERT }, undefined, 'origin-prod');
});

const apiOrigin = (template: Template) => {
  const [dist] = Object.values(ofType(template, 'AWS::CloudFront::Distribution'));
  const cfg = dist!.Properties!.DistributionConfig;
  const api = cfg.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
  return cfg.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
};

describe('the API is reached through CloudFront only', () => {
  it('the CloudFront function on /api/* writes the viewer’s address over whatever the client sent', () => {
    const fns = Object.values(ofType(dev.template, 'AWS::CloudFront::Function')).map((f) => f.Properties!.FunctionCode as string);
    expect(fns.some((c) => c.includes(`r.headers['${VIEWER_IP_HEADER}'] = { value: event.viewer.ip }`))).toBe(true);
  });

  it('the API origin carries the origin secret header, resolved from Secrets Manager at deploy (not in the template)', () => {
    const origin = apiOrigin(dev.template);
    const header = origin.OriginCustomHeaders.find((h: { HeaderName: string }) => h.HeaderName === ORIGIN_VERIFY_HEADER);
    const value = JSON.stringify(header.HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain(logicalId(dev.stack.secrets.originVerify));
  });

  it('every HTTP function knows the headers and reads the origin secret', () => {
    for (const [name, fn] of dev.stack.api.functions) {
      const vars = ofType(dev.template, 'AWS::Lambda::Function')[logicalId(fn)]!.Properties!.Environment.Variables;
      expect(vars, name).toMatchObject({ VIEWER_IP_HEADER, ORIGIN_SECRET_HEADER: ORIGIN_VERIFY_HEADER });
      expect(refId(vars.ORIGIN_SECRET_ID), name).toBe(logicalId(dev.stack.secrets.originVerify));
    }
  });

  it('with an origin certificate: the execute-api endpoint is disabled and CloudFront reaches the API on origin.<domain>', () => {
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'origin.lieu.example' });
    prod.template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    expect(apiOrigin(prod.template).DomainName).toEqual(expect.objectContaining({ Ref: expect.any(String) }));
    const domainId = Object.keys(ofType(prod.template, 'AWS::ApiGatewayV2::DomainName'))[0];
    expect(refId(apiOrigin(prod.template).DomainName)).toBe(domainId);
  });
});
