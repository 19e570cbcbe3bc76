import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';
import { auditKeys, billingKeys, bookingKeys, ENTITY, eventKeys, fill, keys, realmPrefix, shopKeys, tenantRealm } from './entities';

type Item = Record<string, unknown>;

/**
 * Item kinds a tenant archive leaves out, and why: each is short-lived and means nothing outside the
 * running service (sessions, one-time links, rate-limit windows, idempotency and request records,
 * Stripe webhook deliveries already handled, visitors' unconfirmed registrations). A restored or
 * moved space starts with everyone signed out, which is also what a restore should do.
 */
export const ARCHIVE_LEAVES_OUT = [
  ENTITY.session.type, ENTITY.token.type, ENTITY.rateLimit.type, ENTITY.idempotency.type, ENTITY.requestRecord.type,
  ENTITY.stripeEvent.type, ENTITY.eventPendingVisitor.type,
] as const;

/**
 * Every item of one tenant that lasts, found by key: no Scan. The walk starts from the tenant's
 * fixed partitions and its GSI1 lists (members, payments, receipts, refunds, orders, events, each
 * resource's bookings, each training's holders), and follows what they name: a member's partitions
 * (account, email marker, billing, shop orders, consignment), a booking's slot days and reminder
 * days, a registration's visitor token, a member's calendar-feed token. Each partition is read
 * whole (Query on PK, paged, consistent).
 */
export async function tenantItems(db: Db, tenantId: string): Promise<Item[]> {
  const t = tenantId;
  const realm = tenantRealm(t);
  const items = new Map<string, Item>();
  const visited = new Set<string>();

  async function query(input: { pk: string; index?: 'GSI1' }): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await db.doc.send(new QueryCommand({
        TableName: db.table, ...(input.index ? { IndexName: input.index } : { ConsistentRead: true }),
        KeyConditionExpression: input.index ? 'GSI1PK = :p' : 'PK = :p', ExpressionAttributeValues: { ':p': input.pk }, ExclusiveStartKey: start,
      }));
      out.push(...(r.Items ?? []));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }
  /** Reads a whole partition once; answers its items. */
  async function partition(pk: string): Promise<Item[]> {
    if (visited.has(pk)) return [];
    visited.add(pk);
    const found = await query({ pk });
    for (const i of found) {
      if ((ARCHIVE_LEAVES_OUT as readonly string[]).includes(String(i.type))) continue;
      items.set(`${i.PK}\u0000${i.SK}`, i);
    }
    return found;
  }
  /** The partitions a GSI1 list points at, read whole. */
  async function listed(gsi1pk: string): Promise<Item[]> {
    const rows = await query({ pk: gsi1pk, index: 'GSI1' });
    const out: Item[] = [];
    for (const pk of new Set(rows.map((r) => String(r.PK)))) out.push(...(await partition(pk)));
    return out;
  }
  const each = async <T>(xs: Iterable<T>, f: (x: T) => Promise<unknown>) => { for (const x of xs) await f(x); };

  // Fixed partitions: the tenant and its calendar, counters, the daily send budget, audit, catalogue,
  // Stripe, resources, trainings, shop, shop holds, outbox.
  await each([
    keys.tenant(t).PK, fill(ENTITY.counter.pk, t), fill(ENTITY.sendBudget.pk, t), auditKeys.partition(t), billingKeys.catalogue(t), billingKeys.stripeSettings(t).PK,
    fill(ENTITY.resource.pk, t), fill(ENTITY.training.pk, t), shopKeys.shop(t), shopKeys.holds(t), keys.outbox(realm),
  ], partition);

  // Members, and what each one's id or email names.
  const members = (await listed(keys.userList(realm))).filter((i) => i.type === ENTITY.user.type);
  await each(members, async (u) => {
    const id = String(u.id);
    const own = await partition(keys.user(realm, id).PK);
    if (u.email) await partition(keys.email(realm, String(u.email)).PK);
    await partition(billingKeys.member(t, id));
    await partition(shopKeys.buyer(t, id));
    await partition(shopKeys.consignor(t, id));
    const feed = own.find((i) => i.type === ENTITY.icalFeed.type);
    if (feed?.tokenHash) await partition(bookingKeys.icalToken(t, String(feed.tokenHash)).PK);
  });

  // Lists of the tenant's own records.
  await listed(billingKeys.payments(t));
  await listed(billingKeys.receipts(t));
  await listed(billingKeys.refunds(t));
  await listed(shopKeys.orders(t));

  // Events: each event's partition (registrations, person markers), and visitors' cancellation tokens.
  const eventItems = await listed(eventKeys.list(t));
  await each(eventItems.filter((i) => i.type === ENTITY.registration.type && i.cancelTokenHash), (r) => partition(eventKeys.visitorToken(t, String(r.cancelTokenHash)).PK));

  // Trainings' holders live in member partitions (already read); resources' bookings, their slot
  // days and the day-before reminders of those days.
  const resources = [...items.values()].filter((i) => i.type === ENTITY.resource.type);
  await each(resources, async (res) => {
    const bookings = (await listed(bookingKeys.resourceBookings(t, String(res.id)))).filter((i) => i.type === ENTITY.booking.type);
    const days = new Set<string>();
    for (const b of bookings) {
      // A booking's granules (and its buffers) may fall on the day before or after its own, in UTC.
      for (let d = Date.parse(String(b.start)) - 86_400_000; d <= Date.parse(String(b.end)) + 86_400_000; d += 86_400_000) days.add(new Date(d).toISOString().slice(0, 10));
    }
    await each(days, async (day) => {
      await partition(bookingKeys.day(t, String(res.id), day));
      await partition(fill(ENTITY.bookingReminder.pk, t, day));
    });
  });
  return [...items.values()];
}

/** One space's data as one file: what a space leaving the platform gets, and what a restore of one space uses. */
export interface TenantArchive {
  format: 'lieu-tenant-archive';
  version: 1;
  tenantId: string;
  exportedAt: string;
  /** Left out on purpose (see ARCHIVE_LEAVES_OUT). */
  leftOut: string[];
  /** Every item, as stored (keys included), sorted by PK then SK. */
  items: Item[];
}

export async function exportTenant(db: Db, tenantId: string, now: Date): Promise<TenantArchive | null> {
  const tenant = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.tenant(tenantId), ConsistentRead: true }));
  if (!tenant.Item) return null;
  const items = (await tenantItems(db, tenantId)).sort((a, b) => String(a.PK).localeCompare(String(b.PK)) || String(a.SK).localeCompare(String(b.SK)));
  return { format: 'lieu-tenant-archive', version: 1, tenantId, exportedAt: now.toISOString(), leftOut: [...ARCHIVE_LEAVES_OUT], items };
}

/**
 * Writes an archive's items into a table where the space is absent (BatchWriteItem, 25 at a time,
 * unprocessed items sent again). Refuses a table that holds the space already: a restore over live
 * data would mix two states. Every item must belong to the archive's tenant.
 */
export async function importTenant(db: Db, archive: TenantArchive): Promise<{ written: number }> {
  if (archive.format !== 'lieu-tenant-archive' || archive.version !== 1) throw new Error('not a Lieu tenant archive (version 1)');
  const prefix = realmPrefix(tenantRealm(archive.tenantId));
  const foreign = archive.items.find((i) => !String(i.PK).startsWith(prefix));
  if (foreign) throw new Error(`item ${String(foreign.PK)} is not in tenant ${archive.tenantId}`);
  const present = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.tenant(archive.tenantId), ConsistentRead: true }));
  if (present.Item) throw new Error(`tenant ${archive.tenantId} already exists in table ${db.table}`);
  let written = 0;
  for (let i = 0; i < archive.items.length; i += 25) {
    let pending: { PutRequest: { Item: Item } }[] = archive.items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const r = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
      const left = (r.UnprocessedItems?.[db.table] ?? []) as typeof pending;
      written += pending.length - left.length;
      pending = left;
    }
  }
  return { written };
}
