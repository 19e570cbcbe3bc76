import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../packages/local/src/server';
import { Browser, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/** One space's flood does not starve the others; the portal answers with its security headers. */
let env: TestEnv;
let t0: Date;
beforeAll(async () => {
  env = await createTestEnv({ tenantBudget: { perSecond: 1, burst: 5 } });
  t0 = env.deps.clock();
  env.setNow(t0);
});
afterAll(async () => { await env?.close(); });

describe('per-space request budget', () => {
  it('a space past its burst is answered 429 with Retry-After while another space is served; it refills with time', async () => {
    const busy = new Browser(env.url, hosts.machinerie);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await busy.fetch('/api/v1/tenant')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await busy.fetch('/api/v1/tenant');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await new Browser(env.url, hosts.coloc).fetch('/api/v1/tenant')).status).toBe(200);
    env.setNow(new Date(t0.getTime() + 2000));
    expect((await busy.fetch('/api/v1/tenant')).status).toBe(200);
  });
});

describe('portal security headers', () => {
  it.skipIf(!existsSync(join(WEB_DIST, 'index.html')))('the portal page allows scripts from its own origin only, and sets referrer and permissions policies', async () => {
    const res = await new Browser(env.url, hosts.coloc).fetch('/login');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
