/**
 * The tenant isolation matrix over every mounted route. Two seeded tenants, A (La
 * Machinerie) and B (La Coloc'), with data in every area. Each route is called:
 * - anonymously → 401 (or 404 for platform routes on a tenant host), unless it is public;
 * - on A's host with A's owner and the ids of B's objects → 4xx, never B's data;
 * - on A's host by a member on another member's objects → 403/404;
 * and B's items in the table are unchanged afterwards. The ids are found in the table by the
 * param's name (`bookingId` → a `Booking` item's id…), so a new route is covered as it is mounted.
 * (The "session of one tenant on the other's host" row lives in every-route.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { mountedSpecs, pathOf, snapshot } from '../support/routes';
import { foreignIdViolations, idsFor, itemsOf, label, NOT_IDS } from '../support/matrix';

let env: TestEnv;
const specs = mountedSpecs();
let tenantA = '';
let tenantB = '';
let itemsB: Record<string, unknown>[] = [];
let itemsA: Record<string, unknown>[] = [];

async function tenantId(host: string) {
  return (await (await new Browser(env.url, host).fetch('/api/v1/tenant')).json()).id as string;
}

/** Books something for a member so that every tenant has a booking (when the bookings area is mounted). */
async function bookSomething(host: string, email: string) {
  const m = await new Browser(env.url, host).login(email, DEMO.password);
  const res = await m.fetch('/api/v1/resources');
  if (res.status !== 200) return;
  const resources = (await res.json()).items as Array<{ id: string; kind: string }>;
  for (const r of resources.filter((x) => x.kind === 'desk_area' || x.kind === 'room')) {
    for (let d = 1; d <= 10; d++) {
      const day = new Date(testNow().getTime() + d * 86400_000);
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
      const start = `${day.toISOString().slice(0, 10)}T09:00:00.000Z`;
      const end = `${day.toISOString().slice(0, 10)}T10:00:00.000Z`;
      const b = await m.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: r.id, start, end } });
      if (b.status === 201) return;
    }
  }
}

beforeAll(async () => {
  env = await createTestEnv({ tenantCacheMs: 60_000 });
  tenantA = await tenantId(hosts.machinerie);
  tenantB = await tenantId(hosts.coloc);
  await bookSomething(hosts.machinerie, DEMO.machinerie.member);
  await bookSomething(hosts.coloc, DEMO.coloc.member);
  itemsA = await itemsOf(env.db, tenantA);
  itemsB = await itemsOf(env.db, tenantB);
}, 120_000);
afterAll(async () => { await env?.close(); });

describe('tenant isolation matrix', () => {
  it('anonymous callers get 401 on every non-public route (404 for platform routes on a tenant host)', async () => {
    const anon = new Browser(env.url, hosts.machinerie);
    const anonPlatform = new Browser(env.url, hosts.platform);
    let n = 0;
    for (const spec of specs.filter((s) => s.access !== 'public')) {
      const path = pathOf(spec, (k) => idsFor(itemsA, k)[0] ?? '0000000000aaaaaaaaaaaaaaaa');
      const onTenant = await anon.fetch(path, { method: spec.method.toUpperCase(), ...(spec.body ? { json: {} } : {}) });
      expect(onTenant.status, label(spec)).toBe(spec.host === 'platform' ? 404 : 401);
      if (spec.host !== 'tenant') {
        const onPlatform = await anonPlatform.fetch(path, { method: spec.method.toUpperCase(), ...(spec.body ? { json: {} } : {}) });
        expect(onPlatform.status, `${label(spec)} on the platform host`).toBe(401);
      }
      n++;
    }
    expect(n).toBeGreaterThan(10);
  });

  it("A's owner on A's host with the ids of B's objects: 4xx on every route, B's data never shown nor changed", async () => {
    const caller = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    const { violations, tried } = await foreignIdViolations({ db: env.db, specs, caller, itemsA, itemsB, tenantB, nameB: "La Coloc'" });
    expect(violations).toEqual([]);
    expect(tried).toBeGreaterThan(5);
  });

  it("a member on another member's objects of the same space: 403/404, nothing changed", async () => {
    const owner = (await (await (await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password)).fetch('/api/v1/auth/me')).json()).user.id as string;
    const intruder = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password);
    const owned = itemsA.filter((i) => i.memberId === owner || i.userId === owner);
    const before = await snapshot(env.db, (i) => String(i.PK).startsWith(`T#${tenantA}#`) && i.type !== 'Session' && i.type !== 'Email');
    let tried = 0;
    for (const spec of specs.filter((s) => s.params && s.host === 'tenant' && s.access !== 'public')) {
      const names = [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter((n) => !NOT_IDS.has(n));
      for (const name of names) {
        const candidates = name === 'memberId' ? [owner] : idsFor(owned, name);
        for (const id of candidates) {
          const res = await intruder.fetch(pathOf(spec, () => id), { method: spec.method.toUpperCase(), ...(spec.body ? { json: {} } : {}) });
          expect([400, 403, 404], `${label(spec)} on another member's ${name} → ${res.status}`).toContain(res.status);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(3);
    expect(await snapshot(env.db, (i) => String(i.PK).startsWith(`T#${tenantA}#`) && i.type !== 'Session' && i.type !== 'Email')).toEqual(before);
  });
});
