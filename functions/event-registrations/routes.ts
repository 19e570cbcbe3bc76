import { notFound, ruleViolation } from '@lieu/core';
import { events as api } from '@lieu/api';
import type { TenantScope } from '@lieu/app';
import {
  cancelRegistration, confirmVisitorRegistration, eventOf, myRegistration, myRegistrationOf, presentRegistration, register,
  registrationOf, requestVisitorRegistration, visitorCancel,
} from '@lieu/app/events';
import { implement, type Route } from '@lieu/http';

/**
 * Registering and cancelling (members, visitors, staff by hand), in their own Lambda: it carries the
 * pricing function and the billing writes. Adapters of packages/app/src/events.
 */

/** An active member of this space with an email (staff registering someone by hand, or the caller), or 404/422. */
async function person(scope: TenantScope, id: string) {
  const u = await scope.memberOrFail(id);
  if (u.status !== 'active') throw notFound('Member');
  if (!u.email) throw ruleViolation('no_email', 'This member has no email address to register with');
  return { memberId: u.id, name: u.name, email: u.email, locale: u.locale, notifications: u.notifications };
}

export const routes: Route[] = [
  implement(api.registerSomeone, async ({ params, body, scope }) => {
    const e = await eventOf(scope, params.eventId);
    return register(scope, e, 'memberId' in body ? await person(scope, body.memberId) : { name: body.name, email: body.email });
  }),
  implement(api.staffCancelRegistration, async ({ params, scope }) => {
    const e = await eventOf(scope, params.eventId);
    return presentRegistration(await cancelRegistration(scope, e, await registrationOf(scope, e, params.registrationId)));
  }),
  implement(api.myRegistration, ({ params, scope }) => myRegistration(scope, params.eventId)),
  implement(api.cancelMyRegistration, async ({ params, scope }) => {
    const e = await eventOf(scope, params.eventId);
    return presentRegistration(await cancelRegistration(scope, e, await myRegistrationOf(scope, e)));
  }),
  implement(api.registerForEvent, async ({ params, body, scope, ctx }) => {
    const e = await eventOf(scope, params.eventId);
    if (!e.published && !scope.actor?.isStaff) throw notFound('Event');
    if (scope.actor) return register(scope, e, await person(scope, scope.actor.id));
    if (!body.name || !body.email) throw ruleViolation('name_email_required', 'A visitor gives a name and an email (or signs in)');
    return requestVisitorRegistration(scope, e, { name: body.name, email: body.email, ip: ctx.ip });
  }),
  implement(api.confirmVisitorRegistration, ({ body, scope }) => confirmVisitorRegistration(scope, body.token)),
  implement(api.visitorCancel, async ({ body, scope }) => {
    await visitorCancel(scope, body.token);
    return { ok: true as const };
  }),
];
