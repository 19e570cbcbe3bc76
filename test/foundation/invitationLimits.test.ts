import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/** Invitations are emailed links too: limited per recipient. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

describe('invitation limits', () => {
  it('one address gets at most linksPerEmail invitations a window (then 429 with Retry-After); another address is unaffected', async () => {
    const op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const invite = (email: string) => op.fetch('/api/v1/invitations', { method: 'POST', json: { email } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await invite('flooded@example.org')).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    const again = await invite('flooded@example.org');
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await invite('someone-else@example.org')).status).toBe(202);
  });
});
