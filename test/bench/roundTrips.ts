import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { countRoundTrips, createDb, ensureTable } from '@lieu/db';
import { DEFAULT_LIMITS } from '@lieu/http';
import { createLocalApp } from '../../packages/local/src/server';
import { seedDemo } from '../../packages/local/src/seed';
import { Browser, DEMO, hosts } from '../support/http';
import type { BenchResult } from './types';

export interface BenchServer {
  /** The local server's `http://127.0.0.1:PORT` (portal and API). */
  url: string;
  browser(host: string): Browser;
  /** DynamoDB round trips (SDK commands sent) and their names, during `fn`. */
  count(fn: () => Promise<unknown>): Promise<{ calls: number; byCommand: Record<string, number> }>;
  close(): Promise<void>;
}

/** The local app on a fresh table of the bench's DynamoDB Local, with a round-trip counter. */
export async function benchServer(endpoint: string): Promise<BenchServer> {
  const db = createDb({ tableName: `bench_${randomBytes(4).toString('hex')}`, endpoint, region: 'local' });
  await ensureTable(db);
  await seedDemo(db);
  const counter = countRoundTrips(db);
  // Production-like: the host → tenant resolution is cached per process (warm Lambda).
  const deps: Parameters<typeof createLocalApp>[0] = {
    db, jwtSecret: randomBytes(32), platformDomain: 'localhost', clock: () => new Date(), secureCookies: false,
    tenantCacheMs: 60_000, devMode: true /* the dev mailbox: a sign-up completes through its emailed link */, limits: { ...DEFAULT_LIMITS, signupsPerIp: 1e6, spacesPerIp: 1e6, loginsPerIp: 1e6, loginsPerEmail: 1e6 },
  };
  const { app } = createLocalApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)); });
  const { port } = server.address() as { port: number };
  // Links and redirects (a new space's sign-in link, the onboarding flow of \`bench web\`) point at this server.
  deps.publicPort = port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    browser: (host) => new Browser(url, host),
    async count(fn) { counter.reset(); await fn(); return { calls: counter.calls, byCommand: { ...counter.byCommand } }; },
    async close() { await new Promise((r) => server.close(r)); db.raw.destroy(); },
  };
}

/** DynamoDB round trips per request of the identity routes. */
export async function benchIdentityRoundTrips(s: BenchServer): Promise<BenchResult[]> {
  const b = s.browser(hosts.machinerie);
  await b.fetch('/api/v1/tenant'); // warm the host → tenant cache, as a warm Lambda would be
  // A member's sign-up is two requests: the form (202, a link mailed) and the link's confirmation.
  const email = `bench${Date.now()}@x.example`;
  const signup = await s.count(() => b.fetch('/api/v1/auth/signup', { method: 'POST', json: { name: 'Bench', email, password: 'bench password' } }));
  const [token] = await b.mailedTokens(email, '/signup');
  const confirm = await s.count(() => b.fetch('/api/v1/auth/signup/confirm', { method: 'POST', json: { token } }));
  const me = await s.count(() => b.fetch('/api/v1/auth/me'));
  const login = await s.count(() => s.browser(hosts.machinerie).login(DEMO.machinerie.member, DEMO.password));
  const space = await s.count(() => s.browser(hosts.platform).fetch('/api/v1/platform/signup', {
    method: 'POST', json: { name: 'Bench space', slug: `bench-${Date.now()}`, legalForm: 'association', owner: { name: 'O', email: 'o@bench.example', password: 'bench password' } },
  }));
  const rt = (name: string, r: { calls: number; byCommand: Record<string, number> }, target: number): BenchResult =>
    ({ name: `roundtrips.${name}`, value: r.calls, unit: `calls (${Object.entries(r.byCommand).map(([k, v]) => `${k.replace('Command', '')}×${v}`).join(', ')})`, target, better: 'lower' });
  return [rt('member_signup', signup, 2), rt('member_signup_confirm', confirm, 2), rt('space_signup', space, 2), rt('me', me, 1), rt('login', login, 5)];
}
