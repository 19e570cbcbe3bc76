import { conflict, newId, notFound, ruleViolation, type Tenant } from '@lieu/core';
import { blockedSpan, GRANULE_MINUTES, isMultiSeat, localDateOf, MAX_GRANULES, type Booking, type Resource } from '@lieu/core/booking';
import { checkEventTimes, weeklyOccurrences, type Audience, type EventPrice, type EventRecord } from '@lieu/core/events';
import { commit, WriteSet } from '@lieu/db';
import type { SignedScope } from '../scope';

export interface NewEvent {
  title: string; description?: string | undefined; imageUrl?: string | undefined;
  /** Instants with their offset (converted once, here, to UTC). */
  start: string; end: string;
  placeId?: string | undefined; trainingId?: string | undefined;
  capacity: number; audience: Audience; price: EventPrice; tags: string[]; published: boolean; cancelBeforeHours: number;
  weeks: number;
}

/**
 * The booking an event makes of its place: the same id as the event, confirmed, free of charge,
 * booked by the operator who created the event. Its slot items are written in the event's own
 * transaction, so a member's booking and the event can never share a granule.
 */
export function placeBooking(tenant: Tenant, e: EventRecord, place: Resource, by: { id: string; name: string }): Booking {
  const start = Date.parse(e.start), end = Date.parse(e.end);
  return {
    id: e.id, resourceId: place.id, resourceName: place.name, resourceKind: place.kind, memberId: by.id, memberName: by.name,
    start: e.start, end: e.end, blockedUntil: new Date(blockedSpan(start, end, place.rules.bufferMinutes).end).toISOString(),
    seats: false, status: 'confirmed',
    quote: { currency: tenant.currency, lines: [], netCents: 0, vatRateBp: 0, vatCents: 0, totalCents: 0, source: 'event' },
    createdAt: e.createdAt, createdBy: by.id, ...(e.seriesId ? { seriesId: e.seriesId } : {}), version: 1,
  };
}

/**
 * Creates an event, or a weekly series, all or nothing: each occurrence is one transaction (event +
 * room booking + slot items); a room already booked at any occurrence is a 409 naming the date, and
 * what was created is rolled back. The first occurrence keeps the given instants exactly.
 */
export async function createEvents(scope: SignedScope, body: NewEvent): Promise<{ seriesId?: string; items: EventRecord[] }> {
  const start = Date.parse(body.start), end = Date.parse(body.end);
  checkEventTimes(start, end, scope.now.getTime());
  const rooms = scope.repos.bookings;
  const [place, training, creator] = await Promise.all([
    body.placeId ? rooms.getResource(body.placeId) : null,
    body.trainingId ? rooms.getTraining(body.trainingId) : null,
    scope.repos.users.get(scope.actor.id),
  ]);
  if (body.placeId && (!place || !place.active)) throw notFound('Place');
  if (place && isMultiSeat(place)) throw ruleViolation('place_kind', 'An event books a whole room or machine; an open space is booked seat by seat');
  if (place && (end - start) / (GRANULE_MINUTES * 60_000) + place.rules.bufferMinutes / GRANULE_MINUTES > MAX_GRANULES) {
    throw ruleViolation('too_long', 'An event on a place lasts at most 24 hours (buffer included)');
  }
  if (body.trainingId && !training) throw ruleViolation('unknown_training', `Training ${body.trainingId} is not in this space's catalogue`);
  if (place && place.kind === 'room' && body.capacity > place.capacity) {
    throw ruleViolation('over_room_capacity', `${place.name} holds ${place.capacity} people`, { capacity: place.capacity });
  }

  const seriesId = body.weeks > 1 ? newId(scope.now.getTime()) : undefined;
  const by = { id: scope.actor.id, name: creator?.name ?? 'Staff' };
  const created: EventRecord[] = [];
  try {
    for (const [w, when] of weeklyOccurrences(body.start, body.end, body.weeks, scope.zone).entries()) {
      const e: EventRecord = {
        id: newId(scope.now.getTime()), title: body.title, ...(body.description ? { description: body.description } : {}),
        ...(body.imageUrl ? { imageUrl: body.imageUrl } : {}), start: when.start, end: when.end,
        ...(place ? { placeId: place.id, placeName: place.name } : {}),
        capacity: body.capacity, audience: body.audience, price: body.price, tags: body.tags, published: body.published,
        cancelBeforeHours: body.cancelBeforeHours, ...(training ? { trainingId: training.id, trainingName: training.name } : {}),
        ...(seriesId ? { seriesId } : {}), status: 'active', registered: 0, waiting: 0, ticketSeq: 0, waitSeq: 0,
        createdAt: scope.now.toISOString(), createdBy: by.id, version: 1,
      };
      const set = new WriteSet().add('event', scope.repos.events.createItem(e));
      if (place) set.add('place', ...rooms.createItems(placeBooking(scope.tenant, e, place, by), 1, scope.now));
      const date = localDateOf(Date.parse(e.start), scope.zone);
      await commit(scope.db, set, () => conflict(`${place?.name ?? 'The place'} is already booked on ${date} at that time`, { rule: 'already_booked', date }, { date }),
        { clientRequestToken: `${scope.requestId}:event:${w}` });
      created.push(e);
    }
  } catch (err) {
    for (const e of created) await erase(scope, e, place, by);
    throw err;
  }
  return { ...(seriesId ? { seriesId } : {}), items: created };
}

/** Removes an occurrence that was never shown (a series rolled back): the event, its booking and slots. */
async function erase(scope: SignedScope, e: EventRecord, place: Resource | null, by: { id: string; name: string }) {
  if (place) await scope.repos.bookings.erase(placeBooking(scope.tenant, e, place, by), scope.now);
  await commit(scope.db, new WriteSet().add('event', scope.repos.events.eraseItem(e.id)), () => conflict('The series could not be rolled back'));
}

/** The release of an event's place booking, for the event's cancellation (the room is free at once). */
export async function placeRelease(scope: SignedScope, e: EventRecord): Promise<WriteSet> {
  const set = new WriteSet();
  if (!e.placeId) return set;
  const b = await scope.repos.bookings.get(e.id);
  if (!b || b.status !== 'confirmed') return set;
  return set.add('place', ...scope.repos.bookings.cancelItems(b, {
    ...b, status: 'cancelled', cancelledAt: scope.now.toISOString(), cancelledBy: scope.actor.id, cancelReason: 'event cancelled', version: b.version + 1,
  }));
}
