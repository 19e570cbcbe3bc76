import { discoverAreas, discoverGroups } from '../../infra/lib/areas';
import { bundleProbe } from './bundles';
import { DAY } from './cost';
import { shapeOf, simulate, weekday, type SimResult } from './daySim';
import type { BenchResult } from './types';

/**
 * How often a member's request meets a Lambda cold start, per topology (which features share a
 * function). A weekday of arrivals (daySim.ts: the cost bench's measured mix as page loads and actions,
 * in a third place's hours, with an event-opening burst; seeded) is replayed on each topology's
 * functions, whose environments serve one request at a time and are reclaimed after an idle time.
 *
 * Cold start of a function = FLOOR_INIT_MS × its bundle's measured start ratio against the floor
 * (bundles.ts, as `pnpm bench lambdas`), × the Stripe floor's own ratio when the bundle carries Stripe.
 */

/**
 * The floor's init on Lambda (Node 22, esbuild-bundled minified ESM with an AWS SDK v3 client): ~250 ms
 * to load the code, from "The Fastest Node 22 Lambda Coldstart Configuration" (speedrun.nobackspacecrew.com,
 * 2025-07-21: Init Duration ~375 ms = ~250 ms loading the application code with AWS SDK v3 clients + ~125 ms
 * for the first HTTPS request to DynamoDB). The first connection is left out: every topology pays it on
 * each cold start alike, so it scales the added latency, not the ranking.
 */
export const FLOOR_INIT_MS = 250;

/** Warm duration of each request type: the cost bench's local times (run of 2026-11-25, docs/deploy.md), an upper bound. */
export const SERVICE_MS: Record<string, number> = {
  tenant: 30, me: 29, my_bookings: 45, resources: 79, availability: 85, shop_catalogue: 86, events: 90,
  billing_me: 111, login: 669, create_booking: 139, cancel_booking: 162, place_order: 348,
};

/** The route each request type of DAY calls (as cost.ts sends it), to find its feature in infra's route table. */
export const ROUTE_OF: Record<string, string> = {
  tenant: 'GET /api/v1/tenant', me: 'GET /api/v1/auth/me', my_bookings: 'GET /api/v1/me/bookings',
  resources: 'GET /api/v1/resources', availability: 'GET /api/v1/resources/r1/availability',
  shop_catalogue: 'GET /api/v1/shop/products', events: 'GET /api/v1/public/events', billing_me: 'GET /api/v1/billing/me',
  login: 'POST /api/v1/auth/login', create_booking: 'POST /api/v1/bookings', cancel_booking: 'POST /api/v1/bookings/b1/cancel',
  place_order: 'POST /api/v1/shop/orders',
};

export const SPACES = [1, 10, 100];
export const IDLE_MINUTES = [2, 5, 15];
export const SEED = 2026;

/** Candidate groupings by feature (functions/<area>); `per-area` and `deployed` are filled in from infra. */
export const CANDIDATES: Record<string, Record<string, string[]>> = {
  'one-function': { api: ['*'] },
  'api+stripe': { api: ['*', '-webhooks'], webhooks: ['webhooks'] },
  '4-groups': {
    public: ['tenants', 'auth', 'event-pages', 'feeds'],
    member: ['bookings', 'calendars', 'resources', 'shop', 'billing', 'event-registrations', 'shop-statements', 'members'],
    staff: ['events', 'member-records', 'reports', 'shop-media'],
    webhooks: ['webhooks'],
  },
};

export interface TopologyRow { topology: string; functions: number; spaces: number; idleMin: number; maxInit: number; sim: SimResult }

export async function benchColdStarts(root: string, opts: { pairs?: number } = {}): Promise<BenchResult[]> {
  const areas = await discoverAreas();
  const names = areas.map((a) => a.name);
  const areaOf = new Map<string, string>();
  for (const [kind, route] of Object.entries(ROUTE_OF)) {
    const [method, path] = route.split(' ') as [string, string];
    const a = areas.find((x) => x.routes.some((r) => r.method.toUpperCase() === method && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(path)));
    if (!a) throw new Error(`coldstarts: no feature serves ${route}`);
    areaOf.set(kind, a.name);
  }
  const expand = (list: string[]) => list.includes('*') ? names.filter((n) => !list.includes(`-${n}`)) : list;
  const topologies: Record<string, Record<string, string[]>> = {
    'per-area': Object.fromEntries(names.map((n) => [n, [n]])),
    ...Object.fromEntries(Object.entries(CANDIDATES).map(([t, g]) => [t, Object.fromEntries(Object.entries(g).map(([k, v]) => [k, expand(v)]))])),
    deployed: Object.fromEntries((await discoverGroups(areas)).map((g) => [g.name, g.areas.map((a) => a.name)])),
  };

  // Only functions the day reaches can start cold: measure those bundles (one per distinct feature set).
  const probe = await bundleProbe(root);
  const pairs = opts.pairs ?? 9;
  const initOf = new Map<string, number>();
  let stripeRatio: number | null = null;
  const reached = new Set(areaOf.values());
  try {
    for (const groups of Object.values(topologies)) {
      for (const [fn, members] of Object.entries(groups)) {
        const key = [...members].sort().join(',');
        if (initOf.has(key) || !members.some((m) => reached.has(m))) continue;
        const f = await probe.measure(probe.entryFor(fn, members), pairs);
        if (f.stripe) stripeRatio ??= probe.stripeFloorRatio(pairs);
        initOf.set(key, FLOOR_INIT_MS * f.startRatio * (f.stripe ? stripeRatio! : 1));
      }
    }
  } finally { probe.close(); }

  const shape = shapeOf(DAY);
  const days = new Map(SPACES.map((n) => [n, weekday(shape, n, SEED)]));
  const rows: TopologyRow[] = [];
  for (const [topology, groups] of Object.entries(topologies)) {
    const fnOfArea = new Map(Object.entries(groups).flatMap(([fn, members]) => members.map((m) => [m, fn] as const)));
    const initByFn = new Map(Object.entries(groups).map(([fn, members]) => [fn, initOf.get([...members].sort().join(',')) ?? FLOOR_INIT_MS]));
    const maxInit = Math.max(...Object.entries(groups).filter(([, m]) => m.some((x) => reached.has(x))).map(([fn]) => initByFn.get(fn)!)) / FLOOR_INIT_MS;
    for (const spaces of SPACES) for (const idleMin of IDLE_MINUTES) {
      const sim = simulate(days.get(spaces)!, {
        functionOf: (route) => fnOfArea.get(areaOf.get(route)!)!, initMs: (fn) => initByFn.get(fn)!,
        serviceMs: (route) => SERVICE_MS[route] ?? 50, idleMs: idleMin * 60_000,
      });
      rows.push({ topology, functions: Object.keys(groups).length, spaces, idleMin, maxInit, sim });
    }
  }
  console.log(`\nCold starts over a weekday (seed ${SEED}; floor init ${FLOOR_INIT_MS} ms × each bundle's start ratio; ${days.get(1)!.length} requests a space)`);
  console.table(rows.map((r) => ({
    topology: r.topology, functions: r.functions, spaces: r.spaces, 'idle min': r.idleMin,
    'cold %': +r.sim.coldShare.toFixed(3), 'p50 ms': Math.round(r.sim.p50), 'p95 ms': Math.round(r.sim.p95), 'p99 ms': Math.round(r.sim.p99),
    'envs started': r.sim.environments, 'peak envs': r.sim.peakEnvironments, 'max init x floor': +r.maxInit.toFixed(2),
  })));

  const results: BenchResult[] = [];
  for (const r of rows) {
    const base = `coldstarts.${r.topology}.${r.spaces}sp.idle${r.idleMin}`;
    const target = r.idleMin !== 5 ? null : r.spaces === 1 ? 1 : r.spaces === 100 ? 0.1 : null;
    results.push({ name: `${base}.cold_share`, value: +r.sim.coldShare.toFixed(3), unit: `% of ${r.sim.requests} requests meeting a cold start (${r.functions} functions)`, target, better: 'lower' });
    if (r.idleMin === 5) {
      results.push(
        { name: `${base}.p99_added_ms`, value: Math.round(r.sim.p99), unit: `ms added by cold starts (p50 ${Math.round(r.sim.p50)}, p95 ${Math.round(r.sim.p95)})`, target: null, better: 'lower' },
        { name: `${base}.environments`, value: r.sim.environments, unit: `environments started in the day (peak ${r.sim.peakEnvironments} alive at once)`, target: null, better: 'lower' },
      );
    }
  }
  for (const t of Object.keys(topologies)) {
    const r = rows.find((x) => x.topology === t)!;
    results.push({ name: `coldstarts.${t}.max_init_ratio`, value: +r.maxInit.toFixed(3), unit: `x the floor's init (${FLOOR_INIT_MS} ms), of the functions the day reaches`, target: 1.3, better: 'lower' });
  }
  return results;
}
