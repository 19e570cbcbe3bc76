import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts, race } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

const space = (slug: string, email = `owner@${slug}.example`) => ({
  name: `Espace ${slug}`, slug, legalForm: 'association',
  owner: { name: 'Owner', email, password: 'a long enough password' },
});

describe('platform sign-up', () => {
  it('creates a space and its owner in one step; the sign-in link opens a session on the new host', async () => {
    const platform = new Browser(env.url, hosts.platform);
    const res = await platform.fetch('/api/v1/platform/signup', { method: 'POST', json: space('atelier-nord') });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.tenant).toMatchObject({ slug: 'atelier-nord', timeZone: 'Europe/Paris', currency: 'EUR', locale: 'fr', vat: { mode: 'standard', rateBp: 2000 } });
    expect(body.url).toMatch(/^http:\/\/atelier-nord\.localhost:\d+$/);
    const token = new URL(body.signInUrl).searchParams.get('token')!;
    const owner = new Browser(env.url, 'atelier-nord.localhost');
    expect((await owner.fetch('/api/v1/auth/magic-link/verify', { method: 'POST', json: { token } })).status).toBe(200);
    const me = await (await owner.fetch('/api/v1/auth/me')).json();
    expect(me.user).toMatchObject({ role: 'owner', email: 'owner@atelier-nord.example' });
    // The link works once.
    expect((await new Browser(env.url, 'atelier-nord.localhost').fetch('/api/v1/auth/magic-link/verify', { method: 'POST', json: { token } })).status).toBe(401);
  });

  it.each([
    ['ab', 'too short'], ['A-Upper', 'upper case'], ['-dash', 'leading hyphen'], ['www', 'reserved'], ['api', 'reserved'],
    ['a'.repeat(41), 'too long'], ['sp ace', 'space'], ['émile', 'accent'],
  ])('refuses the slug %j (%s) with 400 and a field detail', async (slug) => {
    const res = await new Browser(env.url, hosts.platform).fetch('/api/v1/platform/signup', { method: 'POST', json: space(slug) });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.fields.some((f: { path: string }) => f.path === 'slug')).toBe(true);
  });

  it('50 concurrent sign-ups for the same slug: exactly one succeeds, 49 get 409', async () => {
    const statuses = await race(50, async (i) =>
      (await new Browser(env.url, hosts.platform).fetch('/api/v1/platform/signup', { method: 'POST', json: space('la-course', `o${i}@course.example`) })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  });

  it('50 concurrent member sign-ups with one email on one tenant: the links mailed are confirmed at once, exactly one account', async () => {
    const statuses = await race(50, async (i) =>
      (await new Browser(env.url, hosts.coloc).fetch('/api/v1/auth/signup', { method: 'POST', json: { name: `N${i}`, email: 'same@person.example', password: 'a long password' } })).status);
    // The recipient's limit caps the links mailed to one address; the others are 429.
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThan(1);
    expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
    const tokens = await new Browser(env.url, hosts.coloc).mailedTokens('same@person.example', '/signup');
    expect(tokens).toHaveLength(statuses.filter((s) => s === 202).length);
    const confirmed = await race(tokens.length, async (i) =>
      (await new Browser(env.url, hosts.coloc).fetch('/api/v1/auth/signup/confirm', { method: 'POST', json: { token: tokens[i] } })).status);
    expect(confirmed.filter((s) => s === 201)).toHaveLength(1);
    expect(confirmed.filter((s) => s === 409)).toHaveLength(tokens.length - 1);
    // The same email is free on another tenant: uniqueness is per tenant.
    const other = await new Browser(env.url, hosts.machinerie).signUp({ name: 'Same', email: 'same@person.example', password: 'a long password' });
    expect(other.status).toBe(201);
  });

  it('an unknown host is 404 with the error shape', async () => {
    const res = await new Browser(env.url, 'nowhere.localhost').fetch('/api/v1/tenant');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});

describe('tenant profile and branding', () => {
  it('anyone reads the public profile of the host’s tenant, never another’s', async () => {
    const m = await (await new Browser(env.url, hosts.machinerie).fetch('/api/v1/tenant')).json();
    const c = await (await new Browser(env.url, hosts.coloc).fetch('/api/v1/tenant')).json();
    expect(m.name).toBe('La Machinerie');
    expect(c.name).toBe("La Coloc'");
    expect(c.openingHours.mon).toEqual([{ open: '08:30', close: '18:30' }]);
    expect(c.openingHours.sat).toBeUndefined();
    expect(m.branding.primaryColor).not.toBe(c.branding.primaryColor);
  });

  it('an operator updates branding and hours; a member gets 403; a stale version is 409', async () => {
    const op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const settings = await (await op.fetch('/api/v1/tenant/settings')).json();
    const res = await op.fetch('/api/v1/tenant', {
      method: 'PATCH',
      json: { branding: { ...settings.branding, primaryColor: '#112233' }, openingHours: { ...settings.openingHours, sun: [{ open: '14:00', close: '18:00' }] }, version: settings.version },
    });
    expect(res.status).toBe(200);
    const pub = await (await new Browser(env.url, hosts.machinerie).fetch('/api/v1/tenant')).json();
    expect(pub.branding.primaryColor).toBe('#112233');
    expect(pub.openingHours.sun).toEqual([{ open: '14:00', close: '18:00' }]);
    const stale = await op.fetch('/api/v1/tenant', { method: 'PATCH', json: { name: 'X Y', version: settings.version } });
    expect(stale.status).toBe(409);
    const member = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    expect((await member.fetch('/api/v1/tenant', { method: 'PATCH', json: { name: 'Hacked' } })).status).toBe(403);
    expect((await member.fetch('/api/v1/tenant/settings')).status).toBe(403);
  });

  it('VAT and the custom domain are owner-only; a custom domain waits for its proof of control before it resolves', async () => {
    const op = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.operator, DEMO.password);
    expect((await op.fetch('/api/v1/tenant', { method: 'PATCH', json: { vat: { mode: 'exempt_293b' } } })).status).toBe(403);
    expect((await op.fetch('/api/v1/tenant', { method: 'PATCH', json: { customDomain: 'coworking.coloc-amiens.fr' } })).status).toBe(403);
    const owner = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password);
    const res = await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { customDomain: 'coworking.coloc-amiens.fr' } });
    expect(res.status).toBe(200);
    expect((await res.json()).domainStatus).toBe('pending');
    // Pending until its TXT record is found: it serves nothing yet.
    expect((await new Browser(env.url, 'coworking.coloc-amiens.fr').fetch('/api/v1/tenant')).status).toBe(404);
  });
});

describe('platform admins', () => {
  it('list spaces, suspend one (its routes answer 403 with a clear message, data intact), reactivate it', async () => {
    const admin = await new Browser(env.url, hosts.platform).login(DEMO.admin, DEMO.password);
    const list = await (await admin.fetch('/api/v1/platform/tenants?limit=100')).json();
    const coloc = list.items.find((t: { slug: string }) => t.slug === 'coloc');
    expect(coloc).toBeTruthy();
    expect((await admin.fetch(`/api/v1/platform/tenants/${coloc.id}/status`, { method: 'POST', json: { status: 'suspended' } })).status).toBe(200);
    const res = await new Browser(env.url, hosts.coloc).fetch('/api/v1/tenant');
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: 'tenant_suspended', message: expect.stringContaining("La Coloc'") });
    expect((await admin.fetch(`/api/v1/platform/tenants/${coloc.id}/status`, { method: 'POST', json: { status: 'active' } })).status).toBe(200);
    await new Browser(env.url, hosts.coloc).login(DEMO.coloc.member, DEMO.password);
  });

  it('a tenant owner cannot call platform routes, on either host', async () => {
    const owner = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    expect((await owner.fetch('/api/v1/platform/tenants')).status).toBe(404);
    const onPlatform = new Browser(env.url, hosts.platform);
    onPlatform.cookie = owner.cookie;
    expect((await onPlatform.fetch('/api/v1/platform/tenants')).status).toBe(403);
  });
});
