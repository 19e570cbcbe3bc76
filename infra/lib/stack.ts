import { CfnOutput, Stack, Token, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { buildOpenApi } from '@lieu/api/openapi';
import { MEDIA_AREAS, servesAny } from './access';
import { Api } from './api';
import type { Area, Group } from './areas';
import type { LieuConfig } from './config';
import { Data } from './data';
import { Email } from './email';
import { Jobs } from './jobs';
import { Media } from './media';
import { acknowledge, logicalId } from './nag';
import { Observability } from './observability';
import { Secrets } from './secrets';
import { StripeWorker } from './stripeWorker';
import { Web } from './web';

export interface LieuStackProps extends StackProps {
  config: LieuConfig;
  /** Every HTTP feature (functions/<area>/routes.ts): the OpenAPI document lists their routes. */
  areas: Area[];
  /** The deployed HTTP functions, each mounting whole features. */
  groups: Group[];
  /** Built portal folder (default `web/dist` when it exists). */
  webDist?: string;
  /** The distribution's web ACL (the edge stack's, in us-east-1), when the WAF is on. */
  webAclArn?: string;
}

/** The whole product in one stack: data, secrets, email, API, portal, jobs, alarms. */
export class LieuStack extends Stack {
  readonly data: Data;
  readonly groups: Group[];
  readonly api: Api;
  readonly web: Web;
  readonly jobs: Jobs;
  readonly observability: Observability;
  readonly secrets: Secrets;
  readonly email: Email;
  readonly media: Media;
  readonly stripeWorker: StripeWorker;

  constructor(scope: Construct, id: string, props: LieuStackProps) {
    super(scope, id, props);
    const { config, areas, groups } = props;
    this.groups = groups;
    this.data = new Data(this, 'Data', { config });
    this.secrets = new Secrets(this, 'Secrets', { config });
    this.email = new Email(this, 'Email', { config });
    this.api = new Api(this, 'Api', { config, groups, data: this.data, secrets: this.secrets });
    const openapi = buildOpenApi(areas.flatMap((a) => a.specs), { title: 'Lieu API', version: '1.0.0' });
    this.web = new Web(this, 'Web', { config, apiOriginDomain: this.api.originDomain, originSecret: this.secrets.originVerify, openapi, ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}), ...(props.webDist ? { webDist: props.webDist } : {}) });
    const uploaders = groups.filter((g) => servesAny(g, MEDIA_AREAS)).map((g) => this.api.functions.get(g.name)!);
    this.media = new Media(this, 'Media', { config, logs: this.web.logs, distribution: this.web.distribution, uploaders });
    this.jobs = new Jobs(this, 'Jobs', { config, data: this.data, email: this.email });
    this.stripeWorker = new StripeWorker(this, 'StripeWorker', { config, data: this.data, secrets: this.secrets, dlq: this.jobs.dlq });
    const functions = new Map(this.api.functions);
    functions.set('jobs-outbox', this.jobs.outbox);
    functions.set('jobs-runner', this.jobs.runner);
    functions.set('stripe-worker', this.stripeWorker.fn);
    this.observability = new Observability(this, 'Observability', { config, api: this.api.api, functions, dlq: this.jobs.dlq });

    // The BucketDeployment's provider and CloudFront's helpers are singletons from aws-cdk-lib.
    for (const child of this.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      acknowledge(child, 'AwsSolutions-L1', 'The BucketDeployment provider\'s runtime is chosen by aws-cdk-lib, not by this app.');
      acknowledge(child, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'aws-cdk-lib\'s BucketDeployment provider logs with the basic execution role.');
      const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
      const copy = 'The BucketDeployment provider (aws-cdk-lib) copies the built portal from the CDK asset bucket into the portal bucket and prunes old files: object-level wildcards within those two buckets.';
      for (const finding of ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*',
        `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*`, `Resource::<${logicalId(this.web.bucket)}.Arn>/*`]) {
        acknowledge(child, `AwsSolutions-IAM5[${finding}]`, copy);
      }
      acknowledge(child, 'AwsSolutions-IAM5[Resource::*]', 'cloudfront:CreateInvalidation (after a deploy) does not support resource-level permissions in the provider\'s policy as aws-cdk-lib writes it.');
    }

    const url = config.domain && config.certificateArn ? `https://${config.domain}` : `https://${this.web.distribution.distributionDomainName}`;
    new CfnOutput(this, 'Url', { value: url, description: 'The platform (create a space here)' });
    if (config.domain) new CfnOutput(this, 'TenantUrlPattern', { value: `https://<slug>.${config.domain}`, description: 'Each space' });
    new CfnOutput(this, 'DistributionDomain', { value: this.web.distribution.distributionDomainName, description: 'CNAME target for the platform domain, its wildcard and custom domains' });
    new CfnOutput(this, 'DistributionId', { value: this.web.distribution.distributionId });
    if (this.api.originTarget) new CfnOutput(this, 'ApiOriginTarget', { value: this.api.originTarget, description: `CNAME target for origin.${config.domain} (CloudFront's origin for the API)` });
    else new CfnOutput(this, 'ApiEndpoint', { value: this.api.api.apiEndpoint, description: 'The HTTP API (use the distribution in front of it)' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'WebBucket', { value: this.web.bucket.bucketName });
    new CfnOutput(this, 'MediaBucket', { value: this.media.bucket.bucketName, description: 'Uploaded product photos (served on /media/*)' });
    new CfnOutput(this, 'JwtSecretArn', { value: this.secrets.jwt.secretArn });
    new CfnOutput(this, 'StripeApiKeySecretArn', { value: this.secrets.stripeApiKey.secretArn });
    new CfnOutput(this, 'StripeWebhookSecretArn', { value: this.secrets.stripeWebhook.secretArn });
    new CfnOutput(this, 'StripeWebhookUrl', { value: `${url}/api/v1/webhooks/stripe`, description: 'Endpoint to register in Stripe (when the webhooks area is deployed)' });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.jobs.dlq.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
  }
}
