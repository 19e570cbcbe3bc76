import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { LieuConfig } from './config';
import { acknowledge, logicalId } from './nag';

export interface MediaProps {
  config: LieuConfig;
  /** The access-log bucket (the portal's). */
  logs: s3.IBucket;
  /** The portal's distribution: photos are served on its `/media/*` path, same origin as the portal. */
  distribution: cloudfront.Distribution;
  /** The functions that sign uploads (functions/shop-media): put, read and delete under `tenants/`. */
  uploaders: lambda.Function[];
}

/** Viewer-request on /media/*: `/media/tenants/…` → the object `tenants/…`. */
const STRIP_MEDIA = `function handler(event) {
  var r = event.request;
  r.uri = r.uri.substring(6);
  return r;
}`;

/**
 * Uploaded files (product photos, logos): a private bucket (public access blocked, SSE-S3, TLS only, access
 * logs), written by the browser through URLs presigned by functions/shop-media (CORS lets the portal's
 * origins PUT), read by visitors through the portal's distribution on `/media/*` (origin access
 * control), so a photo's URL is `/media/<key>` on the tenant's own host. Keys are
 * `tenants/<tenantId>/products/<productId>/<photoId>` (photos) or `tenants/<tenantId>/brand/<logoId>`
 * (logos), built by the function from the request's tenant.
 */
export class Media extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: MediaProps) {
    super(scope, id);
    const { config } = props;
    const prod = config.stage === 'prod';
    // Without a domain (a dev stage) the portal is on the distribution's *.cloudfront.net name, which cannot be
    // named here (the distribution depends on this bucket). CORS only lets a page read the answer: what may be
    // written is decided by the presigned URL's signature.
    const portalOrigins = config.domain
      ? [`https://${config.domain}`, `https://*.${config.domain}`, ...config.customDomains.map((d) => `https://${d}`)]
      : ['https://*.cloudfront.net'];

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.logs,
      serverAccessLogsPrefix: 'media/',
      cors: [{ allowedMethods: [s3.HttpMethods.PUT], allowedOrigins: portalOrigins, allowedHeaders: ['content-type'], maxAge: 3600 }],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const strip = new cloudfront.Function(this, 'StripMedia', {
      code: cloudfront.FunctionCode.fromInline(STRIP_MEDIA), runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    props.distribution.addBehavior('/media/*', origins.S3BucketOrigin.withOriginAccessControl(this.bucket), {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      functionAssociations: [{ function: strip, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      compress: false, // images are compressed already
    });

    for (const fn of props.uploaders) {
      fn.addEnvironment('MEDIA_BUCKET', this.bucket.bucketName);
      // s3:GetObject is what HeadObject needs; no ListBucket, so a missing key answers 403, read as "not uploaded".
      fn.addToRolePolicy(new iam.PolicyStatement({
        sid: 'MediaByTenantPrefix', actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects('tenants/*')],
      }));
      acknowledge(fn, `AwsSolutions-IAM5[Resource::<${logicalId(this.bucket)}.Arn>/tenants/*]`,
        'The photo function serves every tenant (the tenant comes from the request host), so its role is fenced to the `tenants/` prefix of the media bucket; the key under it is built from the request\'s tenant, never from the client (functions/shop-media/routes.ts).');
    }
  }
}
