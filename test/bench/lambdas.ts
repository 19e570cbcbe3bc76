import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './types';

/**
 * Lambda budget (DESIGN.md §8): each `functions/<area>/handler.ts` bundled like production
 * (esbuild, minified, ESM) and compared with a floor Lambda (hono + DynamoDB client doing nothing)
 * bundled the same way: bytes over the floor, and process-start time as a paired ratio (median of
 * 15 alternating runs, so machine noise hits both sides alike). Areas that import Stripe are held
 * against the floor plus the Stripe SDK.
 */
export async function benchLambdas(root: string): Promise<BenchResult[]> {
  const req = createRequire(join(root, 'node_modules/.pnpm/node_modules/x.js'));
  const esbuild = req('esbuild') as typeof import('esbuild');
  const tmp = mkdtempSync(join(tmpdir(), 'lieu-bench-'));
  const opts = {
    bundle: true, minify: true, platform: 'node' as const, target: 'node20', format: 'esm' as const, logLevel: 'silent' as const,
    nodePaths: [join(root, 'node_modules/.pnpm/node_modules')],
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
  };
  const build = async (entry: string, out: string) => {
    const r = await esbuild.build({ ...opts, entryPoints: [entry], outfile: out, metafile: true });
    return { bytes: statSync(out).size, inputs: Object.keys(r.metafile.inputs) };
  };
  const floorSrc = join(tmp, 'floor.ts');
  writeFileSync(floorSrc, `import { Hono } from 'hono'; import { handle } from 'hono/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; export const db = new DynamoDBClient({});
const app = new Hono(); app.get('/x', (c) => c.json({})); export const handler = handle(app);`);
  const floor = await build(floorSrc, join(tmp, 'floor.mjs'));
  const stripeSrc = join(tmp, 'floor-stripe.ts');
  writeFileSync(stripeSrc, `export * from './floor'; import Stripe from 'stripe'; export const stripe = new Stripe('sk_test_floor');`);
  let stripeFloor: { bytes: number } | null = null;
  try { stripeFloor = await build(stripeSrc, join(tmp, 'floor-stripe.mjs')); } catch { /* no stripe installed */ }

  const start = (file: string) => {
    const t = process.hrtime.bigint();
    execFileSync(process.execPath, ['-e', `import(${JSON.stringify(file)})`], { env: { ...process.env, NODE_NO_WARNINGS: '1', AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' }, stdio: 'ignore' });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  const results: BenchResult[] = [];
  for (const area of readdirSync(join(root, 'functions')).sort()) {
    const entry = join(root, 'functions', area, 'handler.ts');
    if (!existsSync(entry)) continue;
    const out = join(tmp, `${area}.mjs`);
    const b = await build(entry, out);
    const usesStripe = stripeFloor !== null && b.inputs.some((k) => /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?stripe\//.test(k));
    const base = usesStripe ? { bytes: stripeFloor!.bytes, file: join(tmp, 'floor-stripe.mjs') } : { bytes: floor.bytes, file: join(tmp, 'floor.mjs') };
    const ratios: number[] = [];
    const own: number[] = [];
    for (let i = 0; i < 15; i++) { const a = start(out); const f = start(base.file); ratios.push(a / f); own.push(a); }
    results.push(
      { name: `lambda.${area}.bundle_over_floor`, value: Math.round((b.bytes - base.bytes) / 1024), unit: 'KB', target: 150, better: 'lower' },
      { name: `lambda.${area}.start_ratio_vs_floor`, value: +median(ratios).toFixed(3), unit: 'x', target: 1.1, better: 'lower' },
      { name: `lambda.${area}.bundle`, value: Math.round(b.bytes / 1024), unit: 'KB', target: null, better: 'lower' },
      { name: `lambda.${area}.cold_import_ms`, value: Math.round(median(own)), unit: 'ms', target: null, better: 'lower' },
    );
  }
  results.push({ name: 'lambda.floor.bundle', value: Math.round(floor.bytes / 1024), unit: 'KB', target: null, better: 'lower' });
  rmSync(tmp, { recursive: true, force: true });
  return results;
}
