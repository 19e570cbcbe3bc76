import { conflict, ruleViolation } from '@lieu/core';
import { checkCapacity, type EventRecord } from '@lieu/core/events';
import { commit, WriteSet } from '@lieu/db';
import type { SignedScope } from '../scope';
import { eventOf } from './access';
import { cancelRegistration } from './cancel';
import { placeRelease } from './create';
import { emailContext, eventEmails } from './emails';
import { fillFreePlaces } from './register';

export type EventPatch = Partial<Pick<EventRecord, 'title' | 'description' | 'imageUrl' | 'capacity' | 'audience' | 'price' | 'tags' | 'published' | 'cancelBeforeHours'>> & { version?: number | undefined };

const staleEvent = () => conflict('The event changed meanwhile (or has more registrations than that capacity); reload and try again', { rule: 'stale_version' });

/** Changes an event's editable fields; more places move the waitlist up at once (each promoted person emailed). */
export async function updateEvent(scope: SignedScope, eventId: string, patch: EventPatch): Promise<EventRecord> {
  const before = await eventOf(scope, eventId);
  if (before.status !== 'active') throw ruleViolation('event_cancelled', 'A cancelled event cannot be changed');
  if (patch.version !== undefined && patch.version !== before.version) throw conflict('The event was changed meanwhile; reload and try again', { rule: 'stale_version' });
  checkCapacity(before, patch.capacity);
  const { version: _v, ...changes } = patch;
  const after = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as EventRecord;
  await commit(scope.db, new WriteSet().add('event', scope.repos.events.updateItem(before, after)), staleEvent, { clientRequestToken: `${scope.requestId}:update` });
  if (after.capacity > before.capacity) await fillFreePlaces(scope, before.id);
  return (await scope.repos.events.get(before.id)) ?? { ...after, version: before.version + 1 };
}

/**
 * Cancels an event: its place is free again at once; each person's registration is cancelled with
 * its payment and their email in one transaction (one paid online gets its refund request).
 */
export async function cancelEvent(scope: SignedScope, eventId: string): Promise<EventRecord> {
  const before = await eventOf(scope, eventId);
  if (before.status === 'cancelled') throw conflict('This event is already cancelled', { rule: 'already_cancelled' });
  const after: EventRecord = { ...before, status: 'cancelled', published: false };
  const set = new WriteSet().add('event', scope.repos.events.updateItem(before, after)).merge(await placeRelease(scope, before));
  await commit(scope.db, set, staleEvent, { clientRequestToken: `${scope.requestId}:cancel-event` });
  const saved: EventRecord = { ...after, version: before.version + 1 };
  const mail = emailContext(scope);
  for (const r of await scope.repos.events.registrations(before.id)) {
    if (r.status === 'cancelled') continue;
    const email = new WriteSet().add('email', scope.repos.outbox.putItem({ to: r.email, ...eventEmails.eventCancelled(mail, before.title, before.start) }, scope.now));
    await cancelRegistration(scope, saved, r, email);
  }
  return (await scope.repos.events.get(before.id)) ?? saved;
}
