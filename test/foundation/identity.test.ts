import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

describe('identity over HTTP', () => {
  it('sign-up → me → logout → me is 401: the round trip of a new member', async () => {
    const b = new Browser(env.url, hosts.machinerie);
    const signup = await b.signUp({ name: 'Inès Test', email: 'Ines@Example.org', password: 'correct horse battery' });
    expect(signup.status).toBe(201);
    expect(b.cookie).toMatch(/^lieu_session=/);
    const me = await b.fetch('/api/v1/auth/me');
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body.user).toMatchObject({ email: 'ines@example.org', name: 'Inès Test', role: 'member' });
    expect(body.user.passwordHash).toBeUndefined();
    const token = b.cookie;
    expect((await b.fetch('/api/v1/auth/logout', { method: 'POST' })).status).toBe(200);
    expect(b.cookie).toBeNull();
    expect((await b.fetch('/api/v1/auth/me')).status).toBe(401);
    // The old token is revoked server-side too, not just forgotten by the browser.
    expect((await b.fetch('/api/v1/auth/me', { headers: { cookie: token! } })).status).toBe(401);
  });

  it('login with the demo password works; a wrong password is 401 with the error shape', async () => {
    const b = new Browser(env.url, hosts.coloc);
    const bad = await b.fetch('/api/v1/auth/login', { method: 'POST', json: { email: DEMO.coloc.member, password: 'nope-nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.any(String) } });
    await b.login(DEMO.coloc.member, DEMO.password);
    const me = await b.api.call((await import('@lieu/api')).auth.me);
    expect(me.user.email).toBe(DEMO.coloc.member);
  });
});

describe('a session cookie of another space', () => {
  it('is refused with 403 and cleared, so the visitor can sign in on this space next', async () => {
    const a = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const b = new Browser(env.url, hosts.coloc);
    b.cookie = a.cookie;
    const res = await b.fetch('/api/v1/tenant');
    expect(res.status).toBe(403);
    expect(b.cookie).toBeNull();
    expect((await b.fetch('/api/v1/tenant')).status).toBe(200);
    await b.login(DEMO.coloc.member, DEMO.password);
  });
});
