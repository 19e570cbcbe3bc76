import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleProbe } from './bundles';
import type { BenchResult } from './types';

/**
 * Lambda starts: each deployed entry `functions/<name>/handler.ts` (the HTTP groups and
 * the Stripe worker) bundled like production (esbuild, minified, ESM) and compared with a floor
 * Lambda (hono + DynamoDB client doing nothing) bundled the same way: process-start time as a paired
 * ratio (median of 15 alternating runs, so machine noise hits both sides alike), held to 1.3x, and
 * bytes over the floor (reported). Entries that import Stripe are held against the floor plus the Stripe SDK.
 */
export async function benchLambdas(root: string): Promise<BenchResult[]> {
  const probe = await bundleProbe(root);
  const results: BenchResult[] = [];
  try {
    for (const name of readdirSync(join(root, 'functions')).sort()) {
      const entry = join(root, 'functions', name, 'handler.ts');
      if (!existsSync(entry)) continue;
      const f = await probe.measure(entry);
      results.push(
        { name: `lambda.${name}.start_ratio_vs_floor`, value: +f.startRatio.toFixed(3), unit: `x (${f.stripe ? 'floor + Stripe SDK' : 'floor'})`, target: 1.3, better: 'lower' },
        { name: `lambda.${name}.bundle_over_floor`, value: Math.round(f.overFloor / 1024), unit: 'KB', target: null, better: 'lower' },
        { name: `lambda.${name}.bundle`, value: Math.round(f.bytes / 1024), unit: 'KB', target: null, better: 'lower' },
        { name: `lambda.${name}.cold_import_ms`, value: Math.round(f.startMs), unit: 'ms', target: null, better: 'lower' },
      );
    }
    results.push({ name: 'lambda.floor.bundle', value: Math.round(probe.floorBytes / 1024), unit: 'KB', target: null, better: 'lower' });
  } finally { probe.close(); }
  return results;
}
