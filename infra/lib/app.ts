import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { discoverAreas, discoverGroups, type Area } from './areas';
import { readConfig } from './config';
import { EdgeStack } from './edge';
import { LieuStack } from './stack';

export interface BuildOptions {
  appProps?: AppProps;
  /** Default: every HTTP area under functions/. */
  areas?: Area[];
  webDist?: string;
  /** Register cdk-nag AwsSolutions as a validation plugin (synth fails on unacknowledged findings). */
  nag?: boolean;
}

/** Builds the CDK app: `Lieu-<stage>` in the region of context `region` (default eu-west-3). */
export async function buildApp(opts: BuildOptions = {}): Promise<{ app: App; stack: LieuStack; edge?: EdgeStack }> {
  const app = new App(opts.appProps);
  const config = readConfig(app.node);
  const areas = opts.areas ?? (await discoverAreas());
  const groups = await discoverGroups(areas);
  const region = (app.node.tryGetContext('region') as string | undefined) ?? process.env.CDK_DEFAULT_REGION ?? 'eu-west-3';
  const account = process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {};
  // A CloudFront web ACL must live in us-east-1: its own stack there, referenced across regions.
  const edge = config.waf
    ? new EdgeStack(app, `Lieu-${config.stage}-edge`, {
      config, env: { region: 'us-east-1', ...account }, crossRegionReferences: true,
      description: `Lieu (${config.stage}): the distribution's web ACL`, tags: { app: 'lieu', stage: config.stage },
    })
    : undefined;
  const stack = new LieuStack(app, `Lieu-${config.stage}`, {
    config, areas, groups, ...(opts.webDist ? { webDist: opts.webDist } : {}),
    ...(edge ? { webAclArn: edge.webAcl.attrArn, crossRegionReferences: true } : {}),
    env: { region, ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}) },
    description: `Lieu (${config.stage}): third places — coworking, fab lab, shop`,
    terminationProtection: config.stage === 'prod',
    tags: { app: 'lieu', stage: config.stage },
  });
  if (opts.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, ...(edge ? { edge } : {}) };
}
