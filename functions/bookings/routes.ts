import { AppError, newId, notFound, ruleViolation } from '@lieu/core';
import {
  addDays, checkCancellable, checkCheckIn, checkNoShow, zonedInstant, type Booking, type Resource,
} from '@lieu/core/booking';
import { bookings as api } from '@lieu/api';
import { usersRepo } from '@lieu/db';
import { hashToken, implement, newLinkToken, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import { dayAvailability } from './availability';
import { createBooking, createSeries } from './book';
import { bookingOf, forgetRules, isStaff, present, repo, resourceOf, rulesFor } from './context';
import { calendarResponse, icsFeed } from './ical';

/** A member of this space (for staff routes about someone), or 404. */
async function memberOf(ctx: RequestCtx, id: string) {
  const u = await usersRepo(ctx.deps.db, ctx.realm).get(id);
  if (!u || u.tenantId !== tenantOf(ctx).id || u.status === 'erased') throw notFound('Member');
  return u;
}

/** Every training a resource requires must exist in this space's catalogue. */
async function checkTrainings(ctx: RequestCtx, ids: string[]) {
  if (!ids.length) return;
  const known = new Set((await repo(ctx).listTrainings()).map((t) => t.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing) throw ruleViolation('unknown_training', `Training ${missing} is not in this space's catalogue`);
}

/** [from, to) of `days` local days from `date`, as instants. */
function localRange(ctx: RequestCtx, date: string, days: number) {
  const tz = tenantOf(ctx).timeZone;
  return { from: new Date(zonedInstant(date, '00:00', tz)).toISOString(), to: new Date(zonedInstant(addDays(date, days), '00:00', tz)).toISOString() };
}

const next = (b: Booking, change: Partial<Booking>): Booking => ({ ...b, ...change, version: b.version + 1 });

export const routes: Route[] = [
  // ——— resources ———
  implement(api.listResources, async ({ query, ctx }) => {
    const all = await repo(ctx).listResources();
    return { items: all.filter((r) => (isStaff(ctx) || r.active) && (!query.kind || r.kind === query.kind)) };
  }),

  implement(api.getResource, async ({ params, ctx }) => resourceOf(ctx, params.resourceId, { activeOnly: true })),

  implement(api.createResource, async ({ body, ctx }) => {
    await checkTrainings(ctx, body.requiredTrainingIds);
    const r: Resource = { ...body, capacity: body.kind === 'desk_area' || body.kind === 'room' ? body.capacity : 1, id: newId(ctx.now.getTime()), createdAt: ctx.now.toISOString(), version: 1 };
    return repo(ctx).putResource(null, r);
  }),

  implement(api.updateResource, async ({ params, body, ctx }) => {
    const before = await resourceOf(ctx, params.resourceId);
    if (body.version !== undefined && body.version !== before.version) throw new AppError('conflict', 'The resource was changed meanwhile; reload and try again', { rule: 'stale_version' });
    const { version: _v, ...changes } = body;
    const after = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as Resource;
    if (changes.requiredTrainingIds) await checkTrainings(ctx, changes.requiredTrainingIds);
    const saved = await repo(ctx).putResource(before, after);
    forgetRules(tenantOf(ctx));
    return saved;
  }),

  implement(api.archiveResource, async ({ params, ctx }) => {
    const before = await resourceOf(ctx, params.resourceId);
    const saved = await repo(ctx).putResource(before, { ...before, active: false });
    forgetRules(tenantOf(ctx));
    return saved;
  }),

  // ——— opening calendar ———
  implement(api.getOpeningCalendar, async ({ ctx }) => repo(ctx).getCalendar()),
  implement(api.putOpeningCalendar, async ({ body, ctx }) => {
    await repo(ctx).putCalendar(body);
    forgetRules(tenantOf(ctx));
    return body;
  }),

  // ——— trainings and qualifications ———
  implement(api.listTrainings, async ({ ctx }) => ({ items: await repo(ctx).listTrainings() })),
  implement(api.createTraining, async ({ body, ctx }) => {
    const t = { id: newId(ctx.now.getTime()), name: body.name, ...(body.description ? { description: body.description } : {}), createdAt: ctx.now.toISOString() };
    await repo(ctx).putTraining(t);
    return t;
  }),
  implement(api.listMemberQualifications, async ({ params, ctx }) => {
    await memberOf(ctx, params.memberId);
    return { items: await repo(ctx).listQualifications(params.memberId) };
  }),
  implement(api.myQualifications, async ({ ctx }) => ({ items: await repo(ctx).listQualifications(ctx.session!.sub) })),
  implement(api.grantQualification, async ({ params, body, ctx }) => {
    await memberOf(ctx, params.memberId);
    const training = await repo(ctx).getTraining(body.trainingId);
    if (!training) throw notFound('Training');
    const q = {
      trainingId: training.id, trainingName: training.name, grantedAt: ctx.now.toISOString(), grantedBy: ctx.session!.sub,
      ...(body.expiresOn ? { expiresOn: body.expiresOn } : {}),
    };
    await repo(ctx).grantQualification(params.memberId, q);
    return q;
  }),
  implement(api.revokeQualification, async ({ params, ctx }) => {
    await memberOf(ctx, params.memberId);
    if (!(await repo(ctx).revokeQualification(params.memberId, params.trainingId))) throw notFound('Qualification');
    return { ok: true as const };
  }),

  // ——— availability ———
  implement(api.resourceAvailability, async ({ params, query, ctx }) => {
    const { resource, calendar } = await rulesFor(ctx, params.resourceId);
    if (!resource || (!resource.active && !isStaff(ctx))) throw notFound('Resource');
    const dates = Array.from({ length: query.days }, (_, i) => addDays(query.date, i));
    const days = await Promise.all(dates.map((d) => dayAvailability(ctx, resource, calendar, d)));
    return { resourceId: resource.id, timeZone: tenantOf(ctx).timeZone, days };
  }),

  implement(api.kindAvailability, async ({ query, ctx }) => {
    const [all, calendar] = await Promise.all([repo(ctx).listResources(), repo(ctx).getCalendar()]);
    const ofKind = all.filter((r) => r.active && r.kind === query.kind);
    const resources = await Promise.all(ofKind.map(async (r) => ({
      resourceId: r.id, name: r.name, capacity: r.capacity, slots: (await dayAvailability(ctx, r, calendar, query.date)).slots,
    })));
    return { date: query.date, timeZone: tenantOf(ctx).timeZone, resources };
  }),

  // ——— bookings ———
  implement(api.createBooking, async ({ body, ctx }) => present(ctx, await createBooking(ctx, body))),

  implement(api.createRecurringBooking, async ({ body, ctx }) => {
    const r = await createSeries(ctx, body);
    return { seriesId: r.seriesId, booked: r.booked.map((b) => present(ctx, b)), conflicts: r.conflicts };
  }),

  implement(api.getBooking, async ({ params, ctx }) => present(ctx, await bookingOf(ctx, params.bookingId))),

  implement(api.cancelBooking, async ({ params, body, ctx }) => {
    const b = await bookingOf(ctx, params.bookingId);
    const staff = isStaff(ctx);
    const ownBooking = b.memberId === ctx.session!.sub;
    if (staff && !ownBooking && !body.reason) throw ruleViolation('reason_required', 'Staff give a reason when cancelling a member’s booking');
    const { resource } = await rulesFor(ctx, b.resourceId);
    checkCancellable(b, resource?.rules.cancelBeforeHours ?? 0, ctx.now.getTime(), staff);
    const after = next(b, {
      status: 'cancelled', cancelledAt: ctx.now.toISOString(), cancelledBy: ctx.session!.sub,
      cancelReason: body.reason ?? (ownBooking ? 'cancelled by the member' : 'cancelled by staff'),
    });
    await repo(ctx).cancel(b, after, ctx.now);
    return present(ctx, after);
  }),

  implement(api.confirmBooking, async ({ params, ctx }) => {
    const b = await bookingOf(ctx, params.bookingId);
    if (b.status !== 'held') throw ruleViolation(b.cancelReason === 'hold_expired' ? 'hold_expired' : 'status', b.cancelReason === 'hold_expired' ? 'The hold has expired; book again' : `A ${b.status} booking cannot be confirmed`);
    const after = next(b, { status: 'confirmed', holdExpiresAt: undefined });
    await repo(ctx).confirm(b, after);
    return present(ctx, after);
  }),

  implement(api.checkInBooking, async ({ params, ctx }) => {
    const b = await bookingOf(ctx, params.bookingId);
    checkCheckIn(b, ctx.now.getTime());
    const after = next(b, { status: 'checked_in', checkedInAt: ctx.now.toISOString() });
    await repo(ctx).update(b, after);
    return present(ctx, after);
  }),

  implement(api.markNoShow, async ({ params, ctx }) => {
    const b = await bookingOf(ctx, params.bookingId);
    checkNoShow(b, ctx.now.getTime());
    const after = next(b, { status: 'no_show' });
    await repo(ctx).update(b, after);
    return present(ctx, after);
  }),

  implement(api.myBookings, async ({ query, ctx }) => {
    const page = await repo(ctx).forMember(ctx.session!.sub, query.when, ctx.now, query.limit, query.cursor);
    return { items: page.items.map((b) => present(ctx, b)), nextCursor: page.nextCursor };
  }),

  implement(api.operatorCalendar, async ({ query, ctx }) => {
    const { from, to } = localRange(ctx, query.date, query.days);
    const resources = await repo(ctx).listResources();
    return {
      from, to, timeZone: tenantOf(ctx).timeZone,
      resources: await Promise.all(resources.map(async (r) => ({
        resourceId: r.id, name: r.name, kind: r.kind,
        bookings: (await repo(ctx).forResource(r.id, from, to)).map((b) => present(ctx, b)),
      }))),
    };
  }),

  // ——— iCal feeds ———
  implement(api.createCalendarFeed, async ({ ctx }) => {
    const { token, hash } = newLinkToken();
    await repo(ctx).setFeedToken(ctx.session!.sub, hash, ctx.now);
    return { url: `${ctx.origin}${api.memberCalendarFeed.path.replace(':token', token)}` };
  }),

  implement(api.revokeCalendarFeed, async ({ ctx }) => {
    await repo(ctx).setFeedToken(ctx.session!.sub, null, ctx.now);
    return { ok: true as const };
  }),

  implement(api.memberCalendarFeed, async ({ params, ctx }) => {
    const userId = await repo(ctx).memberOfFeed(hashToken(params.token));
    if (!userId) throw notFound('Calendar');
    const tenant = tenantOf(ctx);
    const since = new Date(ctx.now.getTime() - 30 * 86_400_000);
    const items = (await repo(ctx).forMember(userId, 'upcoming', since, 100)).items.map((b) => present(ctx, b));
    const events = items.map((b) => ({
      id: `${b.id}@${tenant.slug}.lieu`, start: b.start, end: b.end, summary: `${b.resourceName} — ${tenant.name}`,
      description: `${b.status}`, cancelled: b.status === 'cancelled',
    }));
    return calendarResponse(icsFeed(`${tenant.name} — mes réservations`, tenant.timeZone, events, ctx.now), 'bookings');
  }),

  implement(api.resourceCalendarFeed, async ({ params, ctx }) => {
    const resource = await repo(ctx).getResource(params.resourceId);
    if (!resource || !resource.active) throw notFound('Resource');
    const tenant = tenantOf(ctx);
    const from = new Date(ctx.now.getTime() - 7 * 86_400_000).toISOString();
    const to = new Date(ctx.now.getTime() + 90 * 86_400_000).toISOString();
    const busy = (await repo(ctx).forResource(resource.id, from, to)).map((b) => present(ctx, b)).filter((b) => b.status !== 'cancelled');
    // Busy blocks only: a resource feed may hang on a door screen, so it names no one.
    const events = busy.map((b) => ({ id: `${b.id}@${tenant.slug}.lieu`, start: b.start, end: b.end, summary: tenant.locale === 'fr' ? 'Réservé' : 'Booked' }));
    return calendarResponse(icsFeed(`${resource.name} — ${tenant.name}`, tenant.timeZone, events, ctx.now), resource.id);
  }),
];
