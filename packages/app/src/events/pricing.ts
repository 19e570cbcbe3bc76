import { ANONYMOUS, localDate, priceQuote, PricingError, ruleViolation, type Payment } from '@lieu/core';
import { localIso } from '@lieu/core/booking';
import { isFree, type EventRecord, type Registration, type TicketQuote } from '@lieu/core/events';
import { memberTerms } from '@lieu/db';
import type { TenantScope } from '../scope';

/**
 * The ticket's price for this person through the one pricing function: a member's billing category
 * picks the event's member rate; a visitor pays the standard price. Null for a free event.
 */
export async function priceTicket(scope: TenantScope, e: EventRecord, memberId: string | undefined): Promise<TicketQuote | null> {
  if (isFree(e)) return null;
  const { tenant } = scope;
  const terms = memberId ? memberTerms(await scope.repos.memberBilling.load(memberId)) : ANONYMOUS;
  try {
    const q = priceQuote({
      currency: tenant.currency, vat: tenant.vat, rates: [], member: terms, today: localDate(scope.now, scope.zone),
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
export function ticketPayment(scope: TenantScope, e: EventRecord, r: Registration): Payment | null {
  const q = r.quote;
  if (!q || q.totalCents <= 0 || !r.memberId) return null;
  const label = `${e.title} — ${localIso(Date.parse(e.start), scope.zone).slice(0, 16).replace('T', ' ')}`;
  return {
    id: r.id, memberId: r.memberId, memberName: r.name, item: { kind: 'ticket', refId: r.id, eventId: e.id, label }, revenueCategory: 'events',
    lines: [{ label, revenueCategory: 'events', quantity: 1, amountCents: q.totalCents, vatRateBp: q.vatRateBp, netCents: q.netCents, vatCents: q.vatCents }],
    currency: q.currency, totalCents: q.totalCents, netCents: q.netCents, vatCents: q.vatCents, ...(q.vatMention ? { vatMention: q.vatMention } : {}),
    status: 'pending', channel: 'desk', createdAt: scope.now.toISOString(), createdBy: scope.actor?.id ?? r.createdBy, effect: { kind: 'none' }, version: 1,
  };
}
