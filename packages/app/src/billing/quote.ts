import { ANONYMOUS, forbidden, notFound, priceQuote, PricingError, ruleViolation, type MemberTerms, type PriceItem, type Tenant } from '@lieu/core';
import { memberTerms, type Catalogue } from '@lieu/db';
import type { TenantScope } from '../scope';
import { findEntry } from './catalogue';
import { billedMember } from './members';

/** A quote item as the API takes it: a booking's duration, or a catalogue entry. */
export type QuoteItemInput =
  | { kind: 'booking'; resourceKind: string; resourceId?: string | undefined; label?: string | undefined; date?: string | undefined; minutes: number }
  | { kind: 'pass' | 'plan' | 'dues'; id: string };

export interface QuoteInput {
  items: readonly QuoteItemInput[];
  category?: string | undefined;
  planId?: string | undefined;
  memberId?: string | undefined;
}

/** Turns quote items into the engine's, reading the catalogue for passes, plans and dues. */
export function toPriceItems(items: readonly QuoteItemInput[], catalogue: Catalogue, day: string): PriceItem[] {
  return items.map((i): PriceItem => {
    if (i.kind === 'booking') {
      return { kind: 'booking', label: i.label ?? i.resourceKind, resourceId: i.resourceId ?? `kind:${i.resourceKind}`, resourceKind: i.resourceKind as never, date: i.date ?? day, minutes: i.minutes };
    }
    const entry = findEntry(catalogue, i.kind, i.id);
    return { kind: 'purchase', label: entry.name, revenueCategory: i.kind === 'pass' ? 'passes' : i.kind === 'plan' ? 'plans' : 'dues', unitCents: entry.priceCents, quantity: 1 };
  });
}

/** Prices items for a member's terms; a pricing rule that refuses becomes a typed rule violation. */
export function runQuote(tenant: Tenant, catalogue: Catalogue, member: MemberTerms, items: PriceItem[], day: string) {
  try {
    return priceQuote({ currency: tenant.currency, vat: tenant.vat, rates: catalogue.rates, member, items, today: day });
  } catch (e) {
    if (e instanceof PricingError) throw ruleViolation(e.rule, e.message);
    throw e;
  }
}

/**
 * What would this cost: for the caller, for a category (and plan, as a new subscriber), or — staff
 * only — for a named member.
 */
export async function quote(scope: TenantScope, catalogue: Catalogue, input: QuoteInput) {
  const day = scope.today;
  let member: MemberTerms = ANONYMOUS;
  if (input.memberId) {
    if (!scope.actor?.isStaff) throw forbidden('Only staff quote for another member');
    await billedMember(scope, input.memberId);
    member = memberTerms(await scope.repos.memberBilling.load(input.memberId));
  } else if (input.category || input.planId) {
    member = { ...ANONYMOUS, category: (input.category ?? 'standard') as MemberTerms['category'] };
  } else if (scope.actor) {
    member = memberTerms(await scope.repos.memberBilling.load(scope.actor.id));
  }
  if (input.planId && !input.memberId) {
    // "What would a member of this plan pay": a fresh subscription from today, its quotas untouched.
    const plan = catalogue.plans.find((p) => p.id === input.planId);
    if (!plan) throw notFound('Plan');
    member = { ...member, subscription: { planId: plan.id, plan, status: 'active', validFrom: day } };
  }
  return runQuote(scope.tenant, catalogue, member, toPriceItems(input.items, catalogue, day), day);
}
