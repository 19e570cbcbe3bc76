import { events as api } from '@lieu/api';
import {
  cancelEvent, checkInRegistration, createEvents, eventOf, listEvents, listRegistrations, markNoShow, presentEvent,
  presentRegistration, registrationsCsv, updateEvent,
} from '@lieu/app/events';
import { implement, type Route } from '@lieu/http';

/**
 * Staff management of events (the booking engine books their rooms): adapters of the use-cases in
 * packages/app/src/events. Registering and cancelling are in functions/event-registrations; the
 * public listing, event page and iCal feed in functions/event-pages.
 */
export const routes: Route[] = [
  implement(api.listEvents, ({ query, scope }) => listEvents(scope, query)),

  implement(api.createEvent, async ({ body, scope }) => {
    const r = await createEvents(scope, body);
    return { ...(r.seriesId ? { seriesId: r.seriesId } : {}), items: r.items.map((e) => presentEvent(scope, e)) };
  }),

  implement(api.getEvent, async ({ params, scope }) => presentEvent(scope, await eventOf(scope, params.eventId))),

  implement(api.updateEvent, async ({ params, body, scope }) => presentEvent(scope, await updateEvent(scope, params.eventId, body))),

  implement(api.cancelEvent, async ({ params, scope }) => presentEvent(scope, await cancelEvent(scope, params.eventId))),

  implement(api.listRegistrations, ({ params, scope }) => listRegistrations(scope, params.eventId)),

  implement(api.exportRegistrations, async ({ params, scope }) => {
    const { file, body } = await registrationsCsv(scope, params.eventId);
    return new Response(body, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${encodeURIComponent(file)}"` },
    });
  }),

  implement(api.checkInRegistration, async ({ params, scope }) =>
    presentRegistration(await checkInRegistration(scope, params.eventId, params.registrationId))),

  implement(api.markRegistrationNoShow, async ({ params, scope }) =>
    presentRegistration(await markNoShow(scope, params.eventId, params.registrationId))),
];
