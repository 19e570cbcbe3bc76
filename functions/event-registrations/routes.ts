import { notFound, ruleViolation } from '@lieu/core';
import { events as api } from '@lieu/api';
import { tenantRealm, usersRepo, type EventRecord, type Registration } from '@lieu/db';
import { hashToken, implement, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import { eventOf, isStaff, positionOf, presentRegistration, repo } from '../events/context';
import { cancel, register } from '../events/registration';

/**
 * Registering and cancelling (members, visitors, staff by hand), in their own Lambda: it carries the
 * pricing engine and the billing writes; the events area carries the booking engine.
 */

/** A registration of this event, or 404. */
async function registrationOf(ctx: RequestCtx, e: EventRecord, id: string): Promise<Registration> {
  const r = await repo(ctx).getRegistration(e.id, id);
  if (!r) throw notFound('Registration');
  return r;
}

/** An active member of this space with an email (staff registering someone by hand, or the caller), or 404/422. */
async function memberOf(ctx: RequestCtx, id: string) {
  const u = await usersRepo(ctx.deps.db, tenantRealm(tenantOf(ctx).id)).get(id);
  if (!u || u.tenantId !== tenantOf(ctx).id || u.status !== 'active') throw notFound('Member');
  if (!u.email) throw ruleViolation('no_email', 'This member has no email address to register with');
  return { id: u.id, name: u.name, email: u.email };
}

export const routes: Route[] = [
  implement(api.registerSomeone, async ({ params, body, ctx }) => {
    const e = await eventOf(ctx, params.eventId);
    if ('memberId' in body) {
      const m = await memberOf(ctx, body.memberId);
      return register(ctx, e, { memberId: m.id, name: m.name, email: m.email });
    }
    return register(ctx, e, { name: body.name, email: body.email });
  }),
  implement(api.staffCancelRegistration, async ({ params, ctx }) => {
    const e = await eventOf(ctx, params.eventId);
    return presentRegistration(await cancel(ctx, e, await registrationOf(ctx, e, params.registrationId)));
  }),
  implement(api.myRegistration, async ({ params, ctx }) => {
    const e = await eventOf(ctx, params.eventId);
    const r = await repo(ctx).registrationOf(e.id, `M#${ctx.session!.sub}`);
    if (!r) throw notFound('Registration');
    return presentRegistration(r, await positionOf(ctx, r));
  }),
  implement(api.cancelMyRegistration, async ({ params, ctx }) => {
    const e = await eventOf(ctx, params.eventId);
    const r = await repo(ctx).registrationOf(e.id, `M#${ctx.session!.sub}`);
    if (!r) throw notFound('Registration');
    return presentRegistration(await cancel(ctx, e, r));
  }),
  implement(api.registerForEvent, async ({ params, body, ctx }) => {
    const e = await eventOf(ctx, params.eventId);
    if (!e.published && !isStaff(ctx)) throw notFound('Event');
    if (ctx.session) {
      const m = await memberOf(ctx, ctx.session.sub);
      return register(ctx, e, { memberId: m.id, name: m.name, email: m.email });
    }
    if (e.audience !== 'public') throw notFound('Event');
    if (!body.name || !body.email) throw ruleViolation('name_email_required', 'A visitor gives a name and an email (or signs in)');
    return register(ctx, e, { name: body.name, email: body.email });
  }),
  implement(api.visitorCancel, async ({ body, ctx }) => {
    const r = await repo(ctx).registrationOfToken(hashToken(body.token));
    const e = r ? await repo(ctx).get(r.eventId) : null;
    if (!r || !e || r.status === 'cancelled') throw notFound('Registration');
    await cancel(ctx, e, r);
    return { ok: true as const };
  }),
];
