import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exportTenantArchive, importTenantArchive } from '../../packages/app/src/tenants/archive';
import { ARCHIVE_LEAVES_OUT, createDb, ensureTable, realmPrefix, tenantRealm, type Db } from '@lieu/db';
import { DEMO } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { NOW, at, book, resourceNamed, signIn, tenantIdOf } from '../bookings/support';
import { createEvent, outbox, post, visitor } from '../events/support';

/**
 * A space's archive: every lasting item of the space, found by key, written into an empty table and
 * read back the same. The truth it is compared with is a Scan of the source table (tests only).
 */
let env: TestEnv;
let fresh: Db;
beforeAll(async () => {
  env = await createTestEnv({ tenantCacheMs: 60_000 });
  env.setNow(NOW);
  fresh = createDb({ tableName: `t_${randomBytes(6).toString('hex')}`, endpoint: inject('dynamoEndpoint'), region: 'local' });
  await ensureTable(fresh);
});
afterAll(async () => { await env?.close(); fresh?.raw.destroy(); });

async function scanAll(db: Db) {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(new ScanCommand({ TableName: db.table, ConsistentRead: true, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}
const keyOf = (i: Record<string, unknown>) => `${i.PK} | ${i.SK}`;
const canonical = (items: Record<string, unknown>[]) =>
  items.map((i) => JSON.stringify(Object.fromEntries(Object.entries(i).sort(([a], [b]) => a.localeCompare(b))))).sort();

describe('tenant archive', () => {
  it('exports La Machinerie (members, bookings and their slots, billing, shop, events) without a Scan, imports it into an empty table, and the item sets are equal', { timeout: 120_000 }, async () => {
    // Some life in the space first: a booking, a visitor's registration (its cancellation token), a shop order.
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const hugo = await signIn(env, 'machinerie', DEMO.machinerie.operator);
    const tenantId = await tenantIdOf(lea);
    const room = await resourceNamed(lea, 'Salle Somme');
    expect((await book(lea, { resourceId: room.id, start: at('23:30', '2026-12-08'), end: at('00:30', '2026-12-09') })).status).toBeLessThan(500);
    expect((await book(lea, { resourceId: room.id, start: at('10:00'), end: at('11:00') })).status).toBe(201);
    const event = await createEvent(hugo, { capacity: 5 });
    expect((await post(hugo, `/api/v1/events/${event.id}/registrations`, { name: 'Visiteur A', email: 'visiteur-a@example.org' })).status).toBe(201);
    expect((await post(visitor(env), `/api/v1/public/events/${event.id}/register`, { name: 'Visiteur B', email: 'visiteur-b@example.org' })).status).toBeLessThan(300);
    const mail = (await outbox(env.db, tenantId)).find((m) => m.to === 'visiteur-b@example.org');
    const token = mail?.text.match(/[?&]confirm=([A-Za-z0-9_-]{43})/)?.[1];
    expect((await post(visitor(env), '/api/v1/public/event-registrations/confirm', { token })).status).toBe(201);
    await post(visitor(env), `/api/v1/public/events/${event.id}/register`, { name: 'Visiteur C', email: 'visiteur-c@example.org' }); // left unconfirmed

    const reads: string[] = [];
    env.db.raw.middlewareStack.add((next, context) => async (args) => { reads.push(String((context as { commandName?: string }).commandName)); return next(args); }, { step: 'initialize', name: 'archiveReads' });
    let archive;
    try { archive = await exportTenantArchive(env.db, tenantId, NOW); } finally { env.db.raw.middlewareStack.remove('archiveReads'); }
    expect(new Set(reads)).toEqual(new Set(['GetItemCommand', 'QueryCommand']));

    const prefix = realmPrefix(tenantRealm(tenantId));
    const truth = (await scanAll(env.db)).filter((i) => String(i.PK).startsWith(prefix));
    const lasting = truth.filter((i) => !(ARCHIVE_LEAVES_OUT as readonly string[]).includes(String(i.type)));
    // Nothing lasting is missed, nothing of another space is in.
    expect(archive.items.map(keyOf).sort()).toEqual(lasting.map(keyOf).sort());
    expect(canonical(archive.items)).toEqual(canonical(lasting));
    const kinds = new Set(archive.items.map((i) => String(i.type)));
    console.log('archive kinds:', [...kinds].sort().join(', '), archive.items.length);
    for (const k of ['Tenant', 'User', 'EmailMarker', 'Booking', 'Slot', 'Resource', 'Event', 'EventRegistration', 'EventToken', 'Email']) expect(kinds, k).toContain(k);

    // The archive is JSON: what is written to a file is what is imported.
    const file = JSON.parse(JSON.stringify(archive));
    const { written } = await importTenantArchive(fresh, file);
    expect(written).toBe(archive.items.length);
    expect(canonical(await scanAll(fresh))).toEqual(canonical(lasting));
    // A table that holds the space already is refused.
    await expect(importTenantArchive(fresh, file)).rejects.toThrow(/already exists/);
  });
});
