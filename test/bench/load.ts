import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { createDb, ensureTable } from '@lieu/db';
import { DEFAULT_LIMITS } from '@lieu/http';
import { createLocalApp } from '../../packages/local/src/server';
import { seedDemo } from '../../packages/local/src/seed';
import { Browser, DEMO, hosts } from '../support/http';
import { DAY } from './cost';
import { rng, shapeOf, weekday } from './daySim';
import type { BenchResult } from './types';

/**
 * 100 spaces' weekday compressed into 60 s against the local server (loopback only): the arrivals of
 * the cold-start simulation (daySim.ts: the same mix, hours, peaks and event burst), 24 h mapped onto
 * 60 s. A 2-core machine cannot send 100 spaces' 1.1 M requests in a minute, so a seeded sample of
 * SAMPLE of them keeps the day's shape (the lunch and evening peaks, the burst) at a bounded rate,
 * at most MAX_IN_FLIGHT at once; whatever has not answered DRAIN_MS after the last arrival is
 * aborted and counted as an error (run it on a quiet machine: the server shares its cores with the sender
 * and DynamoDB Local). Each route's p95 under load is printed next to its time alone.
 */
const SPACES = 100;
const SAMPLE = 3_000;
const WINDOW_MS = 60_000;
const MAX_IN_FLIGHT = 64;
const DRAIN_MS = 60_000;

export async function benchLoad(endpoint: string): Promise<BenchResult[]> {
  const db = createDb({ tableName: `bench_load_${randomBytes(4).toString('hex')}`, endpoint, region: 'local' });
  await ensureTable(db);
  await seedDemo(db);
  const { app } = createLocalApp({
    db, jwtSecret: randomBytes(32), platformDomain: 'localhost', clock: () => new Date(), secureCookies: false,
    tenantCacheMs: 60_000, devMode: false, limits: { ...DEFAULT_LIMITS, signupsPerIp: 1e6, loginsPerIp: 1e6, loginsPerEmail: 1e6 },
  });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s)); });
  const abort = new AbortController();
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    // Two spaces of the demo stand for the hundred: each arrival goes to one, its member signed in.
    const members = await Promise.all([
      new Browser(url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password),
      new Browser(url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password),
      new Browser(url, hosts.coloc).login(DEMO.coloc.member, DEMO.password),
      new Browser(url, hosts.coloc).login(DEMO.coloc.member2, DEMO.password),
    ]);
    const json = async (r: Response) => (await r.json()) as any;
    const spaces = await Promise.all(members.map(async (m, i) => {
      // A space that does not run a module answers 404 there (La Coloc' runs the coworking only).
      const resources = ((await json(await m.fetch('/api/v1/resources'))).items ?? []) as { id: string; name: string }[];
      const products = ((await json(await m.fetch('/api/v1/shop/products'))).items ?? []) as { id: string }[];
      const events = (await m.fetch('/api/v1/public/events')).status === 200;
      return { member: m, host: i < 2 ? hosts.machinerie : hosts.coloc, email: i < 2 ? DEMO.machinerie.member2 : DEMO.coloc.member2, resources, products, events };
    }));
    // A request that needs a resource or a product goes to a space that has one.
    const withResources = spaces.filter((s) => s.resources.length > 0), withProducts = spaces.filter((s) => s.products.length > 0);
    const withEvents = spaces.filter((s) => s.events);
    const needs: Record<string, typeof spaces> = {
      availability: withResources, create_booking: withResources, place_order: withProducts, shop_catalogue: withProducts, events: withEvents,
    };
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const signal = abort.signal;
    let n = 0;
    const booked: { s: (typeof spaces)[number]; id: string }[] = [];
    const send: Record<string, (s: (typeof spaces)[number]) => Promise<Response>> = {
      tenant: (s) => s.member.fetch('/api/v1/tenant', { signal }),
      me: (s) => s.member.fetch('/api/v1/auth/me', { signal }),
      my_bookings: (s) => s.member.fetch('/api/v1/me/bookings', { signal }),
      resources: (s) => s.member.fetch('/api/v1/resources', { signal }),
      availability: (s) => s.member.fetch(`/api/v1/resources/${s.resources[n++ % s.resources.length]!.id}/availability?date=${day}`, { signal }),
      shop_catalogue: (s) => s.member.fetch('/api/v1/shop/products', { signal }),
      events: (s) => s.member.fetch('/api/v1/public/events', { signal }),
      billing_me: (s) => s.member.fetch('/api/v1/billing/me', { signal }),
      login: (s) => new Browser(url, s.host).fetch('/api/v1/auth/login', { method: 'POST', json: { email: s.email, password: DEMO.password }, signal }),
      // Members book a half hour each on different resources and minutes: conflicts (409) are answers too.
      create_booking: async (s) => {
        const i = n++, h = 8 + (i % 10), m = (Math.floor(i / 10) % 2) * 30;
        const start = `${day}T${String(h).padStart(2, '0')}:${m === 0 ? '00' : '30'}:00+01:00`;
        const end = `${day}T${String(m === 0 ? h : h + 1).padStart(2, '0')}:${m === 0 ? '30' : '00'}:00+01:00`;
        const r = await s.member.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: s.resources[i % s.resources.length]!.id, start, end }, signal });
        if (r.status === 201) booked.push({ s, id: ((await r.clone().json()) as { id: string }).id });
        return r;
      },
      cancel_booking: (s) => {
        const b = booked.shift();
        return b ? b.s.member.fetch(`/api/v1/bookings/${b.id}/cancel`, { method: 'POST', json: {}, signal }) : s.member.fetch('/api/v1/me/bookings', { signal });
      },
      place_order: (s) => s.member.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: s.products[n++ % s.products.length]!.id, quantity: 1 }], pay: 'desk' }, signal }),
    };

    // Each route alone first (median of 5, quiet): the yardstick for its p95 under load.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const alone: Record<string, number> = {};
    for (const route of Object.keys(send)) {
      const times: number[] = [];
      const s = (needs[route] ?? spaces)[0]!;
      for (let i = 0; i < 5; i++) { const t0 = performance.now(); await (await send[route]!(s)).arrayBuffer(); times.push(performance.now() - t0); }
      alone[route] = median(times);
    }

    const all = weekday(shapeOf(DAY), SPACES, 2026);
    const pick = rng(7);
    const sample = all.filter(() => pick() < SAMPLE / all.length);
    const times = new Map<string, number[]>();
    const reasons = new Set<string>();
    let errors = 0, fivexx = 0, statuses4 = 0, inFlight = 0, peak = 0;
    const waiting: (() => void)[] = [];
    const t0 = performance.now();
    const fire = async (route: string, s: (typeof spaces)[number]) => {
      if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((ok) => waiting.push(ok));
      inFlight++; peak = Math.max(peak, inFlight);
      const start = performance.now();
      try {
        const r = await send[route]!(s);
        await r.arrayBuffer();
        if (r.status >= 500) fivexx++; else if (r.status >= 400) statuses4++;
        (times.get(route) ?? times.set(route, []).get(route)!).push(performance.now() - start);
      } catch (e) { errors++; reasons.add(String((e as Error).cause ?? e).slice(0, 160)); } finally { inFlight--; waiting.shift()?.(); }
    };
    const pending: Promise<void>[] = [];
    for (const [i, a] of sample.entries()) {
      const at = (a.t / 86_400_000) * WINDOW_MS;
      const wait = at - (performance.now() - t0);
      if (wait > 1) await new Promise((ok) => setTimeout(ok, wait));
      const pool = needs[a.route] ?? spaces;
      pending.push(fire(a.route, pool[i % pool.length]!));
    }
    const drained = await Promise.race([Promise.all(pending).then(() => true), new Promise<boolean>((ok) => setTimeout(() => ok(false), DRAIN_MS))]);
    if (!drained) abort.abort();
    await Promise.allSettled(pending);
    const elapsed = (performance.now() - t0) / 1000;

    const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))]!;
    const rows = [...times.entries()].sort().map(([route, xs]) => ({ route, requests: xs.length, 'alone ms': Math.round(alone[route]!), 'p95 ms': Math.round(p95(xs)), 'p95 / alone': +(p95(xs) / alone[route]!).toFixed(1) }));
    console.log(`\nLoad: ${sample.length} of ${SPACES} spaces' ${all.length} weekday requests, the day in ${WINDOW_MS / 1000} s (${elapsed.toFixed(1)} s with the drain; peak ${peak} in flight)`);
    console.table(rows);
    if (reasons.size) console.log('no answer:', [...reasons].join(' | '));
    return [
      { name: 'load.requests', value: sample.length, unit: `requests sent (a seeded sample of ${SPACES} spaces' weekday, ${WINDOW_MS / 1000} s; ${statuses4} answered 4xx, e.g. a taken slot)`, target: null, better: 'higher' },
      { name: 'load.errors', value: errors, unit: 'requests with no answer (network error, or aborted after the drain)', target: 0, better: 'lower' },
      { name: 'load.5xx', value: fivexx, unit: 'answers 5xx', target: 0, better: 'lower' },
      ...rows.map((r) => ({ name: `load.${r.route}.p95_over_alone`, value: r['p95 / alone'], unit: `x (p95 ${r['p95 ms']} ms under load, ${r['alone ms']} ms alone; ${r.requests} requests)`, target: null, better: 'lower' as const })),
    ];
  } finally {
    abort.abort();
    await new Promise((r) => server.close(r));
    db.raw.destroy();
  }
}
