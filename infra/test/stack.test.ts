import { beforeAll, describe, expect, it } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { declaredPartitions, TABLE } from '@lieu/db';
import { JOBS } from '../../functions/jobs/src/jobs';
import { dataKeysFor, HOST_MARKERS, hostMarkerActionsFor, leadingKeysFor, MEDIA_AREAS, OUTBOX_KEYS, servedAlone, servesAny, STRIPE_AREAS, tableActionsFor } from '../lib/access';
import { HTTP_GROUPS, routeKey, toApiGatewayPath, type Area, type Group } from '../lib/areas';
import { ALARMS } from '../lib/observability';
import { areaRoutes } from '../../packages/local/src/routes';
import { logicalId } from '../lib/nag';
import type { LieuStack } from '../lib/stack';
import { ofType, refId, synth } from './fixture';

let stack: LieuStack;
let template: Template;
let areas: Area[];
let groups: Group[];

beforeAll(async () => {
  ({ stack, template, areas, groups } = await synth({ stage: 'dev' }, undefined, 'stack'));
});

/** Every statement of every inline policy attached to the function's role. */
function statementsOf(fn: lambda.Function): { Action: string | string[]; Resource: unknown; Condition?: Record<string, any>; Sid?: string }[] {
  const role = logicalId(fn.role!);
  return Object.values(ofType(template, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties!.Roles as unknown[]).some((r) => refId(r) === role))
    .flatMap((p) => p.Properties!.PolicyDocument.Statement);
}
const actionsOf = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const allFunctions = () => [...stack.api.functions.entries(), ['jobs-outbox', stack.jobs.outbox], ['jobs-runner', stack.jobs.runner]] as [string, lambda.Function][];

describe('data', () => {
  it('the table is built from TABLE: keys, overloaded index, TTL, PITR, NEW_AND_OLD_IMAGES stream, on demand', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: TABLE.partitionKey, KeyType: 'HASH' }, { AttributeName: TABLE.sortKey, KeyType: 'RANGE' }],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'GSI1PK', AttributeType: 'S' }, { AttributeName: 'GSI1SK', AttributeType: 'S' }]),
      GlobalSecondaryIndexes: TABLE.globalIndexes.map((g) => ({
        IndexName: g.name,
        KeySchema: [{ AttributeName: g.partitionKey, KeyType: 'HASH' }, { AttributeName: g.sortKey, KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      })),
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: false })],
    });
  });
});

describe('api', () => {
  it('discovers every feature with routes (functions/<area>/routes.ts)', () => {
    expect(areas.map((a) => a.name)).toEqual(expect.arrayContaining(['auth', 'members', 'tenants']));
    expect(areas.every((a) => a.routes.length > 0)).toBe(true);
  });

  it('one function per deployed group, and every route of the local server is mounted by exactly one group (local and AWS serve the same features)', () => {
    expect(groups.map((g) => g.name)).toEqual([...HTTP_GROUPS]);
    expect([...stack.api.functions.keys()].sort()).toEqual([...HTTP_GROUPS].sort());
    const local = areaRoutes.map((r) => routeKey(r.spec));
    expect(new Set(local).size).toBe(local.length);
    for (const key of local) expect(groups.filter((g) => g.routes.some((r) => routeKey(r) === key)).map((g) => g.name), key).toHaveLength(1);
    expect(groups.flatMap((g) => g.routes).map(routeKey).sort()).toEqual([...local].sort());
    // A group mounts whole features: each feature in exactly one group.
    for (const a of areas) expect(groups.filter((g) => g.areas.includes(a)).length, a.name).toBe(1);
  });

  it('every declared route goes to the function of the group that mounts its feature, and nothing else is routed', () => {
    const integrations = ofType(template, 'AWS::ApiGatewayV2::Integration');
    const routes = Object.values(ofType(template, 'AWS::ApiGatewayV2::Route'));
    const routed = new Map<string, string>();
    for (const r of routes) {
      const integrationId = (r.Properties!.Target['Fn::Join'][1] as unknown[]).map(refId).find(Boolean)!;
      routed.set(r.Properties!.RouteKey, refId(integrations[integrationId]!.Properties!.IntegrationUri)!);
      expect(integrations[integrationId]!.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    }
    let expected = 0;
    for (const group of groups) {
      const fnId = logicalId(stack.api.functions.get(group.name)!);
      for (const r of group.routes) {
        expected++;
        const key = `${r.method.toUpperCase()} ${toApiGatewayPath(r.path)}`;
        expect(key).not.toContain(':');
        expect(routed.get(key), key).toBe(fnId);
      }
    }
    expect(routes.length).toBe(expected);
  });

  it('each HTTP function: arm64, Node 22, its environment, JSON logs with retention', () => {
    for (const [name, fn] of stack.api.functions) {
      const props = ofType(template, 'AWS::Lambda::Function')[logicalId(fn)]!.Properties!;
      expect(props, name).toMatchObject({
        Architectures: ['arm64'], Runtime: 'nodejs22.x', LoggingConfig: { LogFormat: 'JSON' },
        Environment: { Variables: { PLATFORM_DOMAIN: 'localhost', SECURE_COOKIES: 'true', TENANT_CACHE_MS: '30000', VIEWER_HOST_HEADER: 'x-lieu-viewer-host', NODE_OPTIONS: '--enable-source-maps' } },
      });
      expect(refId(props.Environment.Variables.TABLE_NAME)).toBe(logicalId(stack.data.table));
      expect(refId(props.Environment.Variables.JWT_SECRET_ID)).toBe(logicalId(stack.secrets.jwt));
      expect(JSON.stringify(props.Layers)).toContain('Parameters-and-Secrets'); // the extension that serves JWT_SECRET_ID
      expect(ofType(template, 'AWS::Logs::LogGroup')[refId(props.LoggingConfig.LogGroup)!]!.Properties!.RetentionInDays).toBe(14);
    }
  });

  it('the default stage logs access and throttles', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default', AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });
});

describe('least privilege', () => {
  it('no function has a wildcard DynamoDB action, a Scan, or a DynamoDB grant outside the table, its index and its stream', () => {
    const tableId = logicalId(stack.data.table);
    for (const [name, fn] of allFunctions()) {
      const stmts = statementsOf(fn);
      expect(stmts.length, name).toBeGreaterThan(0);
      for (const s of stmts) {
        for (const a of actionsOf(s)) {
          expect(a, name).not.toBe('*');
          expect(a, name).not.toMatch(/^dynamodb:.*\*/);
          expect(a, name).not.toBe('dynamodb:Scan');
        }
        if (actionsOf(s).some((a) => a.startsWith('dynamodb:'))) {
          for (const r of [s.Resource].flat()) expect(JSON.stringify(r), name).toContain(tableId);
        }
      }
    }
  });

  it('each HTTP function reaches the table only by its features\' key prefixes (dynamodb:LeadingKeys), with the actions of a request path', () => {
    for (const group of groups) {
      const fn = stack.api.functions.get(group.name)!;
      const table = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')) && s.Sid === 'TableByKeyPrefix');
      expect(table, group.name).toHaveLength(1);
      expect([...actionsOf(table[0]!)].sort()).toEqual([...tableActionsFor(group)].sort());
      expect(table[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': dataKeysFor(group) } });
      const markers = statementsOf(fn).filter((s) => s.Sid === 'HostMarkers');
      expect(markers, group.name).toHaveLength(1);
      expect([...actionsOf(markers[0]!)].sort()).toEqual([...hostMarkerActionsFor(group)].sort());
      expect(markers[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': HOST_MARKERS } });
      expect(leadingKeysFor(group)).toEqual(expect.arrayContaining(group.areas.flatMap((a) => leadingKeysFor(servedAlone(a)))));
      expect(JSON.stringify(table[0]!.Resource)).toContain('/index/GSI1');
      expect(JSON.stringify(table[0]!.Resource)).not.toContain('index/*');
    }
    const tenants = areas.find((a) => a.name === 'tenants')!;
    expect(leadingKeysFor(servedAlone(tenants))).toEqual(['T#*', 'SLUG#*', 'DOMAIN#*', 'P#*', 'TENANTS']);
    const members = areas.find((a) => a.name === 'members');
    if (members && members.routes.every((r) => r.host === 'tenant')) expect(leadingKeysFor(servedAlone(members))).toEqual(['T#*', 'SLUG#*', 'DOMAIN#*']);
  });

  it('every platform-level key prefix the repositories write is reachable by some HTTP function (else AWS would refuse what DynamoDB Local allows)', () => {
    // The platform-level partitions the entity declarations open (SLUG#, DOMAIN#, STRIPE_ACCOUNT#...).
    const platform = declaredPartitions().filter((pk) => !pk.startsWith('T#') && !pk.startsWith('P#'));
    const prefixes = new Set(platform.filter((pk) => pk.includes('#')).map((pk) => pk.split('#')[0]!));
    expect([...prefixes]).toEqual(expect.arrayContaining(['SLUG', 'DOMAIN']));
    const granted = new Set(groups.flatMap(leadingKeysFor));
    for (const p of prefixes) expect(granted.has(`${p}#*`), p).toBe(true);
    for (const whole of platform.filter((pk) => !pk.includes('#'))) expect(granted.has(whole), whole).toBe(true);
  });

  it('every HTTP function reads the JWT key; only the function serving Stripe\'s feature (alone) reads the Stripe secrets', () => {
    const stripe = [logicalId(stack.secrets.stripeApiKey), logicalId(stack.secrets.stripeWebhook)];
    const stripeGroups = groups.filter((g) => servesAny(g, STRIPE_AREAS));
    expect(stripeGroups.map((g) => g.areas.map((a) => a.name))).toEqual([[...STRIPE_AREAS]]);
    for (const [name, fn] of allFunctions()) {
      const secrets = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
      const text = JSON.stringify(secrets);
      if (!stripeGroups.some((g) => g.name === name)) for (const id of stripe) expect(text, name).not.toContain(id);
      if (name.startsWith('jobs-')) expect(secrets, name).toEqual([]);
      else expect(text, name).toContain(logicalId(stack.secrets.jwt));
    }
  });

  it('the stream consumer touches only outbox items and the stream; the runner only the key prefixes its jobs read and write', () => {
    const outbox = statementsOf(stack.jobs.outbox);
    expect(outbox.find((s) => s.Sid === 'OutboxItemsOnly')).toMatchObject({
      Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': OUTBOX_KEYS } },
    });
    expect(outbox.find((s) => s.Sid === 'ReadTheStream')).toMatchObject({ Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'] });
    const runner = statementsOf(stack.jobs.runner);
    expect(runner.find((s) => s.Sid === 'TenantList')).toMatchObject({ Action: 'dynamodb:Query', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANTS'] } } });
    expect(runner.find((s) => s.Sid === 'OutboxSweep')).toMatchObject({ Action: ['dynamodb:Query', 'dynamodb:UpdateItem'], Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': OUTBOX_KEYS } } });
    expect(runner.find((s) => s.Sid === 'BookingsRead')).toMatchObject({ Action: 'dynamodb:Query', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#RESOURCES', 'T#*#RES#*#BOOKINGS'] } } });
    expect(runner.find((s) => s.Sid === 'ExpireHolds')).toMatchObject({ Action: 'dynamodb:PutItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#BOOKING#*', 'T#*#USER#*', 'T#*#REFUND#*'] } } });
    expect(runner.find((s) => s.Sid === 'ReminderReads')).toMatchObject({
      Action: ['dynamodb:Query', 'dynamodb:GetItem'], Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#EVENTS', 'T#*#EVENT#*', 'T#*#USER#*', 'T#*#SHOP', 'T#*#CONSIGNOR#*'] } },
    });
    expect(runner.find((s) => s.Sid === 'ReminderWrites')).toMatchObject({
      Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#OUTBOX', 'T#*#REMINDERS#*', 'T#*#EVENT#*', 'T#*#CONSIGNOR#*'] } },
    });
    expect(runner.find((s) => s.Sid === 'ExpireOrders')).toMatchObject({
      Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#SHOPHOLDS', 'T#*#ORDER#*', 'T#*#MBILL#*', 'T#*#SHOP', 'T#*#CONSIGNOR#*'] } },
    });
    expect(runner.find((s) => s.Sid === 'VerifyDomains')).toMatchObject({
      Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#TENANT', 'DOMAIN#*'] } },
    });
    expect(runner.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:'))).map((s) => s.Sid).sort())
      .toEqual(['BookingsRead', 'ExpireHolds', 'ExpireOrders', 'OutboxSweep', 'ReminderReads', 'ReminderWrites', 'TenantList', 'VerifyDomains']);
  });
});

describe('jobs', () => {
  it('the outbox consumer reads the stream: pending emails only, partial batch failures, bounded retries, DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(stack.jobs.outbox) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.data.table), 'StreamArn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.jobs.dlq), 'Arn'] } } },
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('"Email"') }] },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 86400, SqsManagedSseEnabled: true });
  });

  it('one EventBridge rule per job, invoking the runner with the job\'s name and the DLQ', () => {
    // The Stripe worker's own rules are checked in stripeWorker.test.ts.
    const rules = Object.values(ofType(template, 'AWS::Events::Rule')).filter((r) => refId(r.Properties!.Targets[0].Arn) === logicalId(stack.jobs.runner));
    expect(rules).toHaveLength(Object.keys(JOBS).length);
    for (const job of Object.values(JOBS)) {
      // Two jobs may share a schedule (the day-before reminders): find the rule by the job it names.
      const rule = rules.find((r) => JSON.stringify(r.Properties!.Targets[0].InputTransformer).includes(`\\"job\\":\\"${job.name}\\"`))!;
      expect(rule, job.name).toBeDefined();
      expect(rule.Properties!.ScheduleExpression).toBe(job.schedule);
      const target = rule.Properties!.Targets[0];
      expect(refId(target.Arn)).toBe(logicalId(stack.jobs.runner));
      expect(refId(target.DeadLetterConfig.Arn)).toBe(logicalId(stack.jobs.dlq));
    }
  });
});

describe('observability', () => {
  it('alarms: API 5xx, errors and throttles over every function (region-wide Lambda metrics), dead letters; all notify the topic', () => {
    const alarms = Object.values(ofType(template, 'AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(ALARMS.length);
    const find = (metric: string, dim?: string) => alarms.filter((a) => a.Properties!.MetricName === metric && (!dim || JSON.stringify(a.Properties!.Dimensions).includes(dim)));
    expect(find('5xx')).toHaveLength(1);
    // No dimension: the sum over every function of the region, this stack's (and any added later) included.
    for (const metric of ['Errors', 'Throttles']) {
      const [alarm, ...more] = find(metric);
      expect(more, metric).toEqual([]);
      expect(alarm!.Properties).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Period: 300 });
      expect(alarm!.Properties!.Dimensions ?? []).toEqual([]);
    }
    expect(find('ApproximateNumberOfMessagesVisible', logicalId(stack.jobs.dlq))).toHaveLength(1);
    const topic = logicalId(stack.observability.topic);
    for (const a of alarms) expect(a.Properties!.AlarmActions.map(refId)).toEqual([topic]);
  });

  it('every function logs to its own group with a retention', () => {
    for (const [name, fn] of allFunctions()) {
      const props = ofType(template, 'AWS::Lambda::Function')[logicalId(fn)]!.Properties!;
      expect(ofType(template, 'AWS::Logs::LogGroup')[refId(props.LoggingConfig.LogGroup)!]!.Properties!.RetentionInDays, name).toBeGreaterThan(0);
    }
  });
});

describe('web', () => {
  it('the portal bucket is private: public access blocked, TLS only, read only by CloudFront (OAC)', () => {
    const bucketId = logicalId(stack.web.bucket);
    expect(ofType(template, 'AWS::S3::Bucket')[bucketId]!.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    const policy = Object.values(ofType(template, 'AWS::S3::BucketPolicy')).find((p) => refId(p.Properties!.Bucket) === bucketId)!;
    const stmts = policy.Properties!.PolicyDocument.Statement as { Effect: string; Principal: any; Condition?: any }[];
    expect(stmts.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
    for (const s of stmts.filter((x) => x.Effect === 'Allow')) expect(s.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 2); // the portal's and the media bucket's
  });

  it('the API is behind the same distribution on /api/*, uncached, with the viewer host forwarded; the portal falls back to index.html', () => {
    const [dist] = Object.values(ofType(template, 'AWS::CloudFront::Distribution'));
    const cfg = dist!.Properties!.DistributionConfig;
    const api = cfg.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(api.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(api.AllowedMethods).toContain('POST');
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    expect(api.FunctionAssociations).toHaveLength(1);
    expect(cfg.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual(['/api/openapi.json', '/api/*', '/media/*']);
    expect(cfg.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    const fns = Object.values(ofType(template, 'AWS::CloudFront::Function')).map((f) => f.Properties!.FunctionCode as string);
    expect(fns.some((c) => c.includes('/index.html'))).toBe(true);
    expect(fns.some((c) => c.includes("r.headers['x-lieu-viewer-host'] = { value: r.headers.host.value }"))).toBe(true);
    expect(cfg.Aliases).toBeUndefined(); // no certificate in this context
  });

  it('product photos: a private, encrypted, TLS-only media bucket, PUT by the portal origin (CORS), served on /media/* through OAC', () => {
    const bucketId = logicalId(stack.media.bucket);
    expect(ofType(template, 'AWS::S3::Bucket')[bucketId]!.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { LogFilePrefix: 'media/' },
      CorsConfiguration: { CorsRules: [{ AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'] }] },
    });
    const policy = Object.values(ofType(template, 'AWS::S3::BucketPolicy')).find((p) => refId(p.Properties!.Bucket) === bucketId)!;
    const stmts = policy.Properties!.PolicyDocument.Statement as { Effect: string; Principal: any; Condition?: any }[];
    expect(stmts.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
    for (const s of stmts.filter((x) => x.Effect === 'Allow')) expect(s.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    const [dist] = Object.values(ofType(template, 'AWS::CloudFront::Distribution'));
    const media = dist!.Properties!.DistributionConfig.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/media/*');
    expect(media.AllowedMethods ?? ['GET', 'HEAD']).toEqual(['GET', 'HEAD']); // read only (absent = CloudFront's default, GET and HEAD)
    expect(media.FunctionAssociations).toHaveLength(1);
  });

  it('only the function serving the photos may touch the media bucket: put, get and delete under tenants/, nothing else', () => {
    const bucketId = logicalId(stack.media.bucket);
    const photos = groups.find((g) => servesAny(g, MEDIA_AREAS))!;
    for (const [name, fn] of allFunctions()) {
      const s3 = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
      if (name !== photos.name) { expect(JSON.stringify(s3), name).not.toContain(bucketId); continue; }
      expect(s3).toHaveLength(1);
      expect([...actionsOf(s3[0]!)].sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
      expect(JSON.stringify(s3[0]!.Resource)).toMatch(new RegExp(`${bucketId}.*/tenants/\\*`));
    }
    expect(stack.api.functions.has(photos.name)).toBe(true);
    // The function finds the bucket by its environment (its functions/<group>/handler.ts builds the media store).
    const fnId = logicalId(stack.api.functions.get(photos.name)!);
    expect(refId(ofType(template, 'AWS::Lambda::Function')[fnId]!.Properties!.Environment.Variables.MEDIA_BUCKET)).toBe(bucketId);
  });

  it('outputs the URLs and the table name', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(expect.arrayContaining(['Url', 'ApiEndpoint', 'TableName', 'DistributionDomain', 'DeadLetterQueueUrl']));
  });
});
