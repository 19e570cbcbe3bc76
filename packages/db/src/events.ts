import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '@lieu/core';
import type { Db } from './client';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { transact, type CancellationReason } from './transact';

/**
 * Events, workshops and training sessions (issue 8) and their registrations. Access patterns in
 * ../README.md ("Events").
 *
 * - An event lives in its own partition `T#t#EVENT#<id>`: the event item (`SK EVENT`, which carries
 *   the `registered` counter and the waitlist ticket counter), one item per registration
 *   (`REG#<registrationId>`) and one uniqueness marker per person (`PERSON#M#<memberId>` or
 *   `PERSON#V#<email>`), so one Query reads an event's whole list.
 * - The tenant's events by start: GSI1 `T#t#EVENTS` / `<start>#<id>`.
 * - Capacity by construction: a registration's transaction increments `registered` under
 *   `registered < capacity`; a full event fails that condition and the person joins the waitlist
 *   with a ticket from an atomic counter (arrival order).
 * - A cancellation of a registered person promotes the first waitlisted one in the same
 *   transaction (the counter does not move), with the promotion email in the outbox.
 */
export type Audience = 'public' | 'members';
export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled';
export type Attendance = 'attended' | 'no_show';

export interface EventPrice {
  /** Price for everyone (visitors included), VAT included, in cents; 0 = free. */
  cents: number;
  /** Member rates by billing category (e.g. `adherent: 500`), through the pricing engine. */
  categoryCents?: Record<string, number> | undefined;
}

export interface EventRecord {
  id: string;
  title: string;
  description?: string | undefined;
  imageUrl?: string | undefined;
  start: string; // UTC ISO
  end: string; // UTC ISO
  /** The room or area the event books (a booking with the same id as the event). */
  placeId?: string | undefined;
  placeName?: string | undefined;
  capacity: number;
  audience: Audience;
  price: EventPrice;
  tags: string[];
  published: boolean;
  /** Members may cancel until this many hours before the start (staff at any time). */
  cancelBeforeHours: number;
  /** A training session: attending grants this training's qualification. */
  trainingId?: string | undefined;
  trainingName?: string | undefined;
  seriesId?: string | undefined;
  status: 'active' | 'cancelled';
  registered: number;
  createdAt: string;
  createdBy: string;
  version: number;
}

export interface Registration {
  id: string;
  eventId: string;
  /** `M#<memberId>` or `V#<email>`: one live registration per person and event. */
  person: string;
  memberId?: string | undefined;
  name: string;
  email: string;
  status: RegistrationStatus;
  /** Waitlist ticket: smaller = arrived earlier. */
  waitSeq?: number | undefined;
  attendance?: Attendance | undefined;
  attendanceAt?: string | undefined;
  /** The price fixed at registration (member rates applied), and its pending payment once registered. */
  priceCents: number;
  quote?: TicketQuote | undefined;
  paymentId?: string | undefined;
  /** Hash of the visitor's cancellation token. */
  cancelTokenHash?: string | undefined;
  createdAt: string;
  createdBy: string;
  promotedAt?: string | undefined;
  cancelledAt?: string | undefined;
  cancelledBy?: string | undefined;
  remindedAt?: string | undefined;
  version: number;
}

/** What a ticket's payment needs, fixed when the person registers. */
export interface TicketQuote {
  currency: string;
  totalCents: number;
  netCents: number;
  vatCents: number;
  vatRateBp: number;
  vatMention?: string | undefined;
  category: string;
}

export const eventKeys = {
  event: (t: string, id: string) => ({ PK: `T#${t}#EVENT#${id}`, SK: 'EVENT' }),
  list: (t: string) => `T#${t}#EVENTS`, // GSI1PK
  registration: (t: string, eventId: string, id: string) => ({ PK: `T#${t}#EVENT#${eventId}`, SK: `REG#${id}` }),
  person: (t: string, eventId: string, person: string) => ({ PK: `T#${t}#EVENT#${eventId}`, SK: `PERSON#${person}` }),
  visitorToken: (t: string, hash: string) => ({ PK: `T#${t}#EVTOKEN#${hash}`, SK: 'EVTOKEN' }),
};

type TxItems = Parameters<typeof transact>[1];

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, type: _e, ...rest } = item;
  return rest as T;
};

/** Which item of a cancelled transaction failed its condition (by index). */
const failedAt = (reasons: CancellationReason[], i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';

export class EventFull extends Error { constructor() { super('full'); this.name = 'EventFull'; } }

export const eventsRepo = (db: Db, tenantId: string) => {
  const t = tenantId;
  const T = db.table;
  const eventItem = (e: EventRecord) => ({ ...eventKeys.event(t, e.id), type: 'Event', GSI1PK: eventKeys.list(t), GSI1SK: `${e.start}#${e.id}`, ...e });
  const regItem = (r: Registration) => ({ ...eventKeys.registration(t, r.eventId, r.id), type: 'EventRegistration', ...r });

  return {
    keys: eventKeys,

    /** Pattern: event by id (GetItem). */
    async get(id: string): Promise<EventRecord | null> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: eventKeys.event(t, id), ConsistentRead: true }));
      return r.Item ? strip<EventRecord>(r.Item) : null;
    },

    /** The put of a new event, for the caller's transaction (with its room booking). */
    createItem: (e: EventRecord) => ({ Put: { TableName: T, Item: eventItem(e), ConditionExpression: 'attribute_not_exists(PK)' } }),

    /**
     * The change of an event's editable fields at the version read. The counters (`registered`,
     * `waitSeq`) are left alone, and the new capacity must hold the people already registered.
     */
    updateItem(before: EventRecord, after: EventRecord) {
      const fields = ['title', 'description', 'imageUrl', 'capacity', 'audience', 'price', 'tags', 'published', 'cancelBeforeHours', 'status'] as const;
      const set: string[] = ['version = :next'];
      const remove: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':next': before.version + 1, ':v': before.version };
      for (const f of fields) {
        names[`#${f}`] = f;
        if (after[f] === undefined) remove.push(`#${f}`);
        else { set.push(`#${f} = :${f}`); values[`:${f}`] = after[f]; }
      }
      return {
        Update: {
          TableName: T, Key: eventKeys.event(t, before.id),
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: 'version = :v AND registered <= :capacity',
          ExpressionAttributeNames: names, ExpressionAttributeValues: values,
        },
      };
    },

    async update(before: EventRecord, after: EventRecord, extra: TxItems = []): Promise<EventRecord> {
      await transact(db, [this.updateItem(before, after), ...extra], () => conflict('The event changed meanwhile (or has more registrations than that capacity); reload and try again', { rule: 'stale_version' }));
      return { ...after, registered: before.registered, version: before.version + 1 };
    },

    /** Deletes an event that was never shown (a weekly series rolled back), with the caller's other writes. */
    eraseItem: (id: string) => ({ Delete: { TableName: T, Key: eventKeys.event(t, id) } }),

    /**
     * Pattern: the tenant's events starting in [from, to), soonest first (Query GSI1 `T#t#EVENTS`
     * on `<start>#<id>`), cursor-paginated. `filter` narrows a page (published, audience) in code.
     */
    async list(from: string, to: string, limit: number, cursor?: string): Promise<Page<EventRecord>> {
      const partition = eventKeys.list(t);
      const r = await db.doc.send(new QueryCommand({
        TableName: T, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p AND GSI1SK BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': partition, ':a': from, ':b': `${to}~` },
        Limit: limit, ExclusiveStartKey: decodeCursor(partition, cursor),
      }));
      return { items: (r.Items ?? []).map((i) => strip<EventRecord>(i)), nextCursor: encodeCursor(partition, r.LastEvaluatedKey) };
    },

    /** Every event starting in [from, to) (feeds, reminders): the same Query, all pages. */
    async all(from: string, to: string): Promise<EventRecord[]> {
      const out: EventRecord[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await this.list(from, to, 100, cursor ?? undefined);
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    },

    // ——— registrations ———
    /** Pattern: one registration (GetItem). */
    async getRegistration(eventId: string, id: string): Promise<Registration | null> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: eventKeys.registration(t, eventId, id), ConsistentRead: true }));
      return r.Item ? strip<Registration>(r.Item) : null;
    },

    /** Pattern: a person's live registration to an event (GetItem on the marker, then on the registration). */
    async registrationOf(eventId: string, person: string): Promise<Registration | null> {
      const m = await db.doc.send(new GetCommand({ TableName: T, Key: eventKeys.person(t, eventId, person), ConsistentRead: true }));
      return m.Item ? this.getRegistration(eventId, m.Item.registrationId as string) : null;
    },

    /** Pattern: the registration behind a visitor's cancellation token (GetItem on the token's hash). */
    async registrationOfToken(hash: string): Promise<Registration | null> {
      const m = await db.doc.send(new GetCommand({ TableName: T, Key: eventKeys.visitorToken(t, hash) }));
      return m.Item ? this.getRegistration(m.Item.eventId as string, m.Item.registrationId as string) : null;
    },

    /** Pattern: an event's registrations, in registration order (Query the event's partition, `REG#` prefix). */
    async registrations(eventId: string): Promise<Registration[]> {
      const out: Registration[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: T, KeyConditionExpression: 'PK = :p AND begins_with(SK, :r)', ConsistentRead: true,
          ExpressionAttributeValues: { ':p': eventKeys.event(t, eventId).PK, ':r': 'REG#' }, ExclusiveStartKey: start,
        }));
        out.push(...(r.Items ?? []).map((i) => strip<Registration>(i)));
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },

    /** The first person on the waitlist (smallest ticket), if any. */
    async firstWaitlisted(eventId: string): Promise<Registration | null> {
      const waiting = (await this.registrations(eventId)).filter((r) => r.status === 'waitlisted');
      waiting.sort((a, b) => (a.waitSeq ?? 0) - (b.waitSeq ?? 0));
      return waiting[0] ?? null;
    },

    /**
     * Registers under the capacity, in one transaction: `registered + 1` under `registered < capacity`
     * on an active event, the person's marker (one live registration per person), the registration
     * and the caller's extra writes (pending payment, email). Full → EventFull; already registered → 409.
     */
    async register(r: Registration, extra: TxItems): Promise<void> {
      await transact(db, [
        {
          Update: {
            TableName: T, Key: eventKeys.event(t, r.eventId), UpdateExpression: 'ADD registered :one',
            ConditionExpression: 'registered < #cap AND #s = :active', ExpressionAttributeNames: { '#s': 'status', '#cap': 'capacity' },
            ExpressionAttributeValues: { ':one': 1, ':active': 'active' },
          },
        },
        ...this.personItems(r),
        { Put: { TableName: T, Item: regItem(r), ConditionExpression: 'attribute_not_exists(PK)' } },
        ...extra,
      ], (reasons) => {
        if (failedAt(reasons, 1)) return alreadyRegistered();
        return new EventFull();
      });
    },

    /**
     * Takes the next waitlist ticket, only while the event is full (a place that freed meanwhile
     * sends the caller back to `register`): one atomic counter, so tickets follow arrival order.
     */
    async takeWaitTicket(eventId: string): Promise<number | null> {
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await db.doc.send(new UpdateCommand({
            TableName: T, Key: eventKeys.event(t, eventId), UpdateExpression: 'ADD waitSeq :one',
            ConditionExpression: 'registered >= #cap AND #s = :active', ExpressionAttributeNames: { '#s': 'status', '#cap': 'capacity' },
            ExpressionAttributeValues: { ':one': 1, ':active': 'active' }, ReturnValues: 'UPDATED_NEW',
          }));
          return Number(r.Attributes?.waitSeq);
        } catch (e) {
          const name = (e as Error).name;
          if (name === 'ConditionalCheckFailedException') return null;
          // The event item is in another registration's transaction right now: wait a little and retry.
          if (name === 'TransactionConflictException' && attempt < 8) { await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt)); continue; }
          if (name === 'TransactionConflictException') throw conflict('The event is busy; try again', { rule: 'busy' });
          throw e;
        }
      }
    },

    /** Writes a waitlisted registration (with its marker): one transaction. */
    async waitlist(r: Registration, extra: TxItems = []): Promise<void> {
      await transact(db, [...this.personItems(r), { Put: { TableName: T, Item: regItem(r), ConditionExpression: 'attribute_not_exists(PK)' } }, ...extra],
        (reasons) => (failedAt(reasons, 0) ? alreadyRegistered() : conflict('The registration could not be written; try again')));
    },

    /** The person's marker (and a visitor's token lookup), both new. */
    personItems(r: Registration): TxItems {
      return [
        { Put: { TableName: T, Item: { ...eventKeys.person(t, r.eventId, r.person), type: 'EventPerson', registrationId: r.id }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ...(r.cancelTokenHash ? [{ Put: { TableName: T, Item: { ...eventKeys.visitorToken(t, r.cancelTokenHash), type: 'EventToken', eventId: r.eventId, registrationId: r.id } } }] : []),
      ];
    },

    /** A registration replaced at the version read, with its status guarded. */
    saveItem: (before: Registration, after: Registration) => ({
      Put: { TableName: T, Item: regItem(after), ConditionExpression: 'version = :v AND #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':v': before.version, ':s': before.status } },
    }),

    /**
     * Cancels a registration in one transaction: the registration, its marker (the person may register
     * again), and either the promotion of `next` (registered from the waitlist: the counter does not
     * move) or, with nobody waiting, `registered − 1`. `promotedWrites` go with the promotion (its
     * payment, its email). A concurrent change of either registration is a 409 the caller may retry.
     */
    async cancel(before: Registration, after: Registration, next: { before: Registration; after: Registration; writes: TxItems } | null, extra: TxItems = []): Promise<void> {
      const items: TxItems = [
        this.saveItem(before, after),
        { Delete: { TableName: T, Key: eventKeys.person(t, before.eventId, before.person) } },
        ...(before.cancelTokenHash ? [{ Delete: { TableName: T, Key: eventKeys.visitorToken(t, before.cancelTokenHash) } }] : []),
        ...extra,
      ];
      if (before.status === 'registered') {
        if (next) items.push(this.saveItem(next.before, next.after), ...next.writes);
        else items.push({ Update: { TableName: T, Key: eventKeys.event(t, before.eventId), UpdateExpression: 'ADD registered :minus', ExpressionAttributeValues: { ':minus': -1 } } });
      }
      await transact(db, items, (reasons) => (failedAt(reasons, 0)
        ? conflict('The registration changed meanwhile; reload and try again', { rule: 'stale_version' })
        : new PromotionRaced()));
    },

    /**
     * Promotes a waitlisted person into a free place (after a capacity increase, or when a waitlist
     * entry landed while a place was freeing): `registered + 1` under the capacity, and the registration.
     */
    async promote(before: Registration, after: Registration, writes: TxItems): Promise<boolean> {
      try {
        await transact(db, [
          {
            Update: {
              TableName: T, Key: eventKeys.event(t, before.eventId), UpdateExpression: 'ADD registered :one',
              ConditionExpression: 'registered < #cap AND #s = :active', ExpressionAttributeNames: { '#s': 'status', '#cap': 'capacity' },
              ExpressionAttributeValues: { ':one': 1, ':active': 'active' },
            },
          },
          this.saveItem(before, after),
          ...writes,
        ], () => new PromotionRaced());
        return true;
      } catch (e) {
        if (e instanceof PromotionRaced) return false;
        throw e;
      }
    },

    /** A status or attendance change that keeps the counters (check-in, no-show, reminder sent). */
    async save(before: Registration, after: Registration, extra: TxItems = []): Promise<void> {
      await transact(db, [this.saveItem(before, after), ...extra], () => conflict('The registration changed meanwhile; reload and try again', { rule: 'stale_version' }));
    },
  };
};
export type EventsRepo = ReturnType<typeof eventsRepo>;

/** A promotion lost a race (the waitlisted person cancelled, or the place was taken): read again. */
export class PromotionRaced extends Error { constructor() { super('promotion raced'); this.name = 'PromotionRaced'; } }

const alreadyRegistered = () => conflict('This person is already registered (or waitlisted) for this event', { rule: 'already_registered' });
