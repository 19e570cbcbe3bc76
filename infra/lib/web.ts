import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './areas';
import type { LieuConfig } from './config';
import { acknowledge } from './nag';
import { HSTS_SECONDS, portalSecurityHeaders } from '../../packages/http/src/portalHeaders';

export interface WebProps {
  config: LieuConfig;
  /** The HTTP API's host name (its custom origin domain, or its execute-api host in a dev stage). */
  apiOriginDomain: string;
  /** Sent in ORIGIN_VERIFY_HEADER on every API origin request (the functions check it). */
  originSecret: secretsmanager.ISecret;
  /** The OpenAPI document, served at `/api/openapi.json` from the bucket. */
  openapi: unknown;
  /** The edge stack's web ACL (us-east-1); without one, a dev stage acknowledges its absence. */
  webAclArn?: string;
  /** The built portal (`web/dist`); deployed when it exists. */
  webDist?: string;
}

/** The header that carries the viewer's host (the tenant) from CloudFront to the API's functions. */
export const VIEWER_HOST_HEADER = 'x-lieu-viewer-host';
/** The header that carries the viewer's address (for rate limits) from CloudFront to the functions. */
export const VIEWER_IP_HEADER = 'x-lieu-viewer-ip';
/** The header CloudFront adds with the origin secret: only then are the two headers above trusted. */
export const ORIGIN_VERIFY_HEADER = 'x-lieu-origin-verify';

/** Viewer-request: a path with no file extension is a portal route → `/index.html` (SPA fallback, portal only). */
const SPA_REWRITE = `function handler(event) {
  var r = event.request;
  var last = r.uri.split('/').pop();
  if (last.indexOf('.') === -1) r.uri = '/index.html';
  return r;
}`;

/**
 * Viewer-request on /api/*: API Gateway must receive its own Host, so the viewer's host (the tenant) is
 * passed on in VIEWER_HOST_HEADER, a header of our own (neither CloudFront nor API Gateway touches it),
 * and the viewer's address in VIEWER_IP_HEADER, both always overwritten here (a client's own values
 * never pass); the Lambda adapter reads them (packages/http, see docs/deploy.md), and trusts them
 * because the origin request also carries ORIGIN_VERIFY_HEADER, which CloudFront adds.
 */
const FORWARD_HOST = `function handler(event) {
  var r = event.request;
  if (r.headers.host) r.headers['${VIEWER_HOST_HEADER}'] = { value: r.headers.host.value };
  else delete r.headers['${VIEWER_HOST_HEADER}'];
  r.headers['${VIEWER_IP_HEADER}'] = { value: event.viewer.ip };
  return r;
}`;

/**
 * The portal: a private bucket (no public access, TLS only, read by CloudFront through origin access
 * control), a distribution with the API on `/api/*` (same origin for cookies), the platform domain, its
 * wildcard for tenants and tenants' custom domains when a certificate is given.
 */
export class Web extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { config } = props;
    const prod = config.stage === 'prod';
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.logs = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(prod ? 365 : 30) }],
      removalPolicy,
    });
    acknowledge(this.logs, 'AwsSolutions-S1', 'This is the access-log bucket itself; logging it into itself would loop.');

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: prod,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy,
    });

    const domainNames = config.domain && config.certificateArn
      ? [config.domain, `*.${config.domain}`, ...config.customDomains]
      : undefined;
    const certificate = config.certificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn)
      : undefined;

    const s3Origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const apiOrigin = new origins.HttpOrigin(props.apiOriginDomain, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // Resolved by CloudFormation at deploy (a dynamic reference): the value is in neither code nor template.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originSecret.secretValue.unsafeUnwrap() },
    });
    const spa = new cloudfront.Function(this, 'SpaRewrite', {
      code: cloudfront.FunctionCode.fromInline(SPA_REWRITE), runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    const forwardHost = new cloudfront.Function(this, 'ForwardHost', {
      code: cloudfront.FunctionCode.fromInline(FORWARD_HOST), runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    // The portal's headers are the local server's (packages/http/src/portalHeaders.ts) plus HSTS; the
    // browser PUTs photos to the media bucket, in this region.
    const headers = portalSecurityHeaders({ uploadOrigins: [`https://*.s3.${Stack.of(this).region}.amazonaws.com`] });
    const custom = Object.entries(headers).filter(([name]) => name === 'permissions-policy');
    const portalHeaders = new cloudfront.ResponseHeadersPolicy(this, 'PortalHeaders', {
      comment: 'Lieu portal: CSP (scripts from self only), HSTS, referrer and permissions policies',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: headers['content-security-policy']!, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_SECONDS), includeSubdomains: true, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      },
      customHeadersBehavior: { customHeaders: custom.map(([header, value]) => ({ header, value, override: true })) },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      comment: `Lieu ${config.stage}: portal + API`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(domainNames && certificate ? { domainNames, certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: s3Origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: portalHeaders,
        functionAssociations: [{ function: spa, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/api/openapi.json': {
          origin: s3Origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          compress: true,
        },
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
          functionAssociations: [{ function: forwardHost, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
      },
    });
    acknowledge(this.distribution, 'AwsSolutions-CFR1', 'A space\'s members and visitors may come from anywhere; no geographic restriction applies.');
    if (!props.webAclArn) {
      acknowledge(this.distribution, 'AwsSolutions-CFR2', 'No WAF web ACL in this stage (context waf=false; a dev stage by default: it costs more than the rest of a small stack); the API rate-limits logins and sign-ups, budgets each space\'s requests and API Gateway throttles. Prod runs with the edge stack\'s web ACL.');
    }
    if (!certificate) {
      acknowledge(this.distribution, 'AwsSolutions-CFR4', 'Without a certificate in context (a dev stage) the distribution uses the default *.cloudfront.net certificate, whose TLS policy cannot be set; with one, TLSv1.2_2021 is enforced.');
    }

    // The assertion tests (stub code) skip the upload: staging aws-cdk-lib's AWS CLI layer asset (tens of
    // MB) costs more than the rest of a synth. `pnpm synth` and deploys always include it.
    if (config.bundling === 'stub') return;
    const sources = [s3deploy.Source.jsonData('api/openapi.json', props.openapi)];
    const dist = props.webDist ?? join(REPO_ROOT, 'web', 'dist');
    if (existsSync(join(dist, 'index.html'))) sources.unshift(s3deploy.Source.asset(dist));
    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources,
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: false,
      memoryLimit: 512,
    });
  }
}
