import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/** The rate limits' address is the connection's, not what the client writes in X-Forwarded-For. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv({ limits: { loginsPerIp: 3 } }); });
afterAll(async () => { await env?.close(); });

describe('client address', () => {
  it('a new forged X-Forwarded-For on each attempt does not escape the per-address login limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await new Browser(env.url, hosts.coloc).fetch('/api/v1/auth/login', {
        method: 'POST', json: { email: `nobody${i}@coloc.example`, password: 'wrong password' },
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
