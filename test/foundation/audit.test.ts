import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

describe('audit log', () => {
  it('records role changes and settings changes with who, what and the before/after, filterable by action', async () => {
    const owner = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    const me = (await (await owner.fetch('/api/v1/auth/me')).json()).user.id;
    const members = (await (await owner.fetch('/api/v1/members?limit=100')).json()).items as Array<{ id: string; email: string }>;
    const lea = members.find((m) => m.email === DEMO.machinerie.member)!;
    expect((await owner.fetch(`/api/v1/members/${lea.id}`, { method: 'PATCH', json: { role: 'operator' } })).status).toBe(200);
    const settings = await (await owner.fetch('/api/v1/tenant/settings')).json();
    expect((await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { vat: { mode: 'exempt_293b' }, branding: settings.branding } })).status).toBe(200);

    const all = await (await owner.fetch('/api/v1/audit')).json();
    expect(all.items.map((e: { action: string }) => e.action)).toEqual(['tenant.settings_updated', 'member.role_changed']);
    expect(all.items[0]).toMatchObject({ actorId: me, changes: { vat: { from: { mode: 'standard', rateBp: 2000 }, to: { mode: 'exempt_293b' } } } });
    expect(all.items[0].changes.branding).toBeUndefined(); // unchanged fields are not logged
    expect(all.items[1]).toMatchObject({ targetId: lea.id, changes: { role: { from: 'member', to: 'operator' } } });

    const onlyMembers = await (await owner.fetch('/api/v1/audit?action=member.')).json();
    expect(onlyMembers.items).toHaveLength(1);
    const byTarget = await (await owner.fetch(`/api/v1/audit?targetId=${lea.id}`)).json();
    expect(byTarget.items).toHaveLength(1);
  });

  it('members cannot read it; another tenant’s staff see only their own (empty) log', async () => {
    const member = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password);
    expect((await member.fetch('/api/v1/audit')).status).toBe(403);
    const other = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.operator, DEMO.password);
    expect((await (await other.fetch('/api/v1/audit')).json()).items).toEqual([]);
  });
});
