import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conflict, effectivePayment, type Payment, type User } from '@lieu/core';
import {
  EMPTY_CALENDAR, blockedSpan, granuleKey, granulesOf, localDateOf,
  type Booking, type OpeningCalendar, type Qualification, type Resource, type Training,
} from '@lieu/core/booking';
import type { Db } from './client';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { bookingKeys } from './entities';
import { keys, nowEpochSeconds, tenantRealm } from './keys';
import { type CancellationReason, commit, isConditionFailed, transact, WriteSet } from './transact';
import { paymentsRepo, pricingReleaseItems } from './billing';

/**
 * Bookings and what they need: resources, trainings, qualifications, the opening calendar and the
 * slot items that make double booking impossible (access patterns in ../README.md).
 * A booking writes, in one transaction, the booking, the member's index entry and one slot item per
 * 15-minute granule it blocks, each conditional, so a race has exactly one winner.
 */
export { bookingKeys };

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, type: _e, ...rest } = item;
  return rest as T;
};

/** What one granule's slot item says about occupancy (expired holds count as free). */
export interface SlotState { granule: string; taken: number; bookingId?: string }

type TxItems = Parameters<typeof transact>[1];
const ALREADY_BOOKED = () => conflict('This time is already booked', { rule: 'already_booked' });
const NO_SEAT = () => conflict('No seat is left at this time', { rule: 'no_seat_left' });
/** A revoke of a qualification the member did not hold. */
class NotHeld extends Error {}

/** The numeric value of an attribute from a cancellation reason's item (raw or unmarshalled). */
const num = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  const n = (v as { N?: string } | undefined)?.N;
  return n === undefined ? undefined : Number(n);
};

export const bookingsRepo = (db: Db, tenantId: string, timeZone: string) => {
  const t = tenantId;
  const T = db.table;

  /** The slot items of a booking: one per granule of its blocked span, in the granule's local day. */
  const slotKeys = (b: Pick<Booking, 'resourceId' | 'start' | 'blockedUntil'>) =>
    granulesOf({ start: Date.parse(b.start), end: Date.parse(b.blockedUntil) })
      .map((g) => bookingKeys.slot(t, b.resourceId, localDateOf(g, timeZone), g));

  const bookingItem = (b: Booking) => ({
    ...bookingKeys.booking(t, b.id), type: 'Booking',
    GSI1PK: bookingKeys.resourceBookings(t, b.resourceId), GSI1SK: `${b.start}#${b.id}`, ...b,
  });
  const memberItem = (b: Booking) => ({ ...bookingKeys.memberBooking(t, b.memberId, b.end, b.id), type: 'Booking', ...b });

  /** Writes the booking and its member entry, guarded by the version that was read. */
  const saveItems = (before: Booking | null, after: Booking): TxItems => [
    before
      ? { Put: { TableName: T, Item: bookingItem(after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } }
      : { Put: { TableName: T, Item: bookingItem(after), ConditionExpression: 'attribute_not_exists(PK)' } },
    { Put: { TableName: T, Item: memberItem(after) } },
  ];

  /** Claims every granule: a free or expired single slot, or a seat under the capacity. */
  function claimItems(b: Booking, capacity: number, now: Date): TxItems {
    const nowSec = nowEpochSeconds(now);
    const holdUntil = b.holdExpiresAt ? Math.floor(Date.parse(b.holdExpiresAt) / 1000) : undefined;
    return slotKeys(b).map((Key) => b.seats
      ? {
        Update: {
          TableName: T, Key,
          // confirmedSeats is always present (0 for a hold), so a purge can reset seats from it.
          UpdateExpression: holdUntil
            ? 'SET #type = :type, holdsUntil = :hold ADD seats :one, confirmedSeats :zero'
            : 'SET #type = :type ADD seats :one, confirmedSeats :one',
          ConditionExpression: 'attribute_not_exists(PK) OR seats < :cap',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'SeatCounter', ':one': 1, ':cap': capacity, ...(holdUntil ? { ':hold': holdUntil, ':zero': 0 } : {}) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      }
      : {
        Put: {
          TableName: T,
          Item: { ...Key, type: 'Slot', bookingId: b.id, ...(holdUntil ? { expiresAt: holdUntil } : {}) },
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': nowSec },
        },
      });
  }

  /**
   * Gives the granules back. Single slots are deleted only while they still name this booking; seats
   * are decremented, and a hold's seat only while the counter still holds it (not purged since).
   */
  function releaseItems(b: Booking): TxItems {
    const held = b.status === 'held';
    const holdUntil = b.holdExpiresAt ? Math.floor(Date.parse(b.holdExpiresAt) / 1000) : 0;
    return slotKeys(b).map((Key) => b.seats
      ? {
        Update: {
          TableName: T, Key,
          UpdateExpression: held ? 'ADD seats :minus' : 'ADD seats :minus, confirmedSeats :minus',
          ...(held ? { ConditionExpression: 'holdsUntil >= :hold' } : {}),
          ExpressionAttributeValues: { ':minus': -1, ...(held ? { ':hold': holdUntil } : {}) },
        },
      }
      : { Delete: { TableName: T, Key, ConditionExpression: 'bookingId = :id', ExpressionAttributeValues: { ':id': b.id } } });
  }

  /** A held booking becomes confirmed: its slots lose their expiry, its seats become confirmed ones. */
  function confirmItems(b: Booking): TxItems {
    const holdUntil = b.holdExpiresAt ? Math.floor(Date.parse(b.holdExpiresAt) / 1000) : 0;
    return slotKeys(b).map((Key) => b.seats
      ? { Update: { TableName: T, Key, UpdateExpression: 'ADD confirmedSeats :one', ConditionExpression: 'holdsUntil >= :hold', ExpressionAttributeValues: { ':one': 1, ':hold': holdUntil } } }
      : { Update: { TableName: T, Key, UpdateExpression: 'REMOVE expiresAt', ConditionExpression: 'bookingId = :id', ExpressionAttributeValues: { ':id': b.id } } });
  }

  /**
   * Seat counters whose holds have all expired are reset to their confirmed seats. Conditional, so
   * it is a no-op when a fresh hold arrived meanwhile; run when a seat claim failed on such a counter.
   */
  async function purgeExpiredHolds(items: Array<{ PK: string; SK: string }>, now: Date): Promise<void> {
    for (const Key of items) {
      try {
        await db.doc.send(new UpdateCommand({
          TableName: T, Key, UpdateExpression: 'SET seats = confirmedSeats REMOVE holdsUntil',
          ConditionExpression: 'holdsUntil < :now', ExpressionAttributeValues: { ':now': nowEpochSeconds(now) },
        }));
      } catch (e) { if ((e as Error).name !== 'ConditionalCheckFailedException') throw e; }
    }
  }

  /** The key of one transaction write. */
  const keyOf = (i: TxItems[number]) => (i.Put ? { PK: i.Put.Item!.PK, SK: i.Put.Item!.SK } : (i.Update ?? i.Delete ?? i.ConditionCheck)!.Key) as { PK: string; SK: string };

  /** The seat counters (`slot` writes) refused only because their holds had all expired. */
  const expiredHoldKeys = (reasons: CancellationReason[], set: WriteSet, now: Date) => {
    const names = set.names, items = set.items;
    return reasons.flatMap((r, i) => {
      const hold = num(r.Item?.holdsUntil);
      return names[i] === 'slot' && r.Code === 'ConditionalCheckFailed' && hold !== undefined && hold < nowEpochSeconds(now) ? [keyOf(items[i]!)] : [];
    });
  };

  return {
    keys: bookingKeys,

    // ——— resources ———
    /** Pattern: resource by id (GetItem). */
    async getResource(id: string): Promise<Resource | null> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: bookingKeys.resource(t, id) }));
      return r.Item ? strip<Resource>(r.Item) : null;
    },
    /** Pattern: the tenant's resources (Query `T#t#RESOURCES`). */
    async listResources(): Promise<Resource[]> {
      const out: Resource[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: T, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': bookingKeys.resource(t, '').PK }, ExclusiveStartKey: start,
        }));
        out.push(...(r.Items ?? []).map((i) => strip<Resource>(i)));
        start = r.LastEvaluatedKey;
      } while (start);
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    /** Creates or replaces a resource under optimistic locking; `extra` (a price change's audit entry) joins the same transaction. */
    async putResource(before: Resource | null, after: Resource, extra: TxItems = []): Promise<Resource> {
      const next = { ...after, version: before ? before.version + 1 : 1 };
      const put = {
        TableName: T, Item: { ...bookingKeys.resource(t, next.id), type: 'Resource', ...next },
        ...(before
          ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      };
      const stale = () => conflict('The resource was changed meanwhile; reload and try again', { rule: 'stale_version' });
      if (extra.length) { await commit(db, new WriteSet().add('resource', { Put: put }).add('audit', ...extra), stale); return next; }
      try {
        await db.doc.send(new PutCommand(put));
      } catch (e) {
        if (isConditionFailed(e)) throw stale();
        throw e;
      }
      return next;
    },
    /**
     * Pattern: the rules read of a booking — the resource and the space's opening calendar in one
     * BatchGetItem (the route caches it briefly per process).
     */
    async loadForBooking(resourceId: string): Promise<{ resource: Resource | null; calendar: OpeningCalendar }> {
      const rk = bookingKeys.resource(t, resourceId), ck = bookingKeys.calendar(t);
      const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [T]: { Keys: [rk, ck] } } }));
      const items = r.Responses?.[T] ?? [];
      const res = items.find((i) => i.PK === rk.PK && i.SK === rk.SK);
      const cal = items.find((i) => i.SK === 'CALENDAR');
      return { resource: res ? strip<Resource>(res) : null, calendar: cal ? (strip<{ calendar: OpeningCalendar }>(cal).calendar) : EMPTY_CALENDAR };
    },
    /**
     * Pattern: who is booking, plus (for a machine) the trainings it requires and the member's
     * qualifications for them — one BatchGetItem of known keys. `extraKeys` ride in the same call (a
     * booking's billing items, @lieu/payments' `bookingBillingKeys`) and come back as read in `extra`.
     */
    async loadMember(userId: string, trainingIds: string[], extraKeys: { PK: string; SK: string }[] = []): Promise<{ user: User | null; trainings: Training[]; qualifications: Qualification[]; extra: Record<string, unknown>[] }> {
      const uk = keys.user(tenantRealm(t), userId);
      const ks = [uk, ...trainingIds.map((id) => bookingKeys.training(t, id)), ...trainingIds.map((id) => bookingKeys.qualification(t, userId, id)), ...extraKeys];
      const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [T]: { Keys: ks } } }));
      const items = r.Responses?.[T] ?? [];
      const user = items.find((i) => i.PK === uk.PK && i.SK === 'USER');
      return {
        user: user ? strip<User>(user) : null,
        trainings: items.filter((i) => i.type === 'Training').map((i) => strip<Training>(i)),
        qualifications: items.filter((i) => i.type === 'Qualification').map((i) => strip<Qualification>(i)),
        extra: items.filter((i) => extraKeys.some((k) => k.PK === i.PK && k.SK === i.SK)),
      };
    },

    // ——— opening calendar ———
    /** Pattern: the space's exceptional days and closures (GetItem beside the tenant item). */
    async getCalendar(): Promise<OpeningCalendar> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: bookingKeys.calendar(t) }));
      return r.Item ? (r.Item.calendar as OpeningCalendar) : EMPTY_CALENDAR;
    },
    async putCalendar(calendar: OpeningCalendar): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: T, Item: { ...bookingKeys.calendar(t), type: 'OpeningCalendar', calendar } }));
    },

    // ——— trainings and qualifications ———
    /** Pattern: the training catalogue (Query `T#t#TRAININGS`). */
    async listTrainings(): Promise<Training[]> {
      const r = await db.doc.send(new QueryCommand({ TableName: T, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': bookingKeys.training(t, '').PK } }));
      return (r.Items ?? []).map((i) => strip<Training>(i)).sort((a, b) => a.name.localeCompare(b.name));
    },
    async getTraining(id: string): Promise<Training | null> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: bookingKeys.training(t, id) }));
      return r.Item ? strip<Training>(r.Item) : null;
    },
    async putTraining(tr: Training): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: T, Item: { ...bookingKeys.training(t, tr.id), type: 'Training', ...tr } }));
    },
    /** Pattern: a member's qualifications (Query the member's partition, `QUAL#` prefix). */
    async listQualifications(userId: string): Promise<Qualification[]> {
      const r = await db.doc.send(new QueryCommand({
        TableName: T, KeyConditionExpression: 'PK = :p AND begins_with(SK, :q)',
        ExpressionAttributeValues: { ':p': keys.user(tenantRealm(t), userId).PK, ':q': 'QUAL#' },
      }));
      return (r.Items ?? []).map((i) => strip<Qualification>(i));
    },
    /**
     * Grants (or renews) a qualification. `extra` joins the same transaction: staff grants carry
     * their audit entry there, so there is never one without the other.
     */
    async grantQualification(userId: string, q: Qualification, extra: TxItems = []): Promise<void> {
      const put = {
        TableName: T,
        Item: { ...bookingKeys.qualification(t, userId, q.trainingId), type: 'Qualification', GSI1PK: bookingKeys.trainingHolders(t, q.trainingId), GSI1SK: userId, ...q },
      };
      if (!extra.length) { await db.doc.send(new PutCommand(put)); return; }
      await commit(db, new WriteSet().add('qualification', { Put: put }).add('audit', ...extra), () => conflict('The qualification could not be recorded; try again'));
    },
    /**
     * Pattern: who holds a training (Query GSI1 `T#t#TRAINING#<id>#HOLDERS`), with each holder's
     * name from one BatchGetItem of their user items (per 100).
     */
    async holders(trainingId: string): Promise<Array<Qualification & { memberId: string; memberName: string }>> {
      const quals: Array<Qualification & { memberId: string }> = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: T, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p',
          ExpressionAttributeValues: { ':p': bookingKeys.trainingHolders(t, trainingId) }, ExclusiveStartKey: start,
        }));
        quals.push(...(r.Items ?? []).map((i) => ({ ...strip<Qualification>(i), memberId: String(i.GSI1SK) })));
        start = r.LastEvaluatedKey;
      } while (start);
      const names = new Map<string, string>();
      for (let i = 0; i < quals.length; i += 100) {
        const ks = quals.slice(i, i + 100).map((q) => keys.user(tenantRealm(t), q.memberId));
        const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [T]: { Keys: ks, ProjectionExpression: 'id, #n, #s', ExpressionAttributeNames: { '#n': 'name', '#s': 'status' } } } }));
        for (const u of r.Responses?.[T] ?? []) if (u.status !== 'erased') names.set(String(u.id), String(u.name));
      }
      return quals.filter((q) => names.has(q.memberId)).map((q) => ({ ...q, memberName: names.get(q.memberId)! })).sort((a, b) => a.memberName.localeCompare(b.memberName));
    },
    /** Revokes (with `extra`, e.g. the audit entry, in the same transaction); false when the member did not hold it. */
    async revokeQualification(userId: string, trainingId: string, extra: TxItems = []): Promise<boolean> {
      const Key = bookingKeys.qualification(t, userId, trainingId);
      if (!extra.length) {
        const r = await db.doc.send(new DeleteCommand({ TableName: T, Key, ReturnValues: 'ALL_OLD' }));
        return !!r.Attributes;
      }
      try {
        await commit(db, new WriteSet().add('qualification', { Delete: { TableName: T, Key, ConditionExpression: 'attribute_exists(PK)' } }).add('audit', ...extra),
          (failed) => (failed.has('qualification') ? new NotHeld() : conflict('The qualification could not be revoked; try again')));
        return true;
      } catch (e) {
        if (e instanceof NotHeld) return false;
        throw e;
      }
    },

    // ——— bookings ———
    /** Pattern: booking by id (GetItem). */
    async get(id: string): Promise<Booking | null> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: bookingKeys.booking(t, id) }));
      return r.Item ? strip<Booking>(r.Item) : null;
    },

    /**
     * Pattern: a booking and, in the same BatchGetItem, its payment under the member it is guessed to
     * belong to (the caller's own booking: the payment's key is known before the booking is read). A
     * wrong guess reads nothing; the caller then reads the payment by its key. The member item rides
     * along (the booking emails read its address and preferences).
     */
    async getWithPayment(id: string, memberId: string, paymentId: string): Promise<{ booking: Booking | null; payment: Payment | null; member: User | null }> {
      const bk = bookingKeys.booking(t, id), pk = paymentsRepo(db, t).key(memberId, paymentId), uk = keys.user(tenantRealm(t), memberId);
      const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [T]: { Keys: [bk, pk, uk] } } }));
      const items = r.Responses?.[T] ?? [];
      const b = items.find((i) => i.PK === bk.PK && i.SK === bk.SK);
      const p = items.find((i) => i.PK === pk.PK && i.SK === pk.SK);
      const u = items.find((i) => i.PK === uk.PK && i.SK === uk.SK);
      const booking = b ? strip<Booking>(b) : null;
      const mine = booking?.memberId === memberId;
      const payment = p && mine ? effectivePayment(strip<Payment>(p)) : null;
      return { booking, payment, member: u && mine ? strip<User>(u) : null };
    },

    /**
     * Creates a booking in one transaction: booking + member entry + slot items (Put or seat counter),
     * plus `extra` (what its pricing consumes, its payment). A failed slot is a 409 `already_booked`
     * (`no_seat_left`), a failed pricing write a 409 `stale_version` (credits or quota spent meanwhile).
     * Seat counters whose holds have all expired are reset once and the claim retried, so an expired
     * hold never keeps a seat.
     */
    async create(b: Booking, capacity: number, now: Date, opts: { returnConsumedCapacity?: boolean; extra?: WriteSet; clientRequestToken?: string } = {}): Promise<void> {
      for (let attempt = 0; ; attempt++) {
        let stale: Array<{ PK: string; SK: string }> = [];
        const set = new WriteSet().add('booking', saveItems(null, b)[0]!).add('member-entry', saveItems(null, b)[1]!);
        const claims = claimItems(b, capacity, now);
        set.add('slot', ...claims);
        if (opts.extra) set.merge(opts.extra);
        try {
          await transact(db, set.items, (reasons: CancellationReason[]) => {
            const failed = set.failedNames(reasons);
            if (!failed.has('slot') && failed.size) return conflict('Your credits or allowance changed meanwhile; try again', { rule: 'stale_version' });
            if (b.seats) {
              stale = expiredHoldKeys(reasons, set, now);
              return NO_SEAT();
            }
            return ALREADY_BOOKED();
          }, { ...(opts.returnConsumedCapacity ? { returnConsumedCapacity: true } : {}), ...(opts.clientRequestToken ? { clientRequestToken: `${opts.clientRequestToken}#${attempt}` } : {}) });
          return;
        } catch (e) {
          if (stale.length && attempt < 2) { await purgeExpiredHolds(stale, now); continue; }
          throw e;
        }
      }
    },

    /** The writes of a new confirmed booking (booking, member entry, slot items) for a caller's own transaction: an event books its room. */
    createItems: (b: Booking, capacity: number, now: Date): TxItems => [...saveItems(null, b), ...claimItems(b, capacity, now)],
    /** The writes that cancel a confirmed booking and free its slots, for a caller's own transaction. */
    cancelItems: (before: Booking, after: Booking): TxItems => [...saveItems(before, after), ...releaseItems(before)],

    /** The writes that confirm a hold (its slot conditions are the fresh availability check), for a caller's own transaction: a paid Checkout Session. */
    confirmTxItems: (before: Booking, after: Booking): Parameters<typeof transact>[1] => [...saveItems(before, after), ...confirmItems(before)],

    /**
     * Cancels: the status change, the release of the slot items (while the booking still holds them)
     * and `effects` — what the cancellation does to its pricing and payment, decided by the caller
     * (credits given back, payment released or refunded) — in one transaction. Without `effects`, the
     * credits and quota come back and the payment is marked released, unread.
     */
    async cancel(before: Booking, after: Booking, now: Date, effects?: WriteSet): Promise<void> {
      const stillHolding = before.status === 'confirmed' || (before.status === 'held' && Date.parse(before.holdExpiresAt ?? '') > now.getTime());
      const set = new WriteSet().add('booking', ...saveItems(before, after));
      if (stillHolding) set.add('slot', ...releaseItems(before));
      set.merge(effects ?? new WriteSet().add('pricing', ...pricingReleaseItems(db, t, before, now)));
      await commit(db, set, (failed) => failed.has('booking')
        ? conflict('The booking was changed meanwhile; reload and try again', { rule: 'stale_version' })
        : conflict('The booking\'s payment changed meanwhile; reload and try again', { rule: 'payment_changed' }));
    },

    /**
     * The writes that release a hold whose payment expired or failed, for the payment webhook's own
     * transaction: the booking cancelled, its slots freed while the hold still stands, and the credits
     * and quota it consumed given back (its payment is the caller's: it changes it in the same transaction).
     */
    releaseHoldTxItems(before: Booking, after: Booking, now: Date): TxItems {
      const stillHolding = before.status === 'held' && Date.parse(before.holdExpiresAt ?? '') > now.getTime();
      return [...saveItems(before, after), ...(stillHolding ? releaseItems(before) : []), ...pricingReleaseItems(db, t, before, now, null)];
    },

    /** Confirms a hold (the payment flow, or staff by hand). */
    async confirm(before: Booking, after: Booking, extra: TxItems = []): Promise<void> {
      await commit(db, new WriteSet().add('booking', ...saveItems(before, after)).add('slot', ...confirmItems(before)).add('extra', ...extra),
        () => conflict('The hold expired or the booking changed meanwhile', { rule: 'hold_expired' }));
    },

    /**
     * Moves a confirmed booking (another time and/or resource) in one transaction: the booking
     * rewritten under the version read, its member entry re-keyed (the key holds the end), the
     * granules only the old span blocked released and those only the new one blocks claimed. The
     * granules both share stay as they are: they are this booking's already, and a transaction may
     * not touch one item twice. A taken granule is a 409 and nothing is written.
     */
    async move(before: Booking, after: Booking, capacity: number, now: Date, extra: TxItems = []): Promise<void> {
      const id = (k: { PK: string; SK: string }) => `${k.PK}|${k.SK}`;
      const oldKeys = new Set(slotKeys(before).map(id));
      const newKeys = new Set(slotKeys(after).map(id));
      const release = releaseItems(before).filter((i) => !newKeys.has(id(keyOf(i))));
      const claim = claimItems(after, capacity, now).filter((i) => !oldKeys.has(id(keyOf(i))));
      const oldEntry = bookingKeys.memberBooking(t, before.memberId, before.end, before.id);
      const set = new WriteSet()
        .add('booking', ...saveItems(before, after))
        .add('old-entry', ...(before.end !== after.end ? [{ Delete: { TableName: T, Key: oldEntry } }] : []))
        .add('release', ...release)
        .add('slot', ...claim)
        .add('extra', ...extra);
      let stale: Array<{ PK: string; SK: string }> = [];
      for (let attempt = 0; ; attempt++) {
        try {
          await transact(db, set.items, (reasons) => {
            const failed = set.failedNames(reasons);
            if (failed.has('booking') || failed.has('release')) return conflict('The booking was changed meanwhile; reload and try again', { rule: 'stale_version' });
            // A seat counter refused only because of expired holds is reset, then the move retried once.
            stale = after.seats ? expiredHoldKeys(reasons, set, now) : [];
            return after.seats ? NO_SEAT() : ALREADY_BOOKED();
          });
          return;
        } catch (e) {
          if (stale.length && attempt < 1) { await purgeExpiredHolds(stale, now); stale = []; continue; }
          throw e;
        }
      }
    },

    /** Status changes that keep the slots (check-in, no-show). */
    async update(before: Booking, after: Booking): Promise<void> {
      await commit(db, new WriteSet().add('booking', ...saveItems(before, after)), () => conflict('The booking was changed meanwhile; reload and try again', { rule: 'stale_version' }));
    },

    /**
     * Removes a booking that was never shown as made (an all-or-nothing series rolled back, an event
     * not created), with what its pricing consumed given back (its payment released at `now`).
     */
    async erase(b: Booking, now: Date = new Date(b.createdAt)): Promise<void> {
      await commit(db, new WriteSet()
        .add('booking', { Delete: { TableName: T, Key: bookingKeys.booking(t, b.id) } }, { Delete: { TableName: T, Key: bookingKeys.memberBooking(t, b.memberId, b.end, b.id) } })
        .add('slot', ...releaseItems(b))
        .add('pricing', ...pricingReleaseItems(db, t, b, now)),
      () => conflict('The series could not be rolled back; reload and try again'));
    },

    /** Pattern: availability of one resource-day — one Query of the day's slot items. */
    async dayOccupancy(resourceId: string, date: string, now: Date): Promise<Map<string, SlotState>> {
      const nowSec = nowEpochSeconds(now);
      const out = new Map<string, SlotState>();
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: T, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': bookingKeys.day(t, resourceId, date) }, ExclusiveStartKey: start,
        }));
        for (const i of r.Items ?? []) {
          const granule = String(i.SK).slice(5);
          if (i.type === 'SeatCounter') {
            const holdsLive = typeof i.holdsUntil === 'number' && i.holdsUntil >= nowSec;
            out.set(granule, { granule, taken: holdsLive ? (i.seats as number) : ((i.confirmedSeats as number | undefined) ?? 0) });
          } else if (!(typeof i.expiresAt === 'number' && i.expiresAt < nowSec)) {
            out.set(granule, { granule, taken: 1, bookingId: i.bookingId as string });
          }
        }
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },

    /** Pattern: a resource's bookings overlapping [from, to) (Query GSI1 `…RES#r#BOOKINGS`, by start). */
    async forResource(resourceId: string, from: string, to: string): Promise<Booking[]> {
      const out: Booking[] = [];
      const earliest = new Date(Date.parse(from) - 86_400_000).toISOString(); // bookings last at most 24 h
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: T, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p AND GSI1SK BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':p': bookingKeys.resourceBookings(t, resourceId), ':a': earliest, ':b': `${to}~` },
          ExclusiveStartKey: start,
        }));
        out.push(...(r.Items ?? []).map((i) => strip<Booking>(i)).filter((b) => b.end > from && b.start < to));
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },

    /**
     * Pattern: a member's bookings (Query the member's partition, `BOOKING#<end>` prefix): upcoming
     * ones (not yet ended) soonest first, past ones latest first, cursor-paginated.
     */
    async forMember(userId: string, when: 'upcoming' | 'past', now: Date, limit: number, cursor?: string): Promise<Page<Booking>> {
      const pk = keys.user(tenantRealm(t), userId).PK;
      const at = `BOOKING#${now.toISOString()}`;
      const r = await db.doc.send(new QueryCommand({
        TableName: T, KeyConditionExpression: 'PK = :p AND SK BETWEEN :a AND :b',
        ExpressionAttributeValues: when === 'upcoming' ? { ':p': pk, ':a': at, ':b': 'BOOKING#~' } : { ':p': pk, ':a': 'BOOKING#', ':b': at },
        ScanIndexForward: when === 'upcoming', Limit: limit, ExclusiveStartKey: decodeCursor(pk, cursor),
      }));
      return { items: (r.Items ?? []).map((i) => strip<Booking>(i)), nextCursor: encodeCursor(pk, r.LastEvaluatedKey) };
    },

    // ——— iCal feed tokens ———
    /** Pattern: the member behind a feed token (GetItem on the token's hash). */
    async memberOfFeed(tokenHash: string): Promise<string | null> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: bookingKeys.icalToken(t, tokenHash) }));
      return (r.Item?.userId as string | undefined) ?? null;
    },
    /** Replaces the member's feed token (the old URL stops working in the same transaction). */
    async setFeedToken(userId: string, tokenHash: string | null, now: Date): Promise<void> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: bookingKeys.icalOfMember(t, userId) }));
      const old = r.Item?.tokenHash as string | undefined;
      const set = new WriteSet();
      if (old) set.add('old-token', { Delete: { TableName: T, Key: bookingKeys.icalToken(t, old) } });
      if (tokenHash) {
        set.add('token', { Put: { TableName: T, Item: { ...bookingKeys.icalToken(t, tokenHash), type: 'IcalToken', userId } } });
        set.add('feed', { Put: { TableName: T, Item: { ...bookingKeys.icalOfMember(t, userId), type: 'CalendarFeed', tokenHash, createdAt: now.toISOString() } } });
      } else if (old) set.add('feed', { Delete: { TableName: T, Key: bookingKeys.icalOfMember(t, userId) } });
      await commit(db, set, () => conflict('The feed was changed meanwhile; try again'));
    },
  };
};
export type BookingsRepo = ReturnType<typeof bookingsRepo>;

/** The blocked span of a booking request, for callers that build a Booking. */
export const blockedUntil = (start: number, end: number, bufferMinutes: number): string =>
  new Date(blockedSpan(start, end, bufferMinutes).end).toISOString();

