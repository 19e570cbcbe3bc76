import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch as undiciFetch } from 'undici';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/**
 * Wrong passwords slow down the (email, address) they come from, more with each failure; they never
 * lock the email: the member still signs in from their own address.
 */
let env: TestEnv;
let t0: Date;
beforeAll(async () => {
  env = await createTestEnv({ limits: { loginsPerEmail: 3 } });
  t0 = env.deps.clock();
  env.setNow(t0);
});
afterAll(async () => { await env?.close(); });

const at = (seconds: number) => env.setNow(new Date(t0.getTime() + seconds * 1000));

/** Another machine: the server sees the connection come from 127.0.0.2. */
const elsewhere = new Agent({
  localAddress: '127.0.0.2',
  connect: {
    lookup: (_h, o, cb) => ((o as { all?: boolean }).all
      ? (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }])
      : (cb as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4)),
  },
});
async function attackerLogin(email: string, password: string) {
  const port = new URL(env.url).port;
  const res = await undiciFetch(`http://${hosts.coloc}:${port}/api/v1/auth/login`, {
    method: 'POST', dispatcher: elsewhere, headers: { 'content-type': 'application/json', origin: `http://${hosts.coloc}:${port}` },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0) };
}

describe('failed logins', () => {
  it('after the free attempts each failure doubles the wait of that (email, address), and the member signs in from their own', async () => {
    at(0);
    const fails = [];
    for (let i = 0; i < 3; i++) fails.push((await attackerLogin(DEMO.coloc.member, 'guess ' + i)).status);
    expect(fails).toEqual([401, 401, 401]);
    const first = await attackerLogin(DEMO.coloc.member, 'guess 3');
    expect(first).toMatchObject({ status: 429, retryAfter: 30 });
    // The real member, from their own address, is not held back.
    await new Browser(env.url, hosts.coloc).login(DEMO.coloc.member, DEMO.password);
    at(31);
    expect((await attackerLogin(DEMO.coloc.member, 'guess 4')).status).toBe(401);
    const second = await attackerLogin(DEMO.coloc.member, 'guess 5');
    expect(second).toMatchObject({ status: 429, retryAfter: 60 });
    at(92);
    expect((await attackerLogin(DEMO.coloc.member, 'guess 6')).status).toBe(401);
    expect((await attackerLogin(DEMO.coloc.member, 'guess 7'))).toMatchObject({ status: 429, retryAfter: 120 });
  });

  it('a success clears the count of its (email, address)', async () => {
    at(1000);
    for (let i = 0; i < 3; i++) expect((await attackerLogin(DEMO.coloc.member2, 'wrong ' + i)).status).toBe(401);
    at(1031);
    expect((await attackerLogin(DEMO.coloc.member2, DEMO.password)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await attackerLogin(DEMO.coloc.member2, 'wrong again ' + i)).status).toBe(401);
  });
});
