import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv({ limits: { loginsPerEmail: 5 } }); });
afterAll(async () => { await env?.close(); });

/** The last email sent to `to` on a host, read from the local dev mailbox. */
async function lastEmailTo(host: string, to: string) {
  const { emails } = await (await new Browser(env.url, host).fetch('/api/v1/dev/mailbox')).json();
  const e = emails.find((m: { to: string }) => m.to === to);
  if (!e) throw new Error(`no email to ${to}`);
  return { ...e, token: new URL(e.text.match(/https?:\/\/\S+/)[0]).searchParams.get('token') as string };
}

describe('magic links and password resets', () => {
  it('a magic link signs the member in once; the mailbox of another tenant never shows it', async () => {
    const b = new Browser(env.url, hosts.machinerie);
    expect((await b.fetch('/api/v1/auth/magic-link', { method: 'POST', json: { email: DEMO.machinerie.member2 } })).status).toBe(202);
    const mail = await lastEmailTo(hosts.machinerie, DEMO.machinerie.member2);
    expect(mail.subject).toContain('La Machinerie');
    expect(mail.text).toContain('http://machinerie.localhost:');
    expect((await b.fetch('/api/v1/auth/magic-link/verify', { method: 'POST', json: { token: mail.token } })).status).toBe(200);
    expect((await (await b.fetch('/api/v1/auth/me')).json()).user.email).toBe(DEMO.machinerie.member2);
    expect((await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/magic-link/verify', { method: 'POST', json: { token: mail.token } })).status).toBe(401);
    const coloc = await (await new Browser(env.url, hosts.coloc).fetch('/api/v1/dev/mailbox')).json();
    expect(JSON.stringify(coloc)).not.toContain(mail.token);
    // The same token on another tenant's host is just unknown there.
    expect((await new Browser(env.url, hosts.coloc).fetch('/api/v1/auth/magic-link/verify', { method: 'POST', json: { token: mail.token } })).status).toBe(401);
  });

  it('asking for a link for an unknown email answers the same 202 and sends nothing', async () => {
    const res = await new Browser(env.url, hosts.machinerie).fetch('/api/v1/auth/magic-link', { method: 'POST', json: { email: 'nobody@nowhere.example' } });
    expect(res.status).toBe(202);
    await expect(lastEmailTo(hosts.machinerie, 'nobody@nowhere.example')).rejects.toThrow();
  });

  it('a password reset sets the new password, ends the other sessions and works once', async () => {
    const email = DEMO.coloc.member2;
    const other = await new Browser(env.url, hosts.coloc).login(email, DEMO.password);
    await new Browser(env.url, hosts.coloc).fetch('/api/v1/auth/password-reset', { method: 'POST', json: { email } });
    const { token } = await lastEmailTo(hosts.coloc, email);
    const b = new Browser(env.url, hosts.coloc);
    expect((await b.fetch('/api/v1/auth/password-reset/confirm', { method: 'POST', json: { token, password: 'a brand new password' } })).status).toBe(200);
    expect((await other.fetch('/api/v1/auth/me')).status).toBe(401);
    await new Browser(env.url, hosts.coloc).login(email, 'a brand new password');
    expect((await new Browser(env.url, hosts.coloc).fetch('/api/v1/auth/login', { method: 'POST', json: { email, password: DEMO.password } })).status).toBe(401);
    expect((await b.fetch('/api/v1/auth/password-reset/confirm', { method: 'POST', json: { token, password: 'yet another password' } })).status).toBe(401);
  });

  it('login is rate-limited per email: 429 with Retry-After after too many attempts', async () => {
    const b = new Browser(env.url, hosts.coloc);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await b.fetch('/api/v1/auth/login', { method: 'POST', json: { email: 'ratelimit@coloc.example', password: 'wrong password' } })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const limited = await b.fetch('/api/v1/auth/login', { method: 'POST', json: { email: 'ratelimit@coloc.example', password: DEMO.password } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('rate_limited');
  });
});

describe('invitations and roles', () => {
  it('an owner invites an operator; the invitee accepts and gets staff rights', async () => {
    const owner = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    expect((await owner.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'newstaff@machinerie.example', role: 'operator' } })).status).toBe(202);
    const { token } = await lastEmailTo(hosts.machinerie, 'newstaff@machinerie.example');
    const staff = new Browser(env.url, hosts.machinerie);
    const res = await staff.fetch('/api/v1/invitations/accept', { method: 'POST', json: { token, name: 'New Staff', password: 'staff password' } });
    expect(res.status).toBe(201);
    expect((await res.json()).user.role).toBe('operator');
    expect((await staff.fetch('/api/v1/members')).status).toBe(200);
  });

  it('an operator may invite members but not operators (403); a member may invite no one', async () => {
    const op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    expect((await op.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'x1@machinerie.example', role: 'operator' } })).status).toBe(403);
    expect((await op.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'x2@machinerie.example' } })).status).toBe(202);
    const member = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    expect((await member.fetch('/api/v1/invitations', { method: 'POST', json: { email: 'x3@machinerie.example' } })).status).toBe(403);
  });

  it('operators suspend a member (their sessions end); only owners change roles; the last owner stays', async () => {
    const op = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.operator, DEMO.password);
    const victim = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.member, DEMO.password);
    const list = (await (await op.fetch('/api/v1/members?limit=100')).json()).items as Array<{ id: string; email: string; role: string }>;
    const member = list.find((m) => m.email === DEMO.coloc.member)!;
    const ownerRow = list.find((m) => m.role === 'owner')!;
    expect((await op.fetch(`/api/v1/members/${member.id}`, { method: 'PATCH', json: { role: 'operator' } })).status).toBe(403);
    expect((await op.fetch(`/api/v1/members/${member.id}`, { method: 'PATCH', json: { status: 'suspended' } })).status).toBe(200);
    expect((await victim.fetch('/api/v1/auth/me')).status).toBe(401);
    expect((await new Browser(env.url, hosts.coloc).fetch('/api/v1/auth/login', { method: 'POST', json: { email: DEMO.coloc.member, password: DEMO.password } })).status).toBe(403);
    expect((await op.fetch(`/api/v1/members/${ownerRow.id}`, { method: 'PATCH', json: { status: 'suspended' } })).status).toBe(403);
    const owner = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password);
    const self = await owner.fetch(`/api/v1/members/${ownerRow.id}`, { method: 'PATCH', json: { role: 'member' } });
    expect(self.status).toBe(422);
    expect((await owner.fetch(`/api/v1/members/${member.id}`, { method: 'PATCH', json: { status: 'active' } })).status).toBe(200);
  });
});

describe('personal data (GDPR)', () => {
  it('a member downloads their data as JSON, without any secret', async () => {
    const m = await new Browser(env.url, hosts.machinerie).login('sophie@machinerie.example', DEMO.password);
    const res = await m.fetch('/api/v1/me/export');
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.profile.email).toBe('sophie@machinerie.example');
    expect(data.space.slug).toBe('machinerie');
    expect(data.records.sessions.length).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toMatch(/scrypt\$|passwordHash|sessionId/);
  });

  it('closing an account erases the person (email freed, name gone, sessions ended) but keeps the account id', async () => {
    const b = new Browser(env.url, hosts.machinerie);
    expect((await b.signUp({ name: 'Éphémère', email: 'leaving@example.org', password: 'leaving password' })).status).toBe(201);
    const id = (await (await b.fetch('/api/v1/auth/me')).json()).user.id;
    expect((await b.fetch('/api/v1/me/close', { method: 'POST', json: { confirm: 'CLOSE', password: 'wrong password' } })).status).toBe(403);
    expect((await b.fetch('/api/v1/me/close', { method: 'POST', json: { confirm: 'CLOSE', password: 'leaving password' } })).status).toBe(200);
    expect((await b.fetch('/api/v1/auth/me')).status).toBe(401);
    const op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const after = await (await op.fetch(`/api/v1/members/${id}`)).json();
    expect(after).toMatchObject({ id, email: null, status: 'erased' });
    expect(after.name).not.toContain('Éphémère');
    // The email is free again: the person may come back as a new member.
    expect((await new Browser(env.url, hosts.machinerie).signUp({ name: 'Back', email: 'leaving@example.org', password: 'leaving password' })).status).toBe(201);
  });

  it('the only owner cannot close their account (422)', async () => {
    const owner = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password);
    const res = await owner.fetch('/api/v1/me/close', { method: 'POST', json: { confirm: 'CLOSE', password: DEMO.password } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.rule).toBe('last_owner');
  });
});
