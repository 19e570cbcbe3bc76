/**
 * The isolation matrix can fail: a fixture route that skips the tenant check (it finds a member by
 * id in whichever tenant holds it) is mounted next to the real ones, and the matrix flags it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineSpec, members } from '@lieu/api';
import { toPublicUser } from '@lieu/core';
import { tenantRealm, tenantsRepo, usersRepo } from '@lieu/db';
import { implement } from '@lieu/http';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { mountedSpecs } from '../support/routes';
import { foreignIdViolations, itemsOf } from '../support/matrix';

const brokenSpec = defineSpec({
  operationId: 'fixtureBrokenGetMember', method: 'get', path: '/api/v1/fixture/members/:memberId', tags: ['fixture'],
  summary: 'BROKEN ON PURPOSE: looks the member up in every tenant', host: 'tenant', access: 'operator',
  params: members.getMember.params, response: members.getMember.response,
});
const broken = implement(brokenSpec, async ({ params, ctx }) => {
  for (const t of (await tenantsRepo(ctx.deps.db).list(100)).items) { // the bug: not scoped to ctx.tenant
    const u = await usersRepo(ctx.deps.db, tenantRealm(t.id)).get(params.memberId);
    if (u) return toPublicUser(u);
  }
  throw new Error('not found');
});

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv({ tenantCacheMs: 60_000, extraRoutes: [broken] }); });
afterAll(async () => { await env?.close(); });

describe('the isolation matrix', () => {
  it('flags a route that skips the tenant check (and only that one)', async () => {
    const tenantOf = async (host: string) => (await (await new Browser(env.url, host).fetch('/api/v1/tenant')).json()).id as string;
    const [a, b] = [await tenantOf(hosts.machinerie), await tenantOf(hosts.coloc)];
    const caller = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    const { violations } = await foreignIdViolations({
      db: env.db, specs: [...mountedSpecs(), brokenSpec], caller, itemsA: await itemsOf(env.db, a), itemsB: await itemsOf(env.db, b), tenantB: b, nameB: "La Coloc'",
    });
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => v.startsWith('GET /api/v1/fixture/members/:memberId'))).toBe(true);
  }, 240_000); // every mounted route with every foreign id: minutes while the other worker floods the store
});
