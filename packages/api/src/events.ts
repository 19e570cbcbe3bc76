import * as z from 'zod/mini';
import { instantSchema } from '@lieu/core/booking';
import { idSchema, okSchema, pageOf, pageQuery } from './common';
import { defineSpec } from './spec';
import { audienceSchema, eventSchema, priceSchema } from './eventPages';

export { audienceSchema, eventSchema, eventsFeed, priceSchema, publicEvent, publicEvents } from './eventPages';

/** Events, workshops and training sessions, registrations, waitlist, attendance, public listing. */

const tags = ['events'];
const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max), z.refine(noControl, 'No control characters'));
const emailSchema = z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'An email address'));
const personName = text(1, 120);


const editable = {
  title: text(1, 160),
  description: z.optional(text(0, 5000)),
  imageUrl: z.optional(z.string().check(z.maxLength(2000), z.regex(/^(https:\/\/|\/)[^\s"<>]*$/, 'A URL (https://… or /…)'))),
  capacity: z.int().check(z.minimum(1), z.maximum(1000)),
  audience: audienceSchema,
  price: priceSchema,
  tags: z._default(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40), z.regex(/^[\p{L}\p{N} _'-]+$/u, 'Letters, digits, spaces, - _ \''))).check(z.maxLength(10)), []),
  published: z._default(z.boolean(), false),
  cancelBeforeHours: z._default(z.int().check(z.minimum(0), z.maximum(720)), 24),
};

export const eventInputSchema = z.object({
  ...editable,
  start: instantSchema,
  end: instantSchema,
  /** The room or area the event books (no double booking with members' bookings). */
  placeId: z.optional(idSchema),
  /** A training session: attending grants this training's qualification. */
  trainingId: z.optional(idSchema),
  /** Weekly series: the same local time for this many weeks (all or nothing). */
  weeks: z._default(z.int().check(z.minimum(1), z.maximum(26)), 1),
});

export const eventPatchSchema = z.object({
  title: z.optional(editable.title),
  description: z.optional(editable.description),
  imageUrl: z.optional(editable.imageUrl),
  capacity: z.optional(editable.capacity),
  audience: z.optional(audienceSchema),
  price: z.optional(priceSchema),
  tags: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(10))),
  published: z.optional(z.boolean()),
  cancelBeforeHours: z.optional(editable.cancelBeforeHours),
  version: z.optional(z.int()),
});


export const registrationSchema = z.object({
  id: z.string(), eventId: z.string(), memberId: z.optional(z.string()), name: z.string(), email: z.string(),
  status: z.enum(['registered', 'waitlisted', 'cancelled']),
  /** 1 = next to be promoted (waitlisted only). */
  waitlistPosition: z.optional(z.number()),
  attendance: z.optional(z.enum(['attended', 'no_show'])), attendanceAt: z.optional(z.string()),
  priceCents: z.number(), paymentId: z.optional(z.string()),
  createdAt: z.string(), promotedAt: z.optional(z.string()), cancelledAt: z.optional(z.string()),
});

/** What registering answers: the registration, how to pay if there is something to pay, a visitor's cancel token. */
const registrationResult = z.object({
  registration: registrationSchema,
  payment: z.optional(z.object({
    paymentId: z.string(), totalCents: z.number(), currency: z.string(),
    /** `on_site`: pay at the desk; `stripe`: POST the paymentId to the checkout path. */
    how: z.enum(['on_site', 'stripe']), checkoutPath: z.optional(z.string()),
  })),
  cancelToken: z.optional(z.string()),
});

const eventParams = z.object({ eventId: idSchema });
const regParams = z.object({ eventId: idSchema, registrationId: idSchema });

// ——— operators ———
export const listEvents = defineSpec({
  operationId: 'listEvents', module: 'events', method: 'get', path: '/api/v1/events', tags,
  summary: 'Events from a date on, drafts included (staff)', host: 'tenant', access: 'operator',
  query: z.object({ from: z.optional(instantSchema), ...pageQuery.def.shape }), response: pageOf(eventSchema), errors: [401, 403],
});

export const createEvent = defineSpec({
  operationId: 'createEvent', module: 'events', idempotent: true, method: 'post', path: '/api/v1/events', tags,
  summary: 'Create an event (or a weekly series); its room is booked in the same transaction: a conflict is 409 (staff)',
  host: 'tenant', access: 'operator', status: 201, body: eventInputSchema,
  response: z.object({ seriesId: z.optional(z.string()), items: z.array(eventSchema) }), errors: [401, 403, 404, 409, 422],
});

export const getEvent = defineSpec({
  operationId: 'getEvent', module: 'events', method: 'get', path: '/api/v1/events/:eventId', tags,
  summary: 'One event (staff: drafts too)', host: 'tenant', access: 'operator', params: eventParams, response: eventSchema, errors: [401, 403, 404],
});

export const updateEvent = defineSpec({
  operationId: 'updateEvent', module: 'events', method: 'patch', path: '/api/v1/events/:eventId', tags,
  summary: 'Change an event’s description, capacity (not below the registered), audience, price, tags, publication; more places promote the waitlist (staff). Time and place are fixed: cancel and recreate.',
  host: 'tenant', access: 'operator', params: eventParams, body: eventPatchSchema, response: eventSchema, errors: [401, 403, 404, 409, 422],
});

export const cancelEvent = defineSpec({
  operationId: 'cancelEvent', module: 'events', idempotent: true, method: 'post', path: '/api/v1/events/:eventId/cancel', tags,
  summary: 'Cancel an event: its room is free again at once, registrants are emailed (staff)', host: 'tenant', access: 'operator',
  params: eventParams, response: eventSchema, errors: [401, 403, 404, 409],
});

export const listRegistrations = defineSpec({
  operationId: 'listRegistrations', module: 'events', method: 'get', path: '/api/v1/events/:eventId/registrations', tags,
  summary: 'Registered people, then the waitlist in order, then cancellations (staff)', host: 'tenant', access: 'operator',
  params: eventParams, response: z.object({ items: z.array(registrationSchema) }), errors: [401, 403, 404],
});

export const exportRegistrations = defineSpec({
  operationId: 'exportRegistrations', module: 'events', method: 'get', path: '/api/v1/events/:eventId/registrations.csv', tags,
  summary: 'The registration list as CSV (staff)', host: 'tenant', access: 'operator',
  params: eventParams, response: z.string(), contentType: 'text/csv', errors: [401, 403, 404],
});

export const registerSomeone = defineSpec({
  operationId: 'registerSomeone', module: 'events', idempotent: true, method: 'post', path: '/api/v1/events/:eventId/registrations', tags,
  summary: 'Register a member (memberId) or a person (name, email) by hand; waitlisted when full (staff)', host: 'tenant', access: 'operator', status: 201,
  params: eventParams,
  body: z.union([z.object({ memberId: idSchema }), z.object({ name: personName, email: emailSchema })]),
  response: registrationResult, errors: [401, 403, 404, 409, 422],
});

export const staffCancelRegistration = defineSpec({
  operationId: 'staffCancelRegistration', module: 'events', idempotent: true, method: 'post', path: '/api/v1/events/:eventId/registrations/:registrationId/cancel', tags,
  summary: 'Cancel a registration at any time; the first waitlisted person is promoted and emailed (staff)', host: 'tenant', access: 'operator',
  params: regParams, response: registrationSchema, errors: [401, 403, 404, 409],
});

export const checkInRegistration = defineSpec({
  operationId: 'checkInRegistration', module: 'events', method: 'post', path: '/api/v1/events/:eventId/registrations/:registrationId/check-in', tags,
  summary: 'Mark a registrant as attended (from 30 minutes before the start); a training session grants its qualification (staff)',
  host: 'tenant', access: 'operator', params: regParams, response: registrationSchema, errors: [401, 403, 404, 409, 422],
});

export const markRegistrationNoShow = defineSpec({
  operationId: 'markRegistrationNoShow', module: 'events', method: 'post', path: '/api/v1/events/:eventId/registrations/:registrationId/no-show', tags,
  summary: 'Record that a registrant did not come (once the event has started) (staff)', host: 'tenant', access: 'operator',
  params: regParams, response: registrationSchema, errors: [401, 403, 404, 409, 422],
});

// ——— members ———
export const myRegistration = defineSpec({
  operationId: 'myRegistration', module: 'events', method: 'get', path: '/api/v1/events/:eventId/my-registration', tags,
  summary: 'My registration to an event (404 when none)', host: 'tenant', access: 'member',
  params: eventParams, response: registrationSchema, errors: [401, 403, 404],
});

export const cancelMyRegistration = defineSpec({
  operationId: 'cancelMyRegistration', module: 'events', idempotent: true, method: 'post', path: '/api/v1/events/:eventId/my-registration/cancel', tags,
  summary: 'Cancel my registration before the event’s deadline; the first waitlisted person is promoted and emailed', host: 'tenant', access: 'member',
  params: eventParams, response: registrationSchema, errors: [401, 403, 404, 409, 422],
});

// ——— public ———


/** What a visitor's request answers: a confirmation link was emailed; nothing is held until it is opened. */
const confirmationSent = z.object({ confirmationSent: z.literal(true), email: z.string(), expiresAt: z.string() });

export const registerForEvent = defineSpec({
  operationId: 'registerForEvent', module: 'events', idempotent: true, method: 'post', path: '/api/v1/public/events/:eventId/register', tags,
  summary: 'Register: a signed-in member for themselves (waitlisted when full); a visitor with name and email (public free events) gets a confirmation link by email, and is registered when they open it. Visitors are rate limited per IP and per recipient (429).',
  host: 'tenant', access: 'public', status: 201, params: eventParams,
  body: z.object({ name: z.optional(personName), email: z.optional(emailSchema) }),
  response: z.union([registrationResult, confirmationSent]), errors: [403, 404, 409, 422, 429],
});

export const confirmVisitorRegistration = defineSpec({
  operationId: 'confirmVisitorRegistration', module: 'events', method: 'post', path: '/api/v1/public/event-registrations/confirm', tags,
  summary: 'A visitor opens their confirmation link: the registration (or waitlist place) is made now, once; the answer carries their cancellation token',
  host: 'tenant', access: 'public', status: 201,
  body: z.object({ token: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Not a confirmation token')) }),
  response: registrationResult, errors: [404, 409, 422],
});

export const visitorCancel = defineSpec({
  operationId: 'visitorCancel', module: 'events', method: 'post', path: '/api/v1/public/event-registrations/cancel', tags,
  summary: 'A visitor cancels with the token they received (before the deadline)', host: 'tenant', access: 'public',
  body: z.object({ token: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Not a cancellation token')) }),
  response: okSchema, errors: [403, 404, 422],
});

