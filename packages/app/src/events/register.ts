import { conflict, newId, notFound, ruleViolation, type Payment, type User } from '@lieu/core';
import {
  checkOpen, firstWaiting, hasFreePlace, moveRegistration, noTurnPending, waitlistShouldMove, type EventRecord, type Registration,
} from '@lieu/core/events';
import { commit, stripeRepo, WriteSet } from '@lieu/db';
import type { TenantScope } from '../scope';
import { registrationEmail, type Registrant } from './emails';
import { presentRegistration } from './present';
import { priceTicket, ticketPayment } from './pricing';

/**
 * A hundred people at the opening of a popular workshop all write the same event item. Once it is
 * full, each takes a turn (an atomic counter, arrival order) and writes its waitlist entry in its
 * turn, with the counters read just before: one transaction each instead of a hundred racing for
 * every position. `ATTEMPTS` bounds the re-reads (waiting for a turn included).
 */
const ATTEMPTS = 2000;
const STALL_MS = 5000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms * (0.5 + Math.random())));

/** Who registers; a member's language and email choices come with the member item already read. */
export interface Person {
  memberId?: string | undefined; name: string; email: string;
  locale?: User['locale']; notifications?: User['notifications'];
}
const recipientOf = (who: Person): Registrant => ({ email: who.email, locale: who.locale, notifications: who.notifications });

/**
 * A waitlisted person made registered: its payment (if any) and its email go in the same transaction.
 * A member's item is read for their language and email choices.
 */
export async function promotionWrites(scope: TenantScope, e: EventRecord, w: Registration): Promise<{ after: Registration; set: WriteSet }> {
  const member = w.memberId ? await scope.repos.users.get(w.memberId) : null;
  const payment = ticketPayment(scope, e, w);
  const moved = moveRegistration(w, 'registered', { at: scope.now });
  const after: Registration = { ...moved, ...(payment ? { paymentId: payment.id } : {}) };
  const set = new WriteSet().add('promoted', scope.repos.events.saveItem(w, after));
  if (payment) set.add('promoted-payment', scope.repos.payments.createOp(payment));
  const email = registrationEmail(scope, e, after, { email: w.email, locale: member?.locale, notifications: member?.notifications }, { kind: 'promoted' });
  if (email) set.add('promoted-email', scope.repos.outbox.putItem(email, scope.now));
  return { after, set };
}

/**
 * Fills places that are free while people wait (a capacity increase): promotes the first in line,
 * one transaction each, until the event is full or nobody waits.
 */
export async function fillFreePlaces(scope: TenantScope, eventId: string): Promise<number> {
  let promoted = 0;
  for (let i = 0; i < 1000; i++) {
    const e = await scope.repos.events.get(eventId);
    if (!e || e.status !== 'active' || !waitlistShouldMove(e)) break;
    const w = firstWaiting(await scope.repos.events.registrations(eventId));
    if (!w) break;
    const { set } = await promotionWrites(scope, e, w);
    set.add('counters', scope.repos.events.promoteIntoFree(e.id));
    try {
      await commit(scope.db, set, () => raced(), { clientRequestToken: `${scope.requestId}:fill:${i}` });
      promoted++;
    } catch (err) {
      if (!(err instanceof Raced)) throw err;
    }
  }
  return promoted;
}

class Raced extends Error { constructor() { super('raced'); this.name = 'Raced'; } }
const raced = () => new Raced();

export interface RegisterOptions {
  /** A visitor's cancellation token hash (the token itself is given to them once). */
  cancelTokenHash?: string;
  /** Extra writes of the same transaction (a visitor's confirmation, used once). */
  extra?: WriteSet;
  onExtraFailed?: () => Error;
}

/**
 * Registers a person: a place while one is free and nobody waits, otherwise the next waitlist ticket.
 * Either way the event's counters are written in the registration's own transaction, so the
 * position told in the answer is the one the list shows. Members pay a paid ticket at the desk or
 * online; visitors (no account) register for free events only.
 */
export async function register(scope: TenantScope, event: EventRecord, who: Person, opts: RegisterOptions = {}) {
  checkOpen(event, scope.now);
  const quote = await priceTicket(scope, event, who.memberId);
  if (!who.memberId && quote && quote.totalCents > 0) throw ruleViolation('account_required', 'A paid ticket needs a member account: sign in or create one first');
  const base: Registration = {
    id: newId(scope.now.getTime()), eventId: event.id, person: who.memberId ? `M#${who.memberId}` : `V#${who.email}`,
    ...(who.memberId ? { memberId: who.memberId } : {}), name: who.name, email: who.email, status: 'registered',
    priceCents: quote?.totalCents ?? 0, ...(quote ? { quote } : {}), ...(opts.cancelTokenHash ? { cancelTokenHash: opts.cancelTokenHash } : {}),
    createdAt: scope.now.toISOString(), createdBy: scope.actor?.id ?? 'visitor', version: 1,
  };
  const events = scope.repos.events;
  let e = event;
  /** This request's turn on a full event (null until it found the event full). */
  let ticket: number | null = null;
  let seen = -1, seenAt = performance.now();
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) {
        const fresh = await events.get(event.id);
        if (!fresh) throw notFound('Event');
        e = fresh;
        checkOpen(e, scope.now);
      }
      if (ticket === null && waitlistShouldMove(e)) { await fillFreePlaces(scope, e.id); continue; }
      if (ticket === null && !(hasFreePlace(e) && noTurnPending(e))) {
        ticket = await events.takeTicket(e.id);
        continue;
      }
      if (ticket !== null) {
        const spent = e.waitSeq ?? 0;
        if (spent >= ticket) { ticket = null; continue; } // passed over as stalled: queue again
        if (spent < ticket - 1) {
          // Not this request's turn yet. A turn that does not move for a while is a holder that died.
          if (spent !== seen) { seen = spent; seenAt = performance.now(); }
          else if (performance.now() - seenAt > STALL_MS) { await events.skipTurn(e.id, spent + 1); continue; }
          // The next in line looks often; those further back less, so a long queue does not flood the table.
          const ahead = ticket - 1 - spent;
          await pause(ahead <= 1 ? 5 : Math.min(1000, 30 * ahead));
          continue;
        }
        if (waitlistShouldMove(e)) { await fillFreePlaces(scope, e.id); continue; }
      }

      const set = new WriteSet();
      let r: Registration, payment: Payment | null = null, position: number | undefined;
      if (hasFreePlace(e)) {
        payment = ticketPayment(scope, e, base);
        r = { ...base, ...(payment ? { paymentId: payment.id } : {}) };
        set.add('counters', ticket === null ? events.takePlace(e.id) : events.takePlaceInTurn(e.id, ticket));
        if (payment) set.add('payment', scope.repos.payments.createOp(payment));
        const email = registrationEmail(scope, e, r, recipientOf(who), { kind: 'registered' });
        if (email) set.add('email', scope.repos.outbox.putItem(email, scope.now));
      } else {
        position = (e.waiting ?? 0) + 1;
        r = { ...base, status: 'waitlisted', waitSeq: ticket! };
        set.add('counters', events.joinWaitlist(e, ticket!));
        const email = registrationEmail(scope, e, r, recipientOf(who), { kind: 'waitlisted', position });
        if (email) set.add('email', scope.repos.outbox.putItem(email, scope.now));
      }
      set.add('person', events.personMarker(r)).add('registration', events.newRegistration(r));
      if (r.cancelTokenHash) set.add('token', events.tokenItem(r as Registration & { cancelTokenHash: string }));
      if (opts.extra) set.merge(opts.extra);
      try {
        await commit(scope.db, set, (failed) => {
          if (failed.has('person')) return alreadyRegistered();
          if (opts.extra && [...failed].some((n) => opts.extra!.names.includes(n))) return opts.onExtraFailed?.() ?? raced();
          return raced();
        }, { clientRequestToken: `${scope.requestId}:register:${attempt}` });
        ticket = null;
        return await result(scope, r, payment, position);
      } catch (err) {
        if (!(err instanceof Raced)) throw err;
      }
    }
    throw conflict('The event is changing a lot right now; try again', { rule: 'busy' });
  } finally {
    // A turn held but not spent (an error, or already registered) passes, so nobody waits behind it.
    if (ticket !== null) await events.skipTurn(event.id, ticket).catch(() => false);
  }
}

async function result(scope: TenantScope, r: Registration, payment: Payment | null, position?: number) {
  const stripe = payment ? await stripeRepo(scope.db).settings(scope.tenantId) : null;
  const online = !!stripe?.chargesEnabled;
  return {
    registration: presentRegistration(r, position),
    ...(payment ? {
      payment: {
        paymentId: payment.id, totalCents: payment.totalCents, currency: payment.currency, how: online ? 'stripe' as const : 'on_site' as const,
        ...(online ? { checkoutPath: '/api/v1/stripe/checkout' } : {}),
      },
    } : {}),
  };
}

export const alreadyRegistered = () => conflict('This person is already registered (or waitlisted) for this event', { rule: 'already_registered' });
