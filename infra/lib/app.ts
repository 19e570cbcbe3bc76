import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { discoverAreas, discoverGroups, type Area } from './areas';
import { readConfig } from './config';
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
export async function buildApp(opts: BuildOptions = {}): Promise<{ app: App; stack: LieuStack }> {
  const app = new App(opts.appProps);
  const config = readConfig(app.node);
  const areas = opts.areas ?? (await discoverAreas());
  const groups = await discoverGroups(areas);
  const region = (app.node.tryGetContext('region') as string | undefined) ?? process.env.CDK_DEFAULT_REGION ?? 'eu-west-3';
  const stack = new LieuStack(app, `Lieu-${config.stage}`, {
    config, areas, groups, ...(opts.webDist ? { webDist: opts.webDist } : {}),
    env: { region, ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}) },
    description: `Lieu (${config.stage}): third places — coworking, fab lab, shop`,
    terminationProtection: config.stage === 'prod',
    tags: { app: 'lieu', stage: config.stage },
  });
  if (opts.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
