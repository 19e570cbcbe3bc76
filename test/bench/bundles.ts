import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One Lambda bundle measured against the floor bundled the same way. */
export interface BundleFigures {
  bytes: number;
  /** Bytes over its floor (the floor plus the Stripe SDK when the bundle carries Stripe). */
  overFloor: number;
  /** Median of paired process starts (bundle / floor), so machine noise hits both sides alike. */
  startRatio: number;
  /** Median process start of the bundle alone on this machine. */
  startMs: number;
  stripe: boolean;
}

export interface BundleProbe {
  floorBytes: number;
  /** The floor plus the Stripe SDK against the floor: paired process starts, median (1 without Stripe installed). */
  stripeFloorRatio(pairs?: number): number;
  /** Bundles `entry` like production (esbuild, minified, ESM) and times its start against the floor's. */
  measure(entry: string, pairs?: number): Promise<BundleFigures>;
  /** A Lambda entry mounting the route lists of these features (functions/<area>/routes.ts), in a temporary folder. */
  entryFor(name: string, areas: string[]): string;
  close(): void;
}

/**
 * The floor (hono + DynamoDB client doing nothing) and any entry bundled with the repository's own
 * esbuild, as the shared floor tool does; `pnpm bench lambdas` and `pnpm bench coldstarts` share it.
 */
export async function bundleProbe(root: string): Promise<BundleProbe> {
  const req = createRequire(join(root, 'node_modules/.pnpm/node_modules/x.js'));
  const esbuild = req('esbuild') as typeof import('esbuild');
  const tmp = mkdtempSync(join(tmpdir(), 'lieu-bundles-'));
  const opts = {
    bundle: true, minify: true, platform: 'node' as const, target: 'node20', format: 'esm' as const, logLevel: 'silent' as const,
    nodePaths: [join(root, 'node_modules/.pnpm/node_modules')],
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
  };
  let n = 0;
  const build = async (entry: string) => {
    const out = join(tmp, `b${n++}.mjs`);
    const r = await esbuild.build({ ...opts, entryPoints: [entry], outfile: out, metafile: true });
    const stripe = Object.keys(r.metafile.inputs).some((k) => /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?stripe\//.test(k));
    return { out, bytes: statSync(out).size, stripe };
  };
  const floorSrc = join(tmp, 'floor.ts');
  writeFileSync(floorSrc, `import { Hono } from 'hono'; import { handle } from 'hono/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; export const db = new DynamoDBClient({});
const app = new Hono(); app.get('/x', (c) => c.json({})); export const handler = handle(app);`);
  const floor = await build(floorSrc);
  const stripeSrc = join(tmp, 'floor-stripe.ts');
  writeFileSync(stripeSrc, `export * from './floor'; import Stripe from 'stripe'; export const stripe = new Stripe('sk_test_floor');`);
  const stripeFloor = await build(stripeSrc).catch(() => null);

  const start = (file: string) => {
    const t = process.hrtime.bigint();
    execFileSync(process.execPath, ['-e', `import(${JSON.stringify(file)})`], { env: { ...process.env, NODE_NO_WARNINGS: '1', AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' }, stdio: 'ignore' });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  const paired = (a: string, b: string, pairs: number) => {
    const ratios: number[] = [];
    const own: number[] = [];
    for (let i = 0; i < pairs; i++) { const x = start(a); const f = start(b); ratios.push(x / f); own.push(x); }
    return { ratio: median(ratios), ms: median(own) };
  };

  return {
    floorBytes: floor.bytes,
    stripeFloorRatio: (pairs = 15) => (stripeFloor ? paired(stripeFloor.out, floor.out, pairs).ratio : 1),
    async measure(entry, pairs = 15) {
      const b = await build(entry);
      const base = b.stripe && stripeFloor ? stripeFloor : floor;
      const { ratio, ms } = paired(b.out, base.out, pairs);
      return { bytes: b.bytes, overFloor: b.bytes - base.bytes, startRatio: ratio, startMs: ms, stripe: b.stripe };
    },
    entryFor(name, areas) {
      // What a group entry does (functions/<group>/handler.ts): the features' routes on one app, plus
      // the media store when the photos are in, and the Stripe secrets' read when the Stripe area is.
      const file = join(tmp, `entry-${name}.ts`);
      const imports = areas.map((a, i) => `import { routes as r${i} } from ${JSON.stringify(join(root, 'functions', a, 'routes.ts'))};`);
      const media = areas.includes('shop-media');
      const stripe = areas.includes('webhooks');
      writeFileSync(file, [
        `import { lambdaHandler, readSecret } from '@lieu/http/lambda';`,
        ...imports,
        media ? `import { s3MediaStore } from ${JSON.stringify(join(root, 'functions/shop-media/s3.ts'))};` : '',
        `export const handler = lambdaHandler([${areas.map((_, i) => `...r${i}`).join(', ')}], {`,
        stripe ? `  async init() { if (process.env.STRIPE_SECRET_ID) process.env.STRIPE_SECRET_KEY = await readSecret(process.env.STRIPE_SECRET_ID); },` : '',
        media ? `  withDeps: (deps) => ({ ...deps, media: s3MediaStore({ bucket: process.env.MEDIA_BUCKET ?? '', region: 'eu-west-3' }) }),` : '',
        `});`,
      ].join('\n'));
      return file;
    },
    close() { rmSync(tmp, { recursive: true, force: true }); },
  };
}
