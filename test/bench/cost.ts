import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { createDb, ensureTable } from '@lieu/db';
import { DEFAULT_LIMITS } from '@lieu/http';
import { createLocalApp } from '../../packages/local/src/server';
import { seedDemo } from '../../packages/local/src/seed';
import { ALARMS } from '../../infra/lib/observability';
import { Browser, DEMO, hosts } from '../support/http';
import { measureCapacity } from './capacity';
import type { BenchServer } from './roundTrips';
import type { BenchResult } from './types';

/**
 * The cost from measured capacity, split into the platform's fixed cost and what one 300-member space adds. A 300-member space's day, in the demo seed's shape, is a mix
 * of request types (DAY below); each type is replayed SAMPLES times against DynamoDB Local through the
 * local app (warm caches, as warm Lambdas), counting the consumed capacity of every command
 * (`ReturnConsumedCapacity: TOTAL`, see capacity.ts) and the request's wall time on this machine (an
 * upper bound of the Lambda's billed duration: it includes HTTP and DynamoDB Local). One API request
 * = one Lambda invocation + one API Gateway request. × 30 days, priced on demand (PRICES).
 */
const SAMPLES = 10;
const DAYS = 30;

/** Prices used (USD, eu-west-3 Paris list prices, on demand, checked November 2026; free tiers ignored but CloudFront's always-free 1 TB). */
export const PRICES = {
  date: '2026-11',
  sesPerThousand: 0.10,
  lambdaGbSecond: 0.0000133334, // arm64
  lambdaPerMillion: 0.20,
  apiGatewayHttpPerMillion: 1.17,
  dynamoReadPerMillion: 0.1415, // on-demand read request units
  dynamoWritePerMillion: 0.7063, // on-demand write request units
  lambdaMemoryGb: 0.5, // the HTTP functions (infra/lib/fn.ts: 512 MB)
  alarmPerMonth: 0.10,
  /** The platform's, whatever its spaces (docs/deploy.md's table): storage + PITR 0.52 (1 GB), S3 (portal) 0.05, 3 secrets 1.25. */
  otherFixedPerMonth: 0.52 + 0.05 + 1.25,
  /** CloudWatch Logs of a 300-member space's month (≈ 0.3 GB of JSON and access logs), an estimate, not measured. */
  logsPerSpaceMonth: 0.20,
};

/** A day of a 300-member space (100 members active a day; the demo seed's spaces, resources, shop and events). */
export const DAY: Record<string, number> = {
  tenant: 3000, // every page view resolves the space (branding)
  me: 3000, // and the session
  my_bookings: 1000, // home
  resources: 800, // booking page
  availability: 2400, // 3 resource-days per booking page view
  shop_catalogue: 400,
  events: 300,
  billing_me: 200,
  login: 30,
  create_booking: 40,
  cancel_booking: 5,
  place_order: 20,
};

const weekdaysAhead = (n: number, from = 3): string[] => {
  const out: string[] = [];
  for (let d = from; out.length < n; d++) {
    const day = new Date(Date.now() + d * 86_400_000);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) out.push(day.toISOString().slice(0, 10));
  }
  return out;
};

export async function benchCost(_server: BenchServer, endpoint: string): Promise<BenchResult[]> {
  const db = createDb({ tableName: `bench_cost_${randomBytes(4).toString('hex')}`, endpoint, region: 'local' });
  await ensureTable(db);
  await seedDemo(db);
  const meter = measureCapacity(db, 'lieuCostCapacity');
  const { app } = createLocalApp({
    db, jwtSecret: randomBytes(32), platformDomain: 'localhost', clock: () => new Date(), secureCookies: false,
    tenantCacheMs: 60_000, devMode: false, limits: { ...DEFAULT_LIMITS, signupsPerIp: 1e6, loginsPerIp: 1e6, loginsPerEmail: 1e6 },
  });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s)); });
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const lea = await new Browser(url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const yanis = await new Browser(url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password);
    const json = async (r: Response) => (await r.json()) as any;
    const rooms = (await json(await lea.fetch('/api/v1/resources'))).items as { id: string; name: string }[];
    const room = rooms.find((r) => r.name === 'Salle Somme')!;
    const products = (await json(await yanis.fetch('/api/v1/shop/products'))).items as { id: string }[];
    const days = weekdaysAhead(4);
    const slots = days.flatMap((d) => ['09', '10', '11', '14', '15', '16'].map((h) => ({ start: `${d}T${h}:00:00+01:00`, end: `${d}T${h}:30:00+01:00` })));
    const booked: string[] = [];
    let slot = 0, order = 0;

    const request: Record<string, () => Promise<Response>> = {
      tenant: () => lea.fetch('/api/v1/tenant'),
      me: () => lea.fetch('/api/v1/auth/me'),
      my_bookings: () => lea.fetch('/api/v1/me/bookings'),
      resources: () => lea.fetch('/api/v1/resources'),
      availability: () => lea.fetch(`/api/v1/resources/${room.id}/availability?date=${days[0]}`),
      shop_catalogue: () => yanis.fetch('/api/v1/shop/products'),
      events: () => lea.fetch('/api/v1/public/events'),
      billing_me: () => lea.fetch('/api/v1/billing/me'),
      login: () => new Browser(url, hosts.machinerie).fetch('/api/v1/auth/login', { method: 'POST', json: { email: DEMO.machinerie.member2, password: DEMO.password } }),
      create_booking: async () => {
        const r = await lea.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: room.id, ...slots[slot++ % slots.length] } });
        if (r.status === 201) booked.push((await r.clone().json() as { id: string }).id);
        return r;
      },
      cancel_booking: () => lea.fetch(`/api/v1/bookings/${booked.shift()}/cancel`, { method: 'POST', json: {} }),
      place_order: () => yanis.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: products[order++ % products.length]!.id, quantity: 1 }], pay: 'desk' } }),
    };

    // Warm caches (host → tenant, rules, catalogue) as a warm Lambda has them; not counted.
    for (const name of ['tenant', 'me', 'resources', 'availability', 'shop_catalogue', 'events', 'billing_me', 'create_booking']) await (await request[name]!()).arrayBuffer();
    const perType: Record<string, { rru: number; wru: number; calls: number; ms: number }> = {};
    for (const name of Object.keys(DAY)) {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const t0 = performance.now();
        const res = await meter.during(name, request[name]!);
        await res.arrayBuffer();
        times.push(performance.now() - t0);
        if (res.status >= 300) throw new Error(`cost bench: ${name} answered ${res.status}`);
      }
      const c = meter.byLabel.get(name) ?? { read: 0, write: 0, calls: 0 };
      perType[name] = { rru: c.read / SAMPLES, wru: c.write / SAMPLES, calls: c.calls / SAMPLES, ms: times.reduce((a, b) => a + b, 0) / SAMPLES };
    }

    // One space's month: Σ per type × daily count × 30. What it adds is the marginal cost of a space.
    let requests = 0, rru = 0, wru = 0, gbSeconds = 0;
    for (const [name, perDay] of Object.entries(DAY)) {
      const n = perDay * DAYS, t = perType[name]!;
      requests += n; rru += n * t.rru; wru += n * t.wru; gbSeconds += n * (t.ms / 1000) * PRICES.lambdaMemoryGb;
    }
    // Jobs: the schedule's ticks serve every space at once (rate(15 min) outbox-retry, 2 hourly, 3 daily, 1 monthly:
    // fixed); one stream batch per email is the space's (~emails ≈ bookings + orders + logins' links).
    const tickInvocations = DAYS * (96 + 24 * 2 + 3) + 1;
    const emails = DAYS * (DAY.create_booking! + DAY.place_order! + 10);
    const jobUsd = (invocations: number) => invocations * 0.3 * 0.25 * PRICES.lambdaGbSecond + invocations / 1e6 * PRICES.lambdaPerMillion;
    const alarms = ALARMS.length;

    const marginal = {
      lambda: gbSeconds * PRICES.lambdaGbSecond + requests / 1e6 * PRICES.lambdaPerMillion + jobUsd(emails),
      apiGateway: requests / 1e6 * PRICES.apiGatewayHttpPerMillion,
      dynamoRequests: rru / 1e6 * PRICES.dynamoReadPerMillion + wru / 1e6 * PRICES.dynamoWritePerMillion,
    };
    const fixed = { alarms: alarms * PRICES.alarmPerMonth, other: PRICES.otherFixedPerMonth, jobTicks: jobUsd(tickInvocations) };
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    const marginalUsd = sum(marginal), fixedUsd = sum(fixed);
    const besides = emails / 1000 * PRICES.sesPerThousand + PRICES.logsPerSpaceMonth;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const per = (name: string) => {
      const t = perType[name]!;
      return { name: `cost.request.${name}`, value: +t.rru.toFixed(2), unit: `RRU per request (WRU ${t.wru.toFixed(2)}, ${t.calls.toFixed(1)} DynamoDB calls, ${Math.round(t.ms)} ms local; ${DAY[name]} a day)`, target: null, better: 'lower' } as BenchResult;
    };
    const p = `prices ${PRICES.date}, eu-west-3, on demand`;
    console.log(`\nCost a month (${p}): platform fixed $${fixedUsd.toFixed(2)} (alarms ${alarms} × $${PRICES.alarmPerMonth}, storage + PITR, S3, secrets, job ticks); `
      + `one 300-member space adds $${marginalUsd.toFixed(2)} (Lambda $${marginal.lambda.toFixed(2)}, API Gateway $${marginal.apiGateway.toFixed(2)}, DynamoDB $${marginal.dynamoRequests.toFixed(2)}), `
      + `and ≈ $${besides.toFixed(2)} of email and logs`);
    return [
      ...Object.keys(DAY).map(per),
      { name: 'cost.month.api_requests', value: requests, unit: 'API requests = Lambda invocations (one 300-member space, 30 days)', target: null, better: 'lower' },
      { name: 'cost.month.dynamodb_rru', value: Math.round(rru), unit: 'read request units (measured per request type)', target: null, better: 'lower' },
      { name: 'cost.month.dynamodb_wru', value: Math.round(wru), unit: 'write request units (transactions count double)', target: null, better: 'lower' },
      { name: 'cost.month.lambda_gb_seconds', value: Math.round(gbSeconds), unit: 'GB-s (HTTP functions at 512 MB × measured local time, an upper bound)', target: null, better: 'lower' },
      { name: 'cost.month.usd.marginal.lambda', value: r2(marginal.lambda), unit: `USD (arm64 $${PRICES.lambdaGbSecond}/GB-s + $${PRICES.lambdaPerMillion}/M, with ${emails} email batches at 0.3 s × 256 MB; ${p})`, target: null, better: 'lower' },
      { name: 'cost.month.usd.marginal.api_gateway', value: r2(marginal.apiGateway), unit: `USD (HTTP API $${PRICES.apiGatewayHttpPerMillion}/M; ${p})`, target: null, better: 'lower' },
      { name: 'cost.month.usd.marginal.dynamodb_requests', value: r2(marginal.dynamoRequests), unit: `USD (on demand $${PRICES.dynamoReadPerMillion}/M RRU, $${PRICES.dynamoWritePerMillion}/M WRU; ${p})`, target: null, better: 'lower' },
      { name: 'cost.month.usd.marginal', value: r2(marginalUsd), unit: `USD a month one 300-member space adds (its requests: Lambda + API Gateway + DynamoDB; ${p})`, target: 0.6, better: 'lower' },
      { name: 'cost.month.usd.marginal.email_and_logs', value: r2(besides), unit: `USD a month of the space's email (${emails} × SES $${PRICES.sesPerThousand}/1000) and logs (≈ $${PRICES.logsPerSpaceMonth}, estimated); not in the target`, target: null, better: 'lower' },
      { name: 'cost.month.usd.fixed.alarms', value: r2(fixed.alarms), unit: `USD (${alarms} alarms × $${PRICES.alarmPerMonth}: API 5xx, Lambda errors and throttles over every function, DLQ depth; ${p})`, target: null, better: 'lower' },
      { name: 'cost.month.usd.fixed.other', value: r2(fixed.other + fixed.jobTicks), unit: `USD (storage + PITR, S3, secrets: docs/deploy.md; ${tickInvocations} job ticks; CloudFront within its free tier; ${p})`, target: null, better: 'lower' },
      { name: 'cost.month.usd.fixed', value: r2(fixedUsd), unit: `USD a month for the platform, whatever its spaces (${p})`, target: 3, better: 'lower' },
      { name: 'cost.month.usd.total', value: r2(fixedUsd + marginalUsd + besides), unit: `USD a month for a platform with one 300-member space (${p})`, target: null, better: 'lower' },
    ];
  } finally {
    await new Promise((r) => server.close(r));
    db.raw.destroy();
  }
}
