import {
  AppError, ANONYMOUS, conflict, localDate, newId, priceQuote, PricingError, ruleViolation, type Payment,
} from '@lieu/core';
import {
  EventFull, memberBillingRepo, memberTerms, paymentReleaseItems, paymentsRepo, PromotionRaced, stripeRepo,
  type EventRecord, type Registration, type TicketQuote, type transact,
} from '@lieu/db';
import { newLinkToken, tenantOf, type RequestCtx } from '@lieu/http';
import { emailItem, isStaff, localStartOf, positionOf, presentRegistration, repo } from './context';
import { eventEmails } from './emails';

type Items = Parameters<typeof transact>[1];

/** How many times a registration or cancellation re-reads and retries after losing a race. */
const ATTEMPTS = 6;

/**
 * The ticket's price for this person through the pricing engine: a member's billing category picks
 * the event's member rate; a visitor pays the standard price. Null for a free event.
 */
async function priceTicket(ctx: RequestCtx, e: EventRecord, memberId: string | undefined): Promise<TicketQuote | null> {
  if (e.price.cents === 0 && !Object.values(e.price.categoryCents ?? {}).some((c) => c > 0)) return null;
  const tenant = tenantOf(ctx);
  const terms = memberId ? memberTerms(await memberBillingRepo(ctx.deps.db, tenant.id).load(memberId)) : ANONYMOUS;
  try {
    const q = priceQuote({
      currency: tenant.currency, vat: tenant.vat, rates: [], member: terms, today: localDate(ctx.now, tenant.timeZone),
      items: [{ kind: 'ticket', label: e.title, unitCents: e.price.cents, quantity: 1, ...(e.price.categoryCents ? { categoryPrices: e.price.categoryCents } : {}) }],
    });
    const line = q.lines[0]!;
    return {
      currency: q.currency, totalCents: q.totalCents, netCents: q.netCents, vatCents: q.vatCents, vatRateBp: line.vatRateBp,
      ...(q.vatMention ? { vatMention: q.vatMention } : {}), category: terms.category,
    };
  } catch (err) {
    if (err instanceof PricingError) throw ruleViolation(err.rule, err.message);
    throw err;
  }
}

/** The pending ticket payment of a registered member (paid at the desk, or online through Stripe Checkout). */
function ticketPayment(ctx: RequestCtx, e: EventRecord, r: Registration): Payment | null {
  const q = r.quote;
  if (!q || q.totalCents <= 0 || !r.memberId) return null;
  const label = `${e.title} — ${localStartOf(ctx, e).slice(0, 16).replace('T', ' ')}`;
  return {
    id: r.id, memberId: r.memberId, memberName: r.name, item: { kind: 'ticket', refId: r.id, label }, revenueCategory: 'events',
    lines: [{ label, revenueCategory: 'events', quantity: 1, amountCents: q.totalCents, vatRateBp: q.vatRateBp, netCents: q.netCents, vatCents: q.vatCents }],
    currency: q.currency, totalCents: q.totalCents, netCents: q.netCents, vatCents: q.vatCents, ...(q.vatMention ? { vatMention: q.vatMention } : {}),
    status: 'pending', channel: 'desk', createdAt: ctx.now.toISOString(), createdBy: ctx.session?.sub ?? r.createdBy, effect: { kind: 'none' }, version: 1,
  };
}

/** A waitlisted registration made registered: its payment (if any) and its email go in the same transaction. */
function promotion(ctx: RequestCtx, e: EventRecord, w: Registration) {
  const payment = ticketPayment(ctx, e, w);
  const after: Registration = { ...w, status: 'registered', waitSeq: undefined, promotedAt: ctx.now.toISOString(), ...(payment ? { paymentId: payment.id } : {}), version: w.version + 1 };
  const writes: Items = [
    ...(payment ? [paymentsRepo(ctx.deps.db, tenantOf(ctx).id).createOp(payment)] : []),
    emailItem(ctx, { to: w.email, ...eventEmails.promoted(tenantOf(ctx).locale, tenantOf(ctx).name, e.title, localStartOf(ctx, e)) }),
  ];
  return { before: w, after, writes };
}

/**
 * Fills places that are free while people wait (a capacity increase, or a waitlist entry written
 * while a cancellation found nobody waiting): promotes the first waitlisted person, one transaction
 * each, until the event is full or nobody waits.
 */
export async function fillFreePlaces(ctx: RequestCtx, eventId: string): Promise<number> {
  let promoted = 0;
  for (let i = 0; i < 1000; i++) {
    const e = await repo(ctx).get(eventId);
    if (!e || e.status !== 'active' || e.registered >= e.capacity) break;
    const w = await repo(ctx).firstWaitlisted(eventId);
    if (!w) break;
    const p = promotion(ctx, e, w);
    if (await repo(ctx).promote(p.before, p.after, p.writes)) promoted++;
  }
  return promoted;
}

export interface Person { memberId?: string | undefined; name: string; email: string }

/**
 * Registers a person: a place while `registered < capacity` (by construction, in the transaction),
 * otherwise a waitlist ticket in arrival order. Members pay a paid ticket at the desk or online;
 * visitors (no account) register for free events only and get a token to cancel.
 */
export async function register(ctx: RequestCtx, e: EventRecord, who: Person) {
  const tenant = tenantOf(ctx);
  if (e.status !== 'active') throw ruleViolation('event_cancelled', 'This event is cancelled');
  if (Date.parse(e.end) <= ctx.now.getTime()) throw ruleViolation('event_over', 'This event is over');
  const quote = await priceTicket(ctx, e, who.memberId);
  if (!who.memberId && quote && quote.totalCents > 0) throw ruleViolation('account_required', 'A paid ticket needs a member account: sign in or create one first');
  const visitorToken = who.memberId ? null : newLinkToken();
  const base: Registration = {
    id: newId(ctx.now.getTime()), eventId: e.id, person: who.memberId ? `M#${who.memberId}` : `V#${who.email}`,
    ...(who.memberId ? { memberId: who.memberId } : {}), name: who.name, email: who.email, status: 'registered',
    priceCents: quote?.totalCents ?? 0, ...(quote ? { quote } : {}), ...(visitorToken ? { cancelTokenHash: visitorToken.hash } : {}),
    createdAt: ctx.now.toISOString(), createdBy: ctx.session?.sub ?? 'visitor', version: 1,
  };
  const localStart = localStartOf(ctx, e);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const payment = ticketPayment(ctx, e, base);
      const r: Registration = { ...base, ...(payment ? { paymentId: payment.id } : {}) };
      await repo(ctx).register(r, [
        ...(payment ? [paymentsRepo(ctx.deps.db, tenant.id).createOp(payment)] : []),
        emailItem(ctx, { to: r.email, ...eventEmails.registered(tenant.locale, tenant.name, e.title, localStart) }),
      ]);
      return result(ctx, r, payment, visitorToken?.token);
    } catch (err) {
      if (!(err instanceof EventFull)) throw err;
    }
    const ticket = await repo(ctx).takeWaitTicket(e.id);
    if (ticket === null) continue; // a place freed meanwhile (or the event was cancelled): try again
    const w: Registration = { ...base, status: 'waitlisted', waitSeq: ticket };
    await repo(ctx).waitlist(w, [emailItem(ctx, { to: w.email, ...eventEmails.waitlisted(tenant.locale, tenant.name, e.title, localStart) })]);
    // A place may have freed while this ticket was being written: nobody waits for a free place.
    await fillFreePlaces(ctx, e.id);
    const now = (await repo(ctx).getRegistration(e.id, w.id)) ?? w;
    const position = await positionOf(ctx, now);
    return result(ctx, now, now.paymentId ? await paymentsRepo(ctx.deps.db, tenant.id).get(now.memberId!, now.paymentId) : null, visitorToken?.token, position);
  }
  throw conflict('The event is changing a lot right now; try again', { rule: 'busy' });
}

async function result(ctx: RequestCtx, r: Registration, payment: Payment | null, cancelToken?: string, position?: number) {
  const stripe = payment ? await stripeRepo(ctx.deps.db).settings(tenantOf(ctx).id) : null;
  const online = !!stripe?.chargesEnabled;
  return {
    registration: presentRegistration(r, position),
    ...(payment ? {
      payment: {
        paymentId: payment.id, totalCents: payment.totalCents, currency: payment.currency, how: online ? 'stripe' as const : 'on_site' as const,
        ...(online ? { checkoutPath: '/api/v1/stripe/checkout' } : {}),
      },
    } : {}),
    ...(cancelToken ? { cancelToken } : {}),
  };
}

/**
 * Cancels a registration. Members and visitors before the event's deadline (a waitlist entry at any
 * time); staff at any time. A registered person's place goes, in the same transaction, to the first
 * person waiting (emailed); a race with another change re-reads and tries again.
 */
export async function cancel(ctx: RequestCtx, e: EventRecord, reg: Registration): Promise<Registration> {
  let current = reg;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (current.status === 'cancelled') throw conflict('This registration is already cancelled', { rule: 'already_cancelled' });
    const deadline = Date.parse(e.start) - e.cancelBeforeHours * 3_600_000;
    if (current.status === 'registered' && !isStaff(ctx) && ctx.now.getTime() > deadline) {
      throw ruleViolation('cancel_deadline', `Registrations can be cancelled until ${e.cancelBeforeHours} h before the start`);
    }
    const after: Registration = {
      ...current, status: 'cancelled', waitSeq: undefined, cancelledAt: ctx.now.toISOString(), cancelledBy: ctx.session?.sub ?? 'visitor', version: current.version + 1,
    };
    const next = current.status === 'registered' && e.status === 'active' ? await repo(ctx).firstWaitlisted(e.id) : null;
    // The ticket's payment is released with the place; one paid online gets its refund request here.
    const payment = current.paymentId && current.memberId ? await paymentsRepo(ctx.deps.db, tenantOf(ctx).id).get(current.memberId, current.paymentId) : null;
    const releasePayment: Items = paymentReleaseItems(ctx.deps.db, tenantOf(ctx).id, payment, ctx.now, { kind: 'ticket', id: current.id });
    try {
      await repo(ctx).cancel(current, after, next ? promotion(ctx, e, next) : null, releasePayment);
      return after;
    } catch (err) {
      if (!(err instanceof PromotionRaced) && !(err instanceof AppError && err.details?.rule === 'stale_version')) throw err;
      const fresh = await repo(ctx).getRegistration(e.id, current.id);
      if (!fresh) throw err;
      current = fresh;
    }
  }
  throw conflict('The event is changing a lot right now; try again', { rule: 'busy' });
}
