/**
 * `pnpm bench`: runs every benchmark and writes test/bench/results.json (a list of
 * `{ name, value, unit, target, better }`) plus a readable table. Counts are exact (round trips,
 * bytes); times are medians and, where the machine is noisy, ratios measured pair by pair.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDynamoLocal } from '../../packages/local/src/dynamo';
import { benchLambdas } from './lambdas';
import { benchIdentityRoundTrips, benchServer } from './roundTrips';
import { extraBenches } from './extra';
import { benchWeb } from './web';
import { benchCost } from './cost';
import { benchColdStarts } from './coldstarts';
import { benchLoad } from './load';
import { ensureWebBuild } from '../support/webMetrics';
import type { BenchResult } from './types';

process.env.LOG_LEVEL ??= 'SILENT';
const root = resolve(import.meta.dirname, '../..');
const only = process.argv[2];
const results: BenchResult[] = [];

// Sections: `lambdas` (bundles), `coldstarts` (a weekday per Lambda topology), `web` (portal), `cost`
// (a 300-member day), `load` (100 spaces' day in 60 s); any other name (or none) also runs the API
// figures (round trips, capacity, throughput).
const wants = (section: string) => !only || only === section;
const offline = ['lambdas', 'coldstarts'];
if (wants('lambdas')) results.push(...(await benchLambdas(root)));
if (wants('coldstarts')) results.push(...(await benchColdStarts(root)));
if (!only || !offline.includes(only)) {
  // The local server reads web/dist's index.html when it starts: build the portal first.
  if (wants('web')) ensureWebBuild();
  const dynamo = await startDynamoLocal();
  try {
    const server = await benchServer(dynamo.endpoint);
    try {
      if (!only || !['web', 'cost', 'load'].includes(only)) {
        results.push(...(await benchIdentityRoundTrips(server)));
        for (const bench of extraBenches) results.push(...(await bench(server, dynamo.endpoint)));
      }
      if (wants('web')) results.push(...(await benchWeb(server)));
      if (wants('cost')) results.push(...(await benchCost(server, dynamo.endpoint)));
      if (wants('load')) results.push(...(await benchLoad(dynamo.endpoint)));
    } finally { await server.close(); }
  } finally { await dynamo.stop(); }
}

const ok = (r: BenchResult) => r.target === null || (r.better === 'lower' ? r.value <= r.target : r.value >= r.target);
console.table(results.map((r) => ({ name: r.name, value: r.value, unit: r.unit, target: r.target ?? '', ok: r.target === null ? '' : ok(r) ? 'yes' : 'NO' })));
// A partial run (`pnpm bench lambdas`, `pnpm bench web`) keeps the other figures of the last full run.
const file = join(root, 'test/bench/results.json');
const previous: BenchResult[] = only && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
const merged = [...previous.filter((p) => !results.some((r) => r.name === p.name)), ...results];
writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
console.log(`wrote test/bench/results.json (${results.length} figures, ${results.filter((r) => r.target !== null && !ok(r)).length} off target)`);
