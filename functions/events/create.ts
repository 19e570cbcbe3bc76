import { conflict, newId, notFound, ruleViolation, type Tenant } from '@lieu/core';
import {
  addDays, blockedSpan, GRANULE_MINUTES, isMultiSeat, localDateOf, localTimeOf, MAX_GRANULES, zonedInstant, type Booking, type Resource,
} from '@lieu/core/booking';
import { events as api } from '@lieu/api';
import { bookingsRepo, transact, usersRepo, type EventRecord } from '@lieu/db';
import { tenantOf, type RequestCtx } from '@lieu/http';
import { repo } from './context';

type Input = typeof api.createEvent.body._zod.output;
const GRANULE_MS = GRANULE_MINUTES * 60_000;

const rooms = (ctx: RequestCtx) => bookingsRepo(ctx.deps.db, tenantOf(ctx).id, tenantOf(ctx).timeZone);

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
 * Creates an event, or a weekly series (the same local time each week, so DST does not shift it),
 * all or nothing: each occurrence is one transaction (event + room booking + slot items); a room
 * already booked at any occurrence is a 409 naming the date, and what was created is rolled back.
 */
export async function createEvents(ctx: RequestCtx, body: Input): Promise<{ seriesId?: string; items: EventRecord[] }> {
  const tenant = tenantOf(ctx);
  const tz = tenant.timeZone;
  const start = Date.parse(body.start), end = Date.parse(body.end);
  if (!(end > start)) throw ruleViolation('range', 'An event ends after it starts');
  if (start < ctx.now.getTime()) throw ruleViolation('past', 'An event starts in the future');
  if (start % GRANULE_MS || end % GRANULE_MS) throw ruleViolation('grid', `An event starts and ends on a ${GRANULE_MINUTES}-minute boundary`);

  const [place, training, creator] = await Promise.all([
    body.placeId ? rooms(ctx).getResource(body.placeId) : null,
    body.trainingId ? rooms(ctx).getTraining(body.trainingId) : null,
    usersRepo(ctx.deps.db, ctx.realm).get(ctx.session!.sub),
  ]);
  if (body.placeId && (!place || !place.active)) throw notFound('Place');
  if (place && isMultiSeat(place)) throw ruleViolation('place_kind', 'An event books a whole room or machine; an open space is booked seat by seat');
  if (place && (end - start) / GRANULE_MS + place.rules.bufferMinutes / GRANULE_MINUTES > MAX_GRANULES) {
    throw ruleViolation('too_long', 'An event on a place lasts at most 24 hours (buffer included)');
  }
  if (body.trainingId && !training) throw ruleViolation('unknown_training', `Training ${body.trainingId} is not in this space's catalogue`);
  if (body.capacity && place && place.kind === 'room' && body.capacity > place.capacity) {
    throw ruleViolation('over_room_capacity', `${place.name} holds ${place.capacity} people`);
  }

  const seriesId = body.weeks > 1 ? newId(ctx.now.getTime()) : undefined;
  const [d0, t0, d1, t1] = [localDateOf(start, tz), localTimeOf(start, tz), localDateOf(end, tz), localTimeOf(end, tz)];
  const endDayShift = Math.round((Date.parse(`${d1}T00:00:00Z`) - Date.parse(`${d0}T00:00:00Z`)) / 86_400_000);
  const by = { id: ctx.session!.sub, name: creator?.name ?? 'Staff' };
  const created: EventRecord[] = [];
  try {
    for (let w = 0; w < body.weeks; w++) {
      const day = addDays(d0, 7 * w);
      const e: EventRecord = {
        id: newId(ctx.now.getTime()), title: body.title, ...(body.description ? { description: body.description } : {}),
        ...(body.imageUrl ? { imageUrl: body.imageUrl } : {}),
        start: new Date(zonedInstant(day, t0, tz)).toISOString(), end: new Date(zonedInstant(addDays(day, endDayShift), t1, tz)).toISOString(),
        ...(place ? { placeId: place.id, placeName: place.name } : {}),
        capacity: body.capacity, audience: body.audience, price: body.price, tags: body.tags, published: body.published,
        cancelBeforeHours: body.cancelBeforeHours, ...(training ? { trainingId: training.id, trainingName: training.name } : {}),
        ...(seriesId ? { seriesId } : {}), status: 'active', registered: 0, createdAt: ctx.now.toISOString(), createdBy: by.id, version: 1,
      };
      await transact(ctx.deps.db, [repo(ctx).createItem(e), ...(place ? rooms(ctx).createItems(placeBooking(tenant, e, place, by), 1, ctx.now) : [])],
        () => conflict(`${place?.name ?? 'The place'} is already booked on ${localDateOf(Date.parse(e.start), tz)} at that time`, { rule: 'already_booked', date: day }));
      created.push(e);
    }
  } catch (err) {
    for (const e of created) await erase(ctx, e, place, by);
    throw err;
  }
  return { ...(seriesId ? { seriesId } : {}), items: created };
}

/** Removes an occurrence that was never shown (a series rolled back): the event, its booking and slots. */
async function erase(ctx: RequestCtx, e: EventRecord, place: Resource | null, by: { id: string; name: string }) {
  if (place) await rooms(ctx).erase(placeBooking(tenantOf(ctx), e, place, by));
  await transact(ctx.deps.db, [repo(ctx).eraseItem(e.id)], () => conflict('The series could not be rolled back'));
}

/** Cancels an event's place booking in the caller's transaction (the room is free at once). */
export async function placeReleaseItems(ctx: RequestCtx, e: EventRecord) {
  if (!e.placeId) return [];
  const b = await rooms(ctx).get(e.id);
  if (!b || b.status !== 'confirmed') return [];
  return rooms(ctx).cancelItems(b, { ...b, status: 'cancelled', cancelledAt: ctx.now.toISOString(), cancelledBy: ctx.session!.sub, cancelReason: 'event cancelled', version: b.version + 1 });
}
