import {
  ANONYMOUS, forbidden, notFound, priceQuote, PricingError, ratesFor, ruleViolation,
  type Dues, type MemberCategory, type MemberTerms, type Pass, type Plan, type PricedResource, type PriceItem, type PriceQuote,
} from '@lieu/core';
import { memberTerms, type Catalogue } from '@lieu/db';
import { catalogueOf } from '@lieu/payments';
import { rulesFor, type CacheSetting } from '../bookings/rules';
import type { TenantScope } from '../scope';

export type QuoteItemInput =
  | { kind: 'booking'; resourceKind: string; resourceId?: string | undefined; label?: string | undefined; date?: string | undefined; minutes: number }
  | { kind: 'pass' | 'plan' | 'dues'; id: string };

export interface QuoteRequest {
  items: readonly QuoteItemInput[];
  category?: MemberCategory | undefined;
  planId?: string | undefined;
  memberId?: string | undefined;
}

function findEntry(catalogue: Catalogue, kind: 'pass' | 'plan' | 'dues', id: string): Pass | Plan | Dues {
  const list: (Pass | Plan | Dues)[] = kind === 'pass' ? catalogue.passes : kind === 'plan' ? catalogue.plans : catalogue.dues;
  const entry = list.find((e) => e.id === id);
  if (!entry) throw notFound(kind === 'pass' ? 'Pass' : kind === 'plan' ? 'Plan' : 'Dues');
  return entry;
}

/** Who the quote is for: a member (staff), a category and plan ("a student on this plan"), the caller, or anyone. */
async function termsFor(scope: TenantScope, req: QuoteRequest, catalogue: Catalogue): Promise<MemberTerms> {
  let member: MemberTerms = ANONYMOUS;
  if (req.memberId) {
    if (!scope.actor?.isStaff) throw forbidden('Only staff quote for another member');
    await scope.memberOrFail(req.memberId);
    member = memberTerms(await scope.repos.memberBilling.load(req.memberId));
  } else if (req.category || req.planId) {
    member = { ...ANONYMOUS, category: req.category ?? 'standard' };
  } else if (scope.actor) {
    member = memberTerms(await scope.repos.memberBilling.load(scope.actor.id));
  }
  if (req.planId && !req.memberId) {
    // "What would a member of this plan pay": a fresh subscription from today, its quotas untouched.
    const plan = catalogue.plans.find((p) => p.id === req.planId);
    if (!plan) throw notFound('Plan');
    member = { ...member, subscription: { planId: plan.id, plan, status: 'active', validFrom: scope.today } };
  }
  return member;
}

/**
 * What would this cost: the same pricing function a booking is charged by (core's rules over the
 * catalogue, with a resource's own hourly rate where the catalogue has none), for the caller, a
 * category and plan, or a member (staff). Bookings of a named resource read its rules (cached).
 */
export async function quote(scope: TenantScope, req: QuoteRequest, cache: CacheSetting): Promise<PriceQuote> {
  const catalogue = await catalogueOf(scope.db, scope.tenantId, scope.now.getTime(), cache.cacheMs);
  const member = await termsFor(scope, req, catalogue);
  const resources = new Map<string, PricedResource>();
  for (const i of req.items) {
    if (i.kind !== 'booking' || !i.resourceId || resources.has(i.resourceId)) continue;
    const { resource } = await rulesFor(scope, i.resourceId, cache);
    if (resource && (resource.active || scope.actor?.isStaff)) resources.set(resource.id, resource);
  }
  const items = req.items.map((i): PriceItem => {
    if (i.kind === 'booking') {
      const r = i.resourceId ? resources.get(i.resourceId) : undefined;
      return { kind: 'booking', label: i.label ?? r?.name ?? i.resourceKind, resourceId: r?.id ?? i.resourceId ?? `kind:${i.resourceKind}`, resourceKind: r?.kind ?? i.resourceKind, date: i.date ?? scope.today, minutes: i.minutes };
    }
    const entry = findEntry(catalogue, i.kind, i.id);
    return { kind: 'purchase', label: entry.name, revenueCategory: i.kind === 'pass' ? 'passes' : i.kind === 'plan' ? 'plans' : 'dues', unitCents: entry.priceCents, quantity: 1 };
  });
  try {
    return priceQuote({
      currency: scope.tenant.currency, vat: scope.tenant.vat, rates: ratesFor(catalogue.rates, [...resources.values()]),
      member, items, today: scope.today,
    });
  } catch (e) {
    if (e instanceof PricingError) throw ruleViolation(e.rule, e.message);
    throw e;
  }
}
