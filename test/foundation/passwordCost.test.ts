import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPasswordCost } from '@lieu/http';
import { tenantRealm, usersRepo } from '@lieu/db';
import { Browser, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/** A hash made at an older, cheaper cost is replaced at today's cost on the next successful login. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { setPasswordCost(14); await env?.close(); });

describe('password rehash on login', () => {
  it('a member whose hash costs 2^14 gets a hash at the current cost after signing in, and still signs in', async () => {
    const email = 'rehash@example.org';
    const b = new Browser(env.url, hosts.machinerie);
    const res = await b.signUp({ name: 'Re Hash', email, password: 'a long password' });
    expect(res.status).toBe(201);
    const tenantId = (await (await b.fetch('/api/v1/tenant')).json()).id as string;
    const users = usersRepo(env.db, tenantRealm(tenantId));
    expect((await users.getByEmail(email))!.passwordHash!.split('$')[1]).toBe(String(2 ** 14));
    setPasswordCost(15); // "today's cost" for this test; production's is 2^17
    await new Browser(env.url, hosts.machinerie).login(email, 'a long password');
    expect((await users.getByEmail(email))!.passwordHash!.split('$')[1]).toBe(String(2 ** 15));
    await new Browser(env.url, hosts.machinerie).login(email, 'a long password');
  });
});
