import { Fn } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dataKeysFor, HOST_MARKERS, hostMarkerActionsFor, servesAny, STRIPE_AREAS, tableActionsFor } from './access';
import { toApiGatewayPath, type Group } from './areas';
import type { LieuConfig } from './config';
import type { Data } from './data';
import { LieuFunction } from './fn';
import { ORIGIN_VERIFY_HEADER, VIEWER_HOST_HEADER, VIEWER_IP_HEADER } from './web';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { acknowledge } from './nag';
import type { Secrets } from './secrets';

export interface ApiProps {
  config: LieuConfig;
  groups: Group[];
  data: Data;
  secrets: Secrets;
}

/** Per space and per container: a sustained rate and a burst (the stage throttles the whole API). */
export const TENANT_RPS = 20;
export const TENANT_BURST = 100;

const METHODS: Record<string, apigw.HttpMethod> = {
  get: apigw.HttpMethod.GET, post: apigw.HttpMethod.POST, put: apigw.HttpMethod.PUT,
  patch: apigw.HttpMethod.PATCH, delete: apigw.HttpMethod.DELETE,
};

/**
 * The HTTP API: one function per group (`functions/<group>/handler.ts`, mounting whole features; see
 * areas.ts) and one API Gateway route per declared route spec, to its group's function. Each function
 * gets its own table grant, fenced by its features' partition-key prefixes (see access.ts), the JWT
 * key, and the Stripe secrets only when it serves a feature of STRIPE_AREAS.
 */
export class Api extends Construct {
  readonly api: apigw.HttpApi;
  readonly functions = new Map<string, lambda.Function>();
  readonly logGroups: logs.LogGroup[] = [];
  /** The CloudFront origin: `origin.<domain>` with an origin certificate, else `abc123.execute-api.<region>.amazonaws.com`. */
  readonly originDomain: string;
  /** The custom origin domain's API Gateway target, for its DNS record (with an origin certificate). */
  readonly originTarget?: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config, data, secrets } = props;
    const prod = config.stage === 'prod';
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: prod ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.TWO_WEEKS,
    });
    this.logGroups.push(accessLogs);
    // With an origin certificate the API answers only on its custom domain, CloudFront's origin: the
    // execute-api endpoint is disabled, so nothing reaches the functions around CloudFront (which
    // adds the origin secret and the viewer's host and address).
    const customOrigin = config.domain && config.originCertificateArn
      ? new apigw.DomainName(this, 'OriginDomain', {
        domainName: `origin.${config.domain}`,
        certificate: acm.Certificate.fromCertificateArn(this, 'OriginCertificate', config.originCertificateArn),
      })
      : undefined;
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `lieu-${config.stage}`,
      description: 'Lieu HTTP API (behind CloudFront on /api/*)',
      createDefaultStage: false,
      disableExecuteApiEndpoint: customOrigin !== undefined,
    });
    const stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: prod ? 500 : 50, burstLimit: prod ? 1000 : 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId', ip: '$context.identity.sourceIp', requestTime: '$context.requestTime',
          method: '$context.httpMethod', routeKey: '$context.routeKey', status: '$context.status',
          latency: '$context.integrationLatency', error: '$context.integrationErrorMessage',
        })),
      },
    });
    if (customOrigin) {
      new apigw.ApiMapping(this, 'OriginMapping', { api: this.api, domainName: customOrigin, stage });
      this.originDomain = customOrigin.name;
      this.originTarget = customOrigin.regionalDomainName;
    } else {
      this.originDomain = Fn.select(2, Fn.split('/', this.api.apiEndpoint));
    }

    const paramsAndSecrets = lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
      cacheSize: 20, logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
    });
    const platformDomain = config.domain ?? 'localhost';

    for (const group of props.groups) {
      const stripe = servesAny(group, STRIPE_AREAS);
      const made = new LieuFunction(this, `Group-${group.name}`, {
        entry: group.entry,
        description: `Lieu ${group.name}: ${group.areas.length} features, ${group.routes.length} routes`,
        config,
        paramsAndSecrets,
        environment: {
          TABLE_NAME: data.table.tableName,
          JWT_SECRET_ID: secrets.jwt.secretArn,
          PLATFORM_DOMAIN: platformDomain,
          SECURE_COOKIES: 'true',
          TENANT_CACHE_MS: '30000',
          // CloudFront passes the viewer's host (the tenant) in this header (web.ts); see docs/deploy.md.
          VIEWER_HOST_HEADER,
          // Only with CloudFront's secret header are the viewer's host and address trusted (packages/http/src/app.ts).
          VIEWER_IP_HEADER,
          ORIGIN_SECRET_HEADER: ORIGIN_VERIFY_HEADER,
          ORIGIN_SECRET_ID: secrets.originVerify.secretArn,
          // Each space's requests per second in one container (packages/http/src/budget.ts).
          TENANT_RPS: String(TENANT_RPS), TENANT_BURST: String(TENANT_BURST),
          ...(stripe ? { STRIPE_SECRET_ID: secrets.stripeApiKey.secretArn, STRIPE_WEBHOOK_SECRET_ID: secrets.stripeWebhook.secretArn } : {}),
        },
      });
      const fn = made.fn;
      this.functions.set(group.name, fn);
      this.logGroups.push(made.logGroup);

      fn.addToRolePolicy(new iam.PolicyStatement({
        sid: 'TableByKeyPrefix',
        actions: [...tableActionsFor(group)],
        resources: [data.table.tableArn, data.indexArn('GSI1')],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': dataKeysFor(group) } },
      }));
      // Every function reads the host markers to resolve the Host; only the one creating spaces writes them.
      fn.addToRolePolicy(new iam.PolicyStatement({
        sid: 'HostMarkers',
        actions: [...hostMarkerActionsFor(group)],
        resources: [data.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': HOST_MARKERS } },
      }));
      secrets.jwt.grantRead(fn);
      secrets.originVerify.grantRead(fn);
      if (stripe) { secrets.stripeApiKey.grantRead(fn); secrets.stripeWebhook.grantRead(fn); }
      acknowledge(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'The basic execution role only lets the function write its own logs.');
      acknowledge(fn, 'AwsSolutions-L1', 'Node 22 is the runtime the design targets and what the bundles are built for; moving to a newer LTS is a deliberate, tested change.');

      const integration = new HttpLambdaIntegration(`${group.name}-integration`, fn, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      });
      for (const r of group.routes) {
        const routes = this.api.addRoutes({ path: toApiGatewayPath(r.path), methods: [METHODS[r.method]!], integration });
        for (const route of routes) {
          acknowledge(route, 'AwsSolutions-APIG4', 'Authorization is the application\'s: a signed session JWT (cookie or Bearer), the tenant from the Host, and each route\'s access rule, checked in packages/http before any handler runs.');
        }
      }
    }
  }
}
