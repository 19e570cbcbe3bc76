import { buildApp } from '../lib/app';

/** The CDK app (`cdk.json` → `npx tsx infra/bin/lieu.ts`): `pnpm synth`, `npx cdk deploy -c stage=prod …`. */
const { app } = await buildApp();
app.synth();
