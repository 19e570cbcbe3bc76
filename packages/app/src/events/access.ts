import { notFound } from '@lieu/core';
import { ordered, visibleTo, type EventRecord, type Registration } from '@lieu/core/events';
import type { SignedScope, TenantScope } from '../scope';

export const whoIs = (scope: TenantScope) => ({ isStaff: !!scope.actor?.isStaff, signedIn: !!scope.actor });

/** An event this caller may see, or 404 (an id of another space, a draft, a members-only event for a visitor). */
export async function eventOf(scope: TenantScope, id: string): Promise<EventRecord> {
  const e = await scope.repos.events.get(id);
  if (!e || !visibleTo(e, whoIs(scope))) throw notFound('Event');
  return e;
}

/** A registration of this event, or 404. */
export async function registrationOf(scope: TenantScope, e: EventRecord, id: string): Promise<Registration> {
  const r = await scope.repos.events.getRegistration(e.id, id);
  if (!r) throw notFound('Registration');
  return r;
}

/** The caller's own live registration to an event, or 404. */
export async function myRegistrationOf(scope: SignedScope, e: EventRecord): Promise<Registration> {
  const r = await scope.repos.events.registrationOf(e.id, `M#${scope.actor.id}`);
  if (!r) throw notFound('Registration');
  return r;
}

/** A registration's place on the waitlist (1 = next), as the event's list shows it. */
export async function positionOf(scope: TenantScope, r: Registration): Promise<number | undefined> {
  if (r.status !== 'waitlisted') return undefined;
  return ordered(await scope.repos.events.registrations(r.eventId)).find((x) => x.r.id === r.id)?.position;
}
