import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/**
 * A session ends when its item goes (logout, password reset, suspension, role change): state
 * changes and staff reads stop at once, a member's other reads within a minute; links pending for
 * the account die with a password reset or a role change.
 */
let env: TestEnv;
let t0: Date;
beforeAll(async () => {
  env = await createTestEnv();
  t0 = env.deps.clock();
  env.setNow(t0);
});
afterAll(async () => { await env?.close(); });

const at = (seconds: number) => env.setNow(new Date(t0.getTime() + seconds * 1000));

/** A second browser holding the same cookie: what a stolen or forgotten cookie can still do. */
function copyOf(b: Browser) {
  const c = new Browser(env.url, b.host);
  c.cookie = b.cookie;
  return c;
}

async function signUp(host: string, email: string, password = 'a long password') {
  const b = new Browser(env.url, host);
  const res = await b.signUp({ name: 'Revoked Person', email, password });
  expect(res.status).toBe(201);
  return { b, id: (await res.json()).user.id as string };
}

async function lastEmailTo(host: string, to: string) {
  const { emails } = await (await new Browser(env.url, host).fetch('/api/v1/dev/mailbox')).json();
  const e = emails.find((m: { to: string }) => m.to === to);
  if (!e) throw new Error(`no email to ${to}`);
  return new URL(e.text.match(/https?:\/\/\S+/)[0]).searchParams.get('token') as string;
}

async function memberId(op: Browser, email: string) {
  const list = (await (await op.fetch(`/api/v1/members?limit=100&q=${encodeURIComponent(email)}`)).json()).items as Array<{ id: string; email: string }>;
  return list.find((m) => m.email === email)!.id;
}

describe('revoked sessions', () => {
  it('after logout, the same cookie can no longer change anything, even a second later', async () => {
    at(0);
    const { b } = await signUp(hosts.machinerie, 'logout-then-write@example.org');
    const stolen = copyOf(b);
    expect((await b.fetch('/api/v1/auth/logout', { method: 'POST' })).status).toBe(200);
    at(1);
    const res = await stolen.fetch('/api/v1/me', { method: 'PATCH', json: { name: 'Changed After Logout' } });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatchObject({ code: 'unauthenticated', reason: 'session_revoked' });
  });

  it('a member’s reads stop within a minute of the logout', async () => {
    at(0);
    const { b } = await signUp(hosts.machinerie, 'logout-then-read@example.org');
    const stolen = copyOf(b);
    await b.fetch('/api/v1/auth/logout', { method: 'POST' });
    at(61);
    expect((await stolen.fetch('/api/v1/me/export')).status).toBe(401);
  });

  it('a suspended operator’s staff reads stop at once', async () => {
    at(0);
    const owner = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password);
    await owner.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'op-suspended@coloc.example', role: 'operator' } });
    const op = new Browser(env.url, hosts.coloc);
    expect((await op.fetch('/api/v1/invitations/accept', { method: 'POST', json: { token: await lastEmailTo(hosts.coloc, 'op-suspended@coloc.example'), name: 'Op Suspended', password: 'a long password' } })).status).toBe(201);
    expect((await op.fetch('/api/v1/members')).status).toBe(200);
    const id = await memberId(owner, 'op-suspended@coloc.example');
    expect((await owner.fetch(`/api/v1/members/${id}`, { method: 'PATCH', json: { status: 'suspended' } })).status).toBe(200);
    at(2);
    expect((await op.fetch('/api/v1/members')).status).toBe(401);
    expect((await op.fetch(`/api/v1/members/${id}`)).status).toBe(401);
  });

  it('an operator made a member loses staff reads at once (the old role in the cookie no longer counts)', async () => {
    at(0);
    const owner = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password);
    await owner.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'op-demoted@coloc.example', role: 'operator' } });
    const op = new Browser(env.url, hosts.coloc);
    await op.fetch('/api/v1/invitations/accept', { method: 'POST', json: { token: await lastEmailTo(hosts.coloc, 'op-demoted@coloc.example'), name: 'Op Demoted', password: 'a long password' } });
    const id = await memberId(owner, 'op-demoted@coloc.example');
    expect((await owner.fetch(`/api/v1/members/${id}`, { method: 'PATCH', json: { role: 'member' } })).status).toBe(200);
    at(3);
    expect((await op.fetch('/api/v1/members')).status).toBe(401);
  });

  it('a password reset ends the other sessions’ writes at once', async () => {
    at(0);
    const email = 'reset-ends-writes@example.org';
    const { b } = await signUp(hosts.machinerie, email);
    at(1);
    await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/password-reset', { method: 'POST', json: { email } });
    const token = await lastEmailTo(hosts.machinerie, email);
    expect((await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/password-reset/confirm', { method: 'POST', json: { token, password: 'another long password' } })).status).toBe(200);
    at(2);
    expect((await b.fetch('/api/v1/me', { method: 'PATCH', json: { name: 'Still Here' } })).status).toBe(401);
  });

  it('a live session still writes', async () => {
    at(0);
    const { b } = await signUp(hosts.machinerie, 'still-live@example.org');
    at(1);
    expect((await b.fetch('/api/v1/me', { method: 'PATCH', json: { name: 'Still Live' } })).status).toBe(200);
  });
});

describe('pending links die with a password reset or a role change', () => {
  it('a magic link sent before a password reset no longer signs in', async () => {
    at(0);
    const email = 'magic-then-reset@example.org';
    await signUp(hosts.machinerie, email);
    at(1);
    await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/magic-link', { method: 'POST', json: { email } });
    const magic = await lastEmailTo(hosts.machinerie, email);
    at(2);
    await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/password-reset', { method: 'POST', json: { email } });
    const reset = await lastEmailTo(hosts.machinerie, email);
    expect((await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/password-reset/confirm', { method: 'POST', json: { token: reset, password: 'another long password' } })).status).toBe(200);
    expect((await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/magic-link/verify', { method: 'POST', json: { token: magic } })).status).toBe(401);
  });

  it('an invitation sent by someone who then resets their password is void', async () => {
    at(0);
    const owner = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    await owner.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'op-inviter@machinerie.example', role: 'operator' } });
    const inviter = new Browser(env.url, hosts.machinerie);
    await inviter.fetch('/api/v1/invitations/accept', { method: 'POST', json: { token: await lastEmailTo(hosts.machinerie, 'op-inviter@machinerie.example'), name: 'Op Inviter', password: 'a long password' } });
    expect((await inviter.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'invited-by-reset@example.org' } })).status).toBe(202);
    const invitation = await lastEmailTo(hosts.machinerie, 'invited-by-reset@example.org');
    at(1);
    await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/password-reset', { method: 'POST', json: { email: 'op-inviter@machinerie.example' } });
    const reset = await lastEmailTo(hosts.machinerie, 'op-inviter@machinerie.example');
    expect((await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/password-reset/confirm', { method: 'POST', json: { token: reset, password: 'another long password' } })).status).toBe(200);
    const res = await new Browser(env.url, hosts.machinerie).fetch('/api/v1/invitations/accept', { method: 'POST', json: { token: invitation, name: 'Invited', password: 'a long password' } });
    expect(res.status).toBe(401);
  });

  it('an invitation to a member sent by an operator whose role then changes is void', async () => {
    at(0);
    const owner = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    await owner.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'op-promoted@machinerie.example', role: 'operator' } });
    const inviter = new Browser(env.url, hosts.machinerie);
    await inviter.fetch('/api/v1/invitations/accept', { method: 'POST', json: { token: await lastEmailTo(hosts.machinerie, 'op-promoted@machinerie.example'), name: 'Op Promoted', password: 'a long password' } });
    expect((await inviter.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'invited-by-promoted@example.org' } })).status).toBe(202);
    const invitation = await lastEmailTo(hosts.machinerie, 'invited-by-promoted@example.org');
    const id = await memberId(owner, 'op-promoted@machinerie.example');
    expect((await owner.fetch(`/api/v1/members/${id}`, { method: 'PATCH', json: { role: 'owner' } })).status).toBe(200);
    const res = await new Browser(env.url, hosts.machinerie).fetch('/api/v1/invitations/accept', { method: 'POST', json: { token: invitation, name: 'Invited', password: 'a long password' } });
    expect(res.status).toBe(401);
  });
});
