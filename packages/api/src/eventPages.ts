import * as z from 'zod/mini';
import { memberCategorySchema } from '@lieu/core';
import { idSchema, pageOf, pageQuery } from './common';
import { defineSpec } from './spec';

/**
 * The public, read-only side of events: the listing, an event page, the iCal feed, and the
 * event's outside shape. Its own module so that the small Lambda serving them (functions/event-pages)
 * carries none of the registration schemas; `./events.ts` re-exports all of it.
 */
const tags = ['events'];
const cents = z.int().check(z.minimum(0), z.maximum(10_000_000));
const eventParams = z.object({ eventId: idSchema });

export const audienceSchema = z.enum(['public', 'members']);
export const priceSchema = z.object({
  /** Everyone's price (visitors included), VAT included; 0 = free. */
  cents,
  /** Member rates by billing category, applied by the pricing engine. */
  categoryCents: z.optional(z.partialRecord(memberCategorySchema, cents)),
});

export const eventSchema = z.object({
  id: z.string(), title: z.string(), description: z.optional(z.string()), imageUrl: z.optional(z.string()),
  start: z.string(), end: z.string(), localStart: z.string(), localEnd: z.string(), timeZone: z.string(),
  placeId: z.optional(z.string()), placeName: z.optional(z.string()),
  capacity: z.number(), registered: z.number(), placesLeft: z.number(),
  audience: audienceSchema, price: priceSchema, tags: z.array(z.string()), published: z.boolean(),
  cancelBeforeHours: z.number(), trainingId: z.optional(z.string()), trainingName: z.optional(z.string()),
  seriesId: z.optional(z.string()), status: z.enum(['active', 'cancelled']), version: z.number(),
});

export const publicEvents = defineSpec({
  operationId: 'publicEvents', module: 'events', method: 'get', path: '/api/v1/public/events', tags,
  summary: 'Upcoming published events of the space (members-only ones for its signed-in members)', host: 'tenant', access: 'public', embeddable: true,
  query: z.object({
    tag: z.optional(z.string().check(z.maxLength(40))),
    /** Only the sessions of this training (a machine's page offers the next one to an untrained member). */
    trainingId: z.optional(idSchema),
    ...pageQuery.def.shape,
  }), response: pageOf(eventSchema), errors: [403],
});

export const publicEvent = defineSpec({
  operationId: 'publicEvent', module: 'events', method: 'get', path: '/api/v1/public/events/:eventId', tags,
  summary: 'An event page (a members-only event for the space’s signed-in members)', host: 'tenant', access: 'public',
  params: eventParams, response: eventSchema, errors: [403, 404],
});

export const eventsFeed = defineSpec({
  operationId: 'eventsFeed', module: 'events', method: 'get', path: '/api/v1/calendars/events.ics', tags,
  summary: 'The space’s public events as iCalendar (RFC 5545)', host: 'tenant', access: 'public',
  response: z.string(), contentType: 'text/calendar', errors: [403],
});
