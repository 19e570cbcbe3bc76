import { conflict } from '@lieu/core';
import { checkMayCancel, firstWaiting, moveRegistration, type EventRecord, type Registration } from '@lieu/core/events';
import { commit, paymentReleaseItems, WriteSet } from '@lieu/db';
import type { TenantScope } from '../scope';
import { whoIs } from './access';
import { promotionWrites } from './register';

const ATTEMPTS = 20;
class Raced extends Error { constructor() { super('raced'); this.name = 'Raced'; } }

/**
 * The writes that cancel a registration (its payment aside, which is the caller's): the place goes to
 * the first person waiting (emailed), or is freed; a waitlist entry just leaves the line.
 */
export async function registrationCancelWrites(scope: TenantScope, e: EventRecord, current: Registration, by: string): Promise<{ after: Registration; set: WriteSet }> {
  const events = scope.repos.events;
  const after = moveRegistration(current, 'cancelled', { at: scope.now, by });
  const set = new WriteSet()
    .add('registration', events.saveItem(current, after))
    .add('person', events.personRelease(current));
  if (current.cancelTokenHash) set.add('token', events.tokenRelease(current.cancelTokenHash));
  if (current.status === 'waitlisted') set.add('counters', events.leaveWaitlist(e.id));
  else {
    const next = e.status === 'active' ? firstWaiting(await events.registrations(e.id)) : null;
    if (next) set.merge((await promotionWrites(scope, e, next)).set).add('counters', events.handOver(e.id));
    else set.add('counters', events.freePlace(e.id));
  }
  return { after, set };
}

/**
 * Cancels a registration. Members and visitors before the event's deadline (a waitlist entry at any
 * time); staff at any time. A registered person's place goes, in the same transaction, to the first
 * person waiting (emailed); with nobody waiting the place is freed. A race re-reads and tries again.
 * `extra` rides in the same transaction (an event's cancellation email).
 */
export async function cancelRegistration(scope: TenantScope, e: EventRecord, reg: Registration, extra?: WriteSet): Promise<Registration> {
  const events = scope.repos.events;
  let current = reg;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    checkMayCancel(e, current, whoIs(scope), scope.now);
    const { after, set } = await registrationCancelWrites(scope, e, current, scope.actor?.id ?? 'visitor');
    // The ticket's payment is released with the place; one paid online gets its refund request here.
    const payment = current.paymentId && current.memberId ? await scope.repos.payments.get(current.memberId, current.paymentId) : null;
    set.add('payment', ...paymentReleaseItems(scope.db, scope.tenantId, payment, scope.now, { kind: 'ticket', id: current.id }));
    if (extra) set.merge(extra);
    try {
      await commit(scope.db, set, () => new Raced(), { clientRequestToken: `${scope.requestId}:cancel:${current.id}:${attempt}` });
      return after;
    } catch (err) {
      if (!(err instanceof Raced)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
      const fresh = await events.getRegistration(e.id, current.id);
      if (!fresh) throw err;
      current = fresh;
    }
  }
  throw conflict('The event is changing a lot right now; try again', { rule: 'busy' });
}
