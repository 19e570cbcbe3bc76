import { randomBytes } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { inject } from 'vitest';
import { countRoundTrips, createDb, ensureTable, type Db } from '@lieu/db';
import { DEFAULT_LIMITS, setPasswordCost, type Deps, type Route } from '@lieu/http';
import { createLocalApp } from '../../packages/local/src/server';
import { seedDemo } from '../../packages/local/src/seed';
import { testNow } from './clock';

export { testNow } from './clock';

export interface TestEnv {
  db: Db;
  deps: Deps;
  app: ReturnType<typeof createLocalApp>['app'];
  openapi: ReturnType<typeof createLocalApp>['openapi'];
  /** Base URL of a real HTTP server (127.0.0.1:port) serving the app. */
  url: string;
  roundTrips: ReturnType<typeof countRoundTrips>;
  /** Fixes the app's clock at `d` (for expiries); `null` returns to the tests' flowing clock (`testNow()`). */
  setNow(d: Date | null): void;
  close(): Promise<void>;
}

/**
 * A fresh table in the run's DynamoDB Local, the whole local app on it (seeded with the demo tenants
 * unless `seed: false`) and a real HTTP server in front. One per test file. Its clock and the seed start
 * at `testNow()` (`LIEU_TEST_NOW`, else the real time).
 */
export async function createTestEnv(opts: { seed?: boolean; limits?: Partial<Deps['limits']>; tenantCacheMs?: number; extraRoutes?: Route[]; tenantBudget?: Deps['tenantBudget']; sendBudget?: Deps['sendBudget'] } = {}): Promise<TestEnv> {
  // Many logins per file: the tests' hashes cost 2^14, not production's 2^17 (tests of the cost set it back).
  setPasswordCost(14);
  const endpoint = inject('dynamoEndpoint');
  const db = createDb({ tableName: `t_${randomBytes(6).toString('hex')}`, endpoint, region: 'local' });
  await ensureTable(db);
  if (opts.seed !== false) await seedDemo(db, testNow());
  let fixed: Date | null = null;
  const deps: Deps = {
    db, jwtSecret: randomBytes(32), platformDomain: 'localhost', clock: () => fixed ?? testNow(), secureCookies: false,
    tenantCacheMs: opts.tenantCacheMs ?? 0, devMode: true,
    limits: { ...DEFAULT_LIMITS, signupsPerIp: 10_000, spacesPerIp: 10_000, loginsPerIp: 10_000, ...opts.limits },
    ...(opts.tenantBudget ? { tenantBudget: opts.tenantBudget } : {}),
    ...(opts.sendBudget ? { sendBudget: opts.sendBudget } : {}),
  };
  const { app, openapi } = createLocalApp(deps, opts.extraRoutes);
  const roundTrips = countRoundTrips(db);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  deps.publicPort = port; // links in emails and feeds point at this server
  return {
    db, deps, app, openapi, url: `http://127.0.0.1:${port}`, roundTrips,
    setNow(d) { fixed = d; },
    async close() { await new Promise((r) => server.close(r)); db.raw.destroy(); },
  };
}
