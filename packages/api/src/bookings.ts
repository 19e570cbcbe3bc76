import * as z from 'zod/mini';
import {
  bookingSchema, instantSchema, localDateSchema, openingCalendarSchema, qualificationSchema, resourceInputSchema,
  resourceKindSchema, resourcePatchSchema, resourceSchema, trainingInputSchema, trainingSchema,
} from '@lieu/core/booking';
import { rateSchema } from '@lieu/core';
import { idSchema, okSchema, pageOf, pageQuery } from './common';
import { BOOKABLE, defineSpec } from './spec';

/** Bookings: resources and their rules, trainings, availability, bookings, calendars. */

const resourceParams = z.object({ resourceId: idSchema });
const bookingParams = z.object({ bookingId: idSchema });
const memberParams = z.object({ memberId: idSchema });
const days = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(7)), 1);

export const listResources = /* @__PURE__ */ defineSpec({
  operationId: 'listResources', module: BOOKABLE, method: 'get', path: '/api/v1/resources', tags: ['bookings'],
  summary: "The space's resources (inactive ones for staff only)", host: 'tenant', access: 'member',
  query: z.object({ kind: z.optional(resourceKindSchema) }),
  response: z.object({ items: z.array(resourceSchema) }), errors: [401, 403],
});

const offeredResourceSchema = z.object({
  id: z.string(), name: z.string(), kind: resourceKindSchema, capacity: z.int(), description: z.optional(z.string()),
  /** Members must be trained before they book it. */
  trainingRequired: z.boolean(),
  /** Prices VAT included, per member category (`standard` for anyone without one). */
  prices: rateSchema.shape.prices,
  /** `catalogue`: a rate of the price list; `resource`: the resource's own hourly rate. */
  priceSource: z.enum(['catalogue', 'resource']),
});

export const bookableOffer = /* @__PURE__ */ defineSpec({
  operationId: 'bookableOffer', module: BOOKABLE, method: 'get', path: '/api/v1/offer/resources', tags: ['bookings'],
  summary: 'What a visitor may book once a member, and its prices (anyone; embeddable on other sites)', host: 'tenant', access: 'public', embeddable: true,
  response: z.object({ currency: z.string(), items: z.array(offeredResourceSchema) }),
});

export const getResource = /* @__PURE__ */ defineSpec({
  operationId: 'getResource', module: BOOKABLE, method: 'get', path: '/api/v1/resources/:resourceId', tags: ['bookings'],
  summary: 'One resource and its booking rules', host: 'tenant', access: 'member',
  params: resourceParams, response: resourceSchema, errors: [401, 403, 404],
});

export const createResource = /* @__PURE__ */ defineSpec({
  operationId: 'createResource', module: BOOKABLE, method: 'post', path: '/api/v1/resources', tags: ['bookings'],
  summary: 'Add a desk, desk area, room, machine or other resource (staff)', host: 'tenant', access: 'operator', status: 201,
  body: resourceInputSchema, response: resourceSchema, errors: [401, 403, 422],
});

export const updateResource = /* @__PURE__ */ defineSpec({
  operationId: 'updateResource', module: BOOKABLE, method: 'patch', path: '/api/v1/resources/:resourceId', tags: ['bookings'],
  summary: 'Change a resource or its rules (staff; existing bookings keep their slots)', host: 'tenant', access: 'operator',
  params: resourceParams, body: resourcePatchSchema, response: resourceSchema, errors: [401, 403, 404, 409, 422],
});

export const archiveResource = /* @__PURE__ */ defineSpec({
  operationId: 'archiveResource', module: BOOKABLE, method: 'delete', path: '/api/v1/resources/:resourceId', tags: ['bookings'],
  summary: 'Retire a resource: no new bookings; past ones and their invoices stay (staff)', host: 'tenant', access: 'operator',
  params: resourceParams, response: resourceSchema, errors: [401, 403, 404],
});

export const getOpeningCalendar = /* @__PURE__ */ defineSpec({
  operationId: 'getOpeningCalendar', method: 'get', path: '/api/v1/opening-calendar', tags: ['bookings'],
  summary: "The space's exceptional days and closures (weekly hours are in the tenant settings)", host: 'tenant', access: 'member',
  response: openingCalendarSchema, errors: [401, 403],
});

export const putOpeningCalendar = /* @__PURE__ */ defineSpec({
  operationId: 'putOpeningCalendar', method: 'put', path: '/api/v1/opening-calendar', tags: ['bookings'],
  summary: 'Replace the exceptional days and closures (staff)', host: 'tenant', access: 'operator',
  body: openingCalendarSchema, response: openingCalendarSchema, errors: [401, 403],
});

export const listTrainings = /* @__PURE__ */ defineSpec({
  operationId: 'listTrainings', module: 'machines', method: 'get', path: '/api/v1/trainings', tags: ['bookings'],
  summary: 'The training catalogue (what machines require)', host: 'tenant', access: 'member',
  response: z.object({ items: z.array(trainingSchema) }), errors: [401, 403],
});

export const createTraining = /* @__PURE__ */ defineSpec({
  operationId: 'createTraining', module: 'machines', method: 'post', path: '/api/v1/trainings', tags: ['bookings'],
  summary: 'Add a training to the catalogue (staff)', host: 'tenant', access: 'operator', status: 201,
  body: trainingInputSchema, response: trainingSchema, errors: [401, 403],
});

export const trainingHolders = /* @__PURE__ */ defineSpec({
  operationId: 'trainingHolders', module: 'machines', method: 'get', path: '/api/v1/trainings/:trainingId/holders', tags: ['bookings'],
  summary: 'Who holds a training, by name (staff)', host: 'tenant', access: 'operator',
  params: z.object({ trainingId: idSchema }),
  response: z.object({ items: z.array(z.object({ ...qualificationSchema.def.shape, memberId: z.string(), memberName: z.string() })) }),
  errors: [401, 403, 404],
});

export const listMemberQualifications = /* @__PURE__ */ defineSpec({
  operationId: 'listMemberQualifications', module: 'machines', method: 'get', path: '/api/v1/members/:memberId/qualifications', tags: ['bookings'],
  summary: "A member's qualifications (staff)", host: 'tenant', access: 'operator',
  params: memberParams, response: z.object({ items: z.array(qualificationSchema) }), errors: [401, 403, 404],
});

export const myQualifications = /* @__PURE__ */ defineSpec({
  operationId: 'myQualifications', module: 'machines', method: 'get', path: '/api/v1/me/qualifications', tags: ['bookings'],
  summary: 'My qualifications', host: 'tenant', access: 'member',
  response: z.object({ items: z.array(qualificationSchema) }), errors: [401, 403],
});

export const grantQualification = /* @__PURE__ */ defineSpec({
  operationId: 'grantQualification', module: 'machines', method: 'post', path: '/api/v1/members/:memberId/qualifications', tags: ['bookings'],
  summary: 'Grant a member a training qualification, optionally until a date (staff)', host: 'tenant', access: 'operator', status: 201,
  params: memberParams, body: z.object({ trainingId: idSchema, expiresOn: z.optional(localDateSchema) }),
  response: qualificationSchema, errors: [401, 403, 404],
});

export const revokeQualification = /* @__PURE__ */ defineSpec({
  operationId: 'revokeQualification', module: 'machines', method: 'delete', path: '/api/v1/members/:memberId/qualifications/:trainingId', tags: ['bookings'],
  summary: "Revoke a member's qualification (staff)", host: 'tenant', access: 'operator',
  params: z.object({ memberId: idSchema, trainingId: idSchema }), response: okSchema, errors: [401, 403, 404],
});

const slotSchema = z.object({
  start: z.string(), end: z.string(), localStart: z.string(), localEnd: z.string(),
  free: z.boolean(), seatsLeft: z.number(),
});
const dayAvailability = z.object({ date: z.string(), exceptional: z.optional(z.string()), slots: z.array(slotSchema) });

export const resourceAvailability = /* @__PURE__ */ defineSpec({
  operationId: 'resourceAvailability', module: BOOKABLE, method: 'get', path: '/api/v1/resources/:resourceId/availability', tags: ['bookings'],
  summary: "A resource's slots over 1 to 7 days, in the space's local time (one Query per day)", host: 'tenant', access: 'member',
  params: resourceParams, query: z.object({ date: localDateSchema, days }),
  response: z.object({ resourceId: z.string(), timeZone: z.string(), days: z.array(dayAvailability) }), errors: [401, 403, 404],
});

export const kindAvailability = /* @__PURE__ */ defineSpec({
  operationId: 'kindAvailability', module: BOOKABLE, method: 'get', path: '/api/v1/availability', tags: ['bookings'],
  summary: 'The slots of every active resource of a kind on a day', host: 'tenant', access: 'member',
  query: z.object({ kind: resourceKindSchema, date: localDateSchema }),
  response: z.object({
    date: z.string(), timeZone: z.string(),
    resources: z.array(z.object({ resourceId: z.string(), name: z.string(), capacity: z.number(), slots: z.array(slotSchema) })),
  }),
  errors: [401, 403],
});

const bookingRequest = {
  resourceId: idSchema,
  start: instantSchema,
  end: instantSchema,
  /** Staff book on a member's behalf; members book for themselves. */
  memberId: z.optional(idSchema),
  /** Held awaiting payment: expires after 15 minutes unless confirmed. */
  hold: z.optional(z.boolean()),
  /**
   * Staff booking a machine for a member who lacks its training: why they book anyway (recorded in
   * the audit log with the booking). Refused (403) from a member.
   */
  overrideReason: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(200))),
};

export const createBooking = /* @__PURE__ */ defineSpec({
  operationId: 'createBooking', module: BOOKABLE, idempotent: true, method: 'post', path: '/api/v1/bookings', tags: ['bookings'],
  summary: 'Book a resource for a time range (staff: on a member’s behalf)', host: 'tenant', access: 'member', status: 201,
  body: z.object(bookingRequest), response: bookingSchema, errors: [401, 403, 404, 409, 422],
});

export const createRecurringBooking = /* @__PURE__ */ defineSpec({
  operationId: 'createRecurringBooking', module: BOOKABLE, idempotent: true, method: 'post', path: '/api/v1/bookings/recurring', tags: ['bookings'],
  summary: 'Book the same time every week for N weeks: all or nothing, or what is free with the conflicts reported',
  host: 'tenant', access: 'member', status: 201,
  body: z.object({ ...bookingRequest, weeks: z.int().check(z.minimum(2), z.maximum(26)), mode: z.enum(['all_or_nothing', 'partial']) }),
  response: z.object({
    seriesId: z.string(),
    booked: z.array(bookingSchema),
    conflicts: z.array(z.object({ start: z.string(), end: z.string(), code: z.string(), rule: z.optional(z.string()), message: z.string() })),
  }),
  errors: [401, 403, 404, 409, 422],
});

export const getBooking = /* @__PURE__ */ defineSpec({
  operationId: 'getBooking', module: BOOKABLE, method: 'get', path: '/api/v1/bookings/:bookingId', tags: ['bookings'],
  summary: 'One booking (its member, or staff)', host: 'tenant', access: 'member',
  params: bookingParams, response: bookingSchema, errors: [401, 403, 404],
});

export const cancelBooking = /* @__PURE__ */ defineSpec({
  operationId: 'cancelBooking', module: BOOKABLE, idempotent: true, method: 'post', path: '/api/v1/bookings/:bookingId/cancel', tags: ['bookings'],
  summary: 'Cancel: members before the deadline, staff at any time with a reason; the slots are free at once',
  host: 'tenant', access: 'member',
  params: bookingParams, body: z.object({ reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))) }),
  response: bookingSchema, errors: [401, 403, 404, 409, 422],
});

export const moveBooking = /* @__PURE__ */ defineSpec({
  operationId: 'moveBooking', module: BOOKABLE, idempotent: true, method: 'post', path: '/api/v1/bookings/:bookingId/move', tags: ['bookings'],
  summary: 'Move a confirmed booking to another start and/or resource (staff; a member their own, until its cancellation deadline, '
    + 'to a time a new booking by them would be allowed). It keeps its length and the price fixed when it was made, '
    + 'so another resource must be of the same kind and hourly rate; a booking paid with credits or a quota stays in its month. '
    + 'Old slots freed and new ones taken in one transaction: 409 when the new time is taken, nothing half-written',
  host: 'tenant', access: 'member',
  params: bookingParams, body: z.object({ start: instantSchema, resourceId: z.optional(idSchema) }),
  response: bookingSchema, errors: [401, 403, 404, 409, 422],
});

export const confirmBooking = /* @__PURE__ */ defineSpec({
  operationId: 'confirmBooking', module: BOOKABLE, method: 'post', path: '/api/v1/bookings/:bookingId/confirm', tags: ['bookings'],
  summary: 'Confirm a held booking before its hold expires (the payment flow; staff by hand)', host: 'tenant', access: 'operator',
  params: bookingParams, response: bookingSchema, errors: [401, 403, 404, 409, 422],
});

export const checkInBooking = /* @__PURE__ */ defineSpec({
  operationId: 'checkInBooking', module: BOOKABLE, method: 'post', path: '/api/v1/bookings/:bookingId/check-in', tags: ['bookings'],
  summary: 'Check in (the member on site, or staff), from 30 minutes before the start', host: 'tenant', access: 'member',
  params: bookingParams, response: bookingSchema, errors: [401, 403, 404, 409, 422],
});

export const markNoShow = /* @__PURE__ */ defineSpec({
  operationId: 'markNoShow', module: BOOKABLE, method: 'post', path: '/api/v1/bookings/:bookingId/no-show', tags: ['bookings'],
  summary: 'Record that the member did not come (staff, once the booking has started)', host: 'tenant', access: 'operator',
  params: bookingParams, response: bookingSchema, errors: [401, 403, 404, 409, 422],
});

export const myBookings = /* @__PURE__ */ defineSpec({
  operationId: 'myBookings', module: BOOKABLE, method: 'get', path: '/api/v1/me/bookings', tags: ['bookings'],
  summary: 'My bookings: upcoming (soonest first) or past (latest first)', host: 'tenant', access: 'member',
  query: z.object({ when: z._default(z.enum(['upcoming', 'past']), 'upcoming'), ...pageQuery.def.shape }),
  response: pageOf(bookingSchema), errors: [401, 403],
});

export const operatorCalendar = /* @__PURE__ */ defineSpec({
  operationId: 'operatorCalendar', module: BOOKABLE, method: 'get', path: '/api/v1/calendar', tags: ['bookings'],
  summary: 'Every resource’s bookings over 1 to 7 days from a date (staff)', host: 'tenant', access: 'operator',
  query: z.object({ date: localDateSchema, days }),
  response: z.object({
    from: z.string(), to: z.string(), timeZone: z.string(),
    resources: z.array(z.object({ resourceId: z.string(), name: z.string(), kind: resourceKindSchema, bookings: z.array(bookingSchema) })),
  }),
  errors: [401, 403],
});

export const createCalendarFeed = /* @__PURE__ */ defineSpec({
  operationId: 'createCalendarFeed', module: BOOKABLE, method: 'post', path: '/api/v1/me/calendar-feed', tags: ['bookings'],
  summary: 'A secret iCal URL of my bookings; calling again replaces it (the old URL stops working)', host: 'tenant', access: 'member', status: 201,
  response: z.object({ url: z.string() }), errors: [401, 403],
});

export const revokeCalendarFeed = /* @__PURE__ */ defineSpec({
  operationId: 'revokeCalendarFeed', module: BOOKABLE, method: 'delete', path: '/api/v1/me/calendar-feed', tags: ['bookings'],
  summary: 'Revoke my iCal URL', host: 'tenant', access: 'member', response: okSchema, errors: [401, 403],
});

export const memberCalendarFeed = /* @__PURE__ */ defineSpec({
  operationId: 'memberCalendarFeed', module: BOOKABLE, method: 'get', path: '/api/v1/calendars/members/:token', tags: ['bookings'],
  summary: "A member's bookings as iCalendar (RFC 5545), by secret token", host: 'tenant', access: 'public',
  params: z.object({ token: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Not a feed token')) }),
  response: z.string(), contentType: 'text/calendar', errors: [404],
});

export const resourceCalendarFeed = /* @__PURE__ */ defineSpec({
  operationId: 'resourceCalendarFeed', module: BOOKABLE, method: 'get', path: '/api/v1/calendars/resources/:resourceId', tags: ['bookings'],
  summary: "A resource's busy times as iCalendar (no names: fit for a door screen)", host: 'tenant', access: 'public',
  params: resourceParams, response: z.string(), contentType: 'text/calendar', errors: [404],
});
