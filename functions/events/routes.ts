import { conflict, notFound, ruleViolation } from '@lieu/core';
import { CHECK_IN_EARLY_MS } from '@lieu/core/booking';
import { events as api } from '@lieu/api';
import { auditPut, bookingsRepo, paymentReleaseItems, paymentsRepo, transact, type EventRecord, type Registration } from '@lieu/db';
import { implement, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import { createEvents, placeReleaseItems } from './create';
import { emailItem, eventOf, localStartOf, ordered, present, presentRegistration, repo } from './context';
import { eventEmails } from './emails';
import { fillFreePlaces } from './registration';

/** A registration of this event, or 404. */
async function registrationOf(ctx: RequestCtx, e: EventRecord, id: string): Promise<Registration> {
  const r = await repo(ctx).getRegistration(e.id, id);
  if (!r) throw notFound('Registration');
  return r;
}

const FAR = '9999-12-31';
const csvCell = (v: unknown) => {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // no formulas when opened in a spreadsheet
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const routes: Route[] = [
  // ——— operators ———
  implement(api.listEvents, async ({ query, ctx }) => {
    const from = query.from ? new Date(query.from).toISOString() : new Date(ctx.now.getTime() - 86_400_000).toISOString();
    const page = await repo(ctx).list(from, FAR, query.limit, query.cursor);
    return { items: page.items.map((e) => present(ctx, e)), nextCursor: page.nextCursor };
  }),

  implement(api.createEvent, async ({ body, ctx }) => {
    const r = await createEvents(ctx, body);
    return { ...(r.seriesId ? { seriesId: r.seriesId } : {}), items: r.items.map((e) => present(ctx, e)) };
  }),

  implement(api.getEvent, async ({ params, ctx }) => present(ctx, await eventOf(ctx, params.eventId))),

  implement(api.updateEvent, async ({ params, body, ctx }) => {
    const before = await eventOf(ctx, params.eventId);
    if (before.status !== 'active') throw ruleViolation('event_cancelled', 'A cancelled event cannot be changed');
    if (body.version !== undefined && body.version !== before.version) throw conflict('The event was changed meanwhile; reload and try again', { rule: 'stale_version' });
    if (body.capacity !== undefined && body.capacity < before.registered) {
      throw ruleViolation('capacity_below_registered', `${before.registered} people are registered: the capacity cannot go below that`);
    }
    const { version: _v, ...changes } = body;
    const after = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as EventRecord;
    const saved = await repo(ctx).update(before, after);
    // More places: the waitlist moves up at once, each promoted person emailed.
    if (saved.capacity > before.capacity) await fillFreePlaces(ctx, saved.id);
    return present(ctx, (await repo(ctx).get(saved.id)) ?? saved);
  }),

  implement(api.cancelEvent, async ({ params, ctx }) => {
    const before = await eventOf(ctx, params.eventId);
    if (before.status === 'cancelled') throw conflict('This event is already cancelled', { rule: 'already_cancelled' });
    const after: EventRecord = { ...before, status: 'cancelled', published: false };
    const saved = await repo(ctx).update(before, after, await placeReleaseItems(ctx, before));
    const tenant = tenantOf(ctx);
    // Each person's ticket is cancelled with its payment in one transaction: one paid online gets its
    // refund request (the Stripe worker sends it), one paid at the desk reads "refund due" for staff.
    for (const r of await repo(ctx).registrations(before.id)) {
      if (r.status === 'cancelled') continue;
      const payment = r.paymentId && r.memberId ? await paymentsRepo(ctx.deps.db, tenant.id).get(r.memberId, r.paymentId) : null;
      const cancelled: Registration = { ...r, status: 'cancelled', waitSeq: undefined, cancelledAt: ctx.now.toISOString(), cancelledBy: ctx.session!.sub, version: r.version + 1 };
      await repo(ctx).cancel(r, cancelled, null, [
        ...paymentReleaseItems(ctx.deps.db, tenant.id, payment, ctx.now, { kind: 'ticket', id: r.id }),
        emailItem(ctx, { to: r.email, ...eventEmails.eventCancelled(tenant.locale, tenant.name, before.title, localStartOf(ctx, before)) }),
      ]);
    }
    return present(ctx, saved);
  }),

  implement(api.listRegistrations, async ({ params, ctx }) => {
    const e = await eventOf(ctx, params.eventId);
    return { items: ordered(await repo(ctx).registrations(e.id)).map(({ r, position }) => presentRegistration(r, position)) };
  }),

  implement(api.exportRegistrations, async ({ params, ctx }) => {
    const e = await eventOf(ctx, params.eventId);
    const header = ['name', 'email', 'member_id', 'status', 'waitlist_position', 'attendance', 'price_cents', 'payment_id', 'registered_at'];
    const rows = ordered(await repo(ctx).registrations(e.id)).map(({ r, position }) =>
      [r.name, r.email, r.memberId, r.status, position, r.attendance, r.priceCents, r.paymentId, r.createdAt].map(csvCell).join(','));
    const file = `${e.title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}-${e.start.slice(0, 10)}.csv`;
    return new Response(`\ufeff${[header.join(','), ...rows].join('\r\n')}\r\n`, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${encodeURIComponent(file)}"` },
    });
  }),



  implement(api.checkInRegistration, async ({ params, ctx }) => {
    const e = await eventOf(ctx, params.eventId);
    const r = await registrationOf(ctx, e, params.registrationId);
    if (r.status !== 'registered') throw ruleViolation('not_registered', `A ${r.status} person cannot be checked in`);
    if (ctx.now.getTime() < Date.parse(e.start) - CHECK_IN_EARLY_MS) throw ruleViolation('too_early', 'Check-in opens 30 minutes before the start');
    if (r.attendance === 'no_show') throw ruleViolation('recorded_no_show', 'This person was recorded as a no-show');
    const after: Registration = r.attendance === 'attended' ? r : { ...r, attendance: 'attended', attendanceAt: ctx.now.toISOString(), version: r.version + 1 };
    if (after !== r) await repo(ctx).save(r, after);
    // A training session qualifies who attended it (idempotent: a second check-in grants the same).
    if (e.trainingId && r.memberId) {
      const trainingName = e.trainingName ?? e.title;
      // The first check-in is audited with the grant, like a grant from the members page (issue 9).
      const audit = after === r ? [] : [auditPut(ctx.deps.db, tenantOf(ctx).id, {
        actorId: ctx.session!.sub, action: 'qualification.granted', targetType: 'member', targetId: r.memberId,
        summary: `${r.name} qualified: ${trainingName} (attended ${e.title})`,
      }, ctx.now)];
      await bookingsRepo(ctx.deps.db, tenantOf(ctx).id, tenantOf(ctx).timeZone).grantQualification(r.memberId, {
        trainingId: e.trainingId, trainingName, grantedAt: after.attendanceAt ?? ctx.now.toISOString(), grantedBy: ctx.session!.sub,
      }, audit);
    }
    return presentRegistration(after);
  }),

  implement(api.markRegistrationNoShow, async ({ params, ctx }) => {
    const e = await eventOf(ctx, params.eventId);
    const r = await registrationOf(ctx, e, params.registrationId);
    if (r.status !== 'registered') throw ruleViolation('not_registered', `A ${r.status} person cannot be a no-show`);
    if (ctx.now.getTime() < Date.parse(e.start)) throw ruleViolation('not_started', 'A no-show is recorded once the event has started');
    if (r.attendance === 'attended') throw ruleViolation('attended', 'This person was checked in');
    const after: Registration = { ...r, attendance: 'no_show', attendanceAt: ctx.now.toISOString(), version: r.version + 1 };
    await repo(ctx).save(r, after);
    return presentRegistration(after);
  }),



  // Registering and cancelling are in functions/event-registrations; the public listing, event page
  // and iCal feed in functions/event-pages.


];



