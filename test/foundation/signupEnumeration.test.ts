import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/** The sign-up form answers the same whether or not the email has an account; the email tells which. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv({ limits: { signupsPerIp: 6 } }); });
afterAll(async () => { await env?.close(); });

const signUp = (email: string, name = 'Some One') =>
  new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/signup', { method: 'POST', json: { name, email, password: 'a long password' } });

async function mailTo(to: string) {
  const { emails } = await (await new Browser(env.url, hosts.machinerie).fetch('/api/v1/dev/mailbox')).json();
  return (emails as { to: string; subject: string; text: string }[]).filter((m) => m.to === to);
}

describe('sign-up does not tell who is a member', () => {
  it('a member’s email and a new one get the same answer (202, same body, no session); the member is told by email', async () => {
    const taken = await signUp(DEMO.machinerie.member);
    const fresh = await signUp('brand-new@example.org');
    expect(taken.status).toBe(202);
    expect(fresh.status).toBe(202);
    expect(await taken.json()).toEqual(await fresh.json());
    expect(taken.headers.getSetCookie()).toEqual([]);
    expect(fresh.headers.getSetCookie()).toEqual([]);
    const note = await mailTo(DEMO.machinerie.member);
    expect(note.some((m) => /déjà un compte|already have an account/.test(m.subject))).toBe(true);
    expect(note.some((m) => m.text.includes('/signup?token='))).toBe(false);
  });

  it('the account is created when the mailed link is opened, once', async () => {
    const b = new Browser(env.url, hosts.machinerie);
    expect((await b.fetch('/api/v1/auth/signup', { method: 'POST', json: { name: 'Con Firmed', email: 'confirmed@example.org', password: 'a long password' } })).status).toBe(202);
    const [token] = await b.mailedTokens('confirmed@example.org', '/signup');
    const first = await b.fetch('/api/v1/auth/signup/confirm', { method: 'POST', json: { token } });
    expect(first.status).toBe(201);
    expect((await (await b.fetch('/api/v1/auth/me')).json()).user).toMatchObject({ email: 'confirmed@example.org', name: 'Con Firmed', role: 'member' });
    expect((await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/signup/confirm', { method: 'POST', json: { token } })).status).toBe(401);
    await new Browser(env.url, hosts.machinerie).login('confirmed@example.org', 'a long password');
  });

  it('every attempt counts against the address, taken emails included (429 once the limit is reached)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signUp(i % 2 ? DEMO.machinerie.member2 : `probe${i}@example.org`)).status);
    // Two earlier tests of this file already spent three of the address's six attempts.
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
  });
});
