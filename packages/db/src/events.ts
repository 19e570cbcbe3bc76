import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventRecord, PendingVisitor, Registration } from '@lieu/core/events';
import type { Db } from './client';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { eventKeys } from './entities';
import { isConditionFailed, type WriteSet } from './transact';

export type {
  Attendance, Audience, EventPrice, EventRecord, PendingVisitor, Registration, RegistrationStatus, TicketQuote,
} from '@lieu/core/events';

/**
 * Events, workshops and training sessions and their registrations. Access patterns in ../README.md
 * ("Events"). The repository reads, and builds the writes of its own items; which writes go
 * together and what a failed condition means is the use-case's (packages/app/src/events).
 *
 * - An event lives in its own partition `T#t#EVENT#<id>`: the event item (`SK EVENT`, which carries
 *   the `registered` and `waiting` counters and the last waitlist ticket `waitSeq`), one item per
 *   registration (`REG#<registrationId>`) and one uniqueness marker per person (`PERSON#M#<memberId>`
 *   or `PERSON#V#<email>`), so one Query reads an event's whole list.
 * - The tenant's events by start: GSI1 `T#t#EVENTS` / `<start>#<id>`.
 * - A visitor's cancellation token `T#t#EVTOKEN#<hash>` and pending confirmation `T#t#EVCONFIRM#<hash>`.
 */
export { eventKeys };

type Op = Parameters<WriteSet['add']>[1];

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, type: _e, ...rest } = item;
  return rest as T;
};

/** `attr = :v`, where a missing attribute reads as 0 (events written before the counter existed). */
const counterIs = (attr: string, value: number, placeholder: string) =>
  value === 0 ? `(attribute_not_exists(${attr}) OR ${attr} = ${placeholder})` : `${attr} = ${placeholder}`;

export const eventsRepo = (db: Db, tenantId: string) => {
  const t = tenantId;
  const T = db.table;
  /** BatchGetItem of known keys, 100 at a time, until DynamoDB has answered for every key. */
  async function batchGet(keys: { PK: string; SK: string }[]): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
      while (pending?.length) {
        const r = await db.doc.send(new BatchGetCommand({ RequestItems: { [T]: { Keys: pending } } }));
        out.push(...(r.Responses?.[T] ?? []));
        pending = r.UnprocessedKeys?.[T]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  }
  const eventItem = (e: EventRecord) => ({ ...eventKeys.event(t, e.id), type: 'Event', GSI1PK: eventKeys.list(t), GSI1SK: `${e.start}#${e.id}`, ...e });
  const regItem = (r: Registration) => ({ ...eventKeys.registration(t, r.eventId, r.id), type: 'EventRegistration', ...r });
  const counter = (eventId: string, update: string, condition: string | undefined, values: Record<string, unknown>, names: Record<string, string> = {}): Op => ({
    Update: {
      TableName: T, Key: eventKeys.event(t, eventId), UpdateExpression: update,
      ...(condition ? { ConditionExpression: condition } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}), ExpressionAttributeValues: values,
    },
  });
  const open = { '#s': 'status', '#cap': 'capacity' };

  return {
    keys: eventKeys,

    /** Pattern: event by id (GetItem). */
    async get(id: string): Promise<EventRecord | null> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: eventKeys.event(t, id), ConsistentRead: true }));
      return r.Item ? strip<EventRecord>(r.Item) : null;
    },

    /** The put of a new event. */
    createItem: (e: EventRecord): Op => ({ Put: { TableName: T, Item: eventItem(e), ConditionExpression: 'attribute_not_exists(PK)' } }),

    /**
     * The change of an event's editable fields at the version read. The counters are left alone, and
     * the new capacity must hold the people already registered.
     */
    updateItem(before: EventRecord, after: EventRecord): Op {
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

    /** Deletes an event that was never shown (a weekly series rolled back). */
    eraseItem: (id: string): Op => ({ Delete: { TableName: T, Key: eventKeys.event(t, id) } }),

    /**
     * Pattern: the tenant's events starting in [from, to), soonest first (Query GSI1 `T#t#EVENTS`
     * on `<start>#<id>`), cursor-paginated.
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

    /**
     * Pattern: a person's registrations among some events (a member's calendar feed): BatchGetItem of
     * the person markers of those events, then of the registrations they point to.
     */
    async registrationsOf(eventIds: string[], person: string): Promise<Registration[]> {
      const markerKeys = [...new Set(eventIds)].map((id) => ({ id, key: eventKeys.person(t, id, person) }));
      const eventOf = new Map(markerKeys.map((m) => [m.key.PK, m.id]));
      const markers = await batchGet(markerKeys.map((m) => m.key));
      const regs = await batchGet(markers.map((m) => eventKeys.registration(t, eventOf.get(String(m.PK))!, String(m.registrationId))));
      return regs.map((r) => strip<Registration>(r));
    },

    /** Pattern: the registration behind a visitor's cancellation token (GetItem on the token's hash). */
    async registrationOfToken(hash: string): Promise<Registration | null> {
      const m = await db.doc.send(new GetCommand({ TableName: T, Key: eventKeys.visitorToken(t, hash) }));
      return m.Item ? this.getRegistration(m.Item.eventId as string, m.Item.registrationId as string) : null;
    },

    /** Pattern: an event's registrations (Query the event's partition, `REG#` prefix). */
    async registrations(eventId: string): Promise<Registration[]> {
      const out: Registration[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: T, KeyConditionExpression: 'PK = :p AND begins_with(SK, :r)', ConsistentRead: true,
          ExpressionAttributeValues: { ':p': eventKeys.event(t, eventId).PK, ':r': eventKeys.registrationPrefix }, ExclusiveStartKey: start,
        }));
        out.push(...(r.Items ?? []).map((i) => strip<Registration>(i)));
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },

    // ——— the writes of a registration's transaction ———
    /**
     * A place taken directly: `registered + 1` while a place is free, nobody waits, nobody holds a
     * waitlist ticket still to be written, and the event is on.
     */
    takePlace: (eventId: string): Op => counter(eventId, 'ADD registered :one',
      `registered < #cap AND #s = :active AND ${counterIs('waiting', 0, ':zero')} AND (attribute_not_exists(ticketSeq) OR ticketSeq = waitSeq)`,
      { ':one': 1, ':active': 'active', ':zero': 0 }, open),

    /**
     * Pattern: the next turn of a full event (UpdateItem `ADD ticketSeq 1` on the event item): arrival
     * order among people who found it full. A turn is spent by the registration written in it.
     */
    async takeTicket(eventId: string): Promise<number> {
      const r = await db.doc.send(new UpdateCommand({
        TableName: T, Key: eventKeys.event(t, eventId), UpdateExpression: 'ADD ticketSeq :one',
        ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW',
      }));
      return Number(r.Attributes?.ticketSeq);
    },

    /** Turn `ticket` passes without a registration (its holder failed, or stalled): true when it moved. */
    async skipTurn(eventId: string, ticket: number): Promise<boolean> {
      try {
        await db.doc.send(new UpdateCommand({
          TableName: T, Key: eventKeys.event(t, eventId), UpdateExpression: 'SET waitSeq = :ticket',
          ConditionExpression: counterIs('waitSeq', ticket - 1, ':prev'), ExpressionAttributeValues: { ':ticket': ticket, ':prev': ticket - 1 },
        }));
        return true;
      } catch (e) {
        if (isConditionFailed(e)) return false;
        throw e;
      }
    },

    /**
     * In turn `ticket`, on a full event: the waitlist entry, `waiting + 1`, written only if the
     * counters are still the ones read (so the position told, `waiting + 1`, is the position held).
     */
    joinWaitlist: (e: Pick<EventRecord, 'id' | 'waiting'>, ticket: number): Op => {
      const waiting = e.waiting ?? 0;
      return counter(e.id, 'SET waitSeq = :ticket, waiting = :nextWaiting',
        `registered >= #cap AND #s = :active AND ${counterIs('waitSeq', ticket - 1, ':prev')} AND ${counterIs('waiting', waiting, ':waiting')}`,
        { ':prev': ticket - 1, ':ticket': ticket, ':waiting': waiting, ':nextWaiting': waiting + 1, ':active': 'active' }, open);
    },

    /** In turn `ticket`, a place that freed meanwhile: `registered + 1` and the turn spent. */
    takePlaceInTurn: (eventId: string, ticket: number): Op => counter(eventId, 'SET waitSeq = :ticket ADD registered :one',
      `registered < #cap AND #s = :active AND ${counterIs('waiting', 0, ':zero')} AND ${counterIs('waitSeq', ticket - 1, ':prev')}`,
      { ':one': 1, ':zero': 0, ':active': 'active', ':prev': ticket - 1, ':ticket': ticket }, open),

    /** A place given up with nobody waiting: `registered − 1`, only while nobody waits. */
    freePlace: (eventId: string): Op => counter(eventId, 'ADD registered :minus', counterIs('waiting', 0, ':zero'), { ':minus': -1, ':zero': 0 }),

    /** Someone leaves the waitlist without taking a place (cancels): `waiting − 1`. */
    leaveWaitlist: (eventId: string): Op => counter(eventId, 'ADD waiting :minus', 'waiting > :zero', { ':minus': -1, ':zero': 0 }),

    /** A cancelled place handed to the first in line: `waiting − 1`, `registered` unchanged. */
    handOver: (eventId: string): Op => counter(eventId, 'ADD waiting :minus', 'waiting > :zero', { ':minus': -1, ':zero': 0 }),

    /** The first in line takes a free place: `registered + 1`, `waiting − 1`, under the capacity. */
    promoteIntoFree: (eventId: string): Op => counter(eventId, 'ADD registered :one, waiting :minus',
      'registered < #cap AND #s = :active AND waiting > :zero', { ':one': 1, ':minus': -1, ':zero': 0, ':active': 'active' }, open),

    /** A new registration. */
    newRegistration: (r: Registration): Op => ({ Put: { TableName: T, Item: regItem(r), ConditionExpression: 'attribute_not_exists(PK)' } }),

    /** The person's marker: one live registration per person and event. */
    personMarker: (r: Registration): Op => ({
      Put: { TableName: T, Item: { ...eventKeys.person(t, r.eventId, r.person), type: 'EventPerson', registrationId: r.id }, ConditionExpression: 'attribute_not_exists(PK)' },
    }),
    personRelease: (r: Registration): Op => ({ Delete: { TableName: T, Key: eventKeys.person(t, r.eventId, r.person) } }),

    /** A visitor's cancellation token lookup. */
    tokenItem: (r: Registration & { cancelTokenHash: string }): Op => ({
      Put: { TableName: T, Item: { ...eventKeys.visitorToken(t, r.cancelTokenHash), type: 'EventToken', eventId: r.eventId, registrationId: r.id } },
    }),
    tokenRelease: (hash: string): Op => ({ Delete: { TableName: T, Key: eventKeys.visitorToken(t, hash) } }),

    /** A registration replaced at the version read, with its status guarded. */
    saveItem: (before: Registration, after: Registration): Op => ({
      Put: { TableName: T, Item: regItem(after), ConditionExpression: 'version = :v AND #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':v': before.version, ':s': before.status } },
    }),

    /** The day-before reminder mark, once. */
    remindedItem: (r: Registration, now: Date): Op => ({
      Update: {
        TableName: T, Key: eventKeys.registration(t, r.eventId, r.id), UpdateExpression: 'SET remindedAt = :now',
        ConditionExpression: 'attribute_not_exists(remindedAt) AND #s = :registered', ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':now': now.toISOString(), ':registered': 'registered' },
      },
    }),

    // ——— visitors' confirmations ———
    /** Pattern: a pending visitor registration by its confirmation token's hash (GetItem). */
    async pendingVisitor(hash: string): Promise<PendingVisitor | null> {
      const r = await db.doc.send(new GetCommand({ TableName: T, Key: eventKeys.visitorPending(t, hash), ConsistentRead: true }));
      return r.Item ? strip<PendingVisitor>(r.Item) : null;
    },
    pendingItem: (hash: string, p: PendingVisitor): Op => ({
      Put: { TableName: T, Item: { ...eventKeys.visitorPending(t, hash), type: 'EventPendingVisitor', ...p } },
    }),
    /** Used once: the confirmation is deleted in the registration's transaction. */
    pendingUse: (hash: string): Op => ({ Delete: { TableName: T, Key: eventKeys.visitorPending(t, hash), ConditionExpression: 'attribute_exists(PK)' } }),
  };
};
export type EventsRepo = ReturnType<typeof eventsRepo>;
