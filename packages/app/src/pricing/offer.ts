import { rateOf } from '@lieu/core';
import { catalogueOf } from '@lieu/payments';
import type { CacheSetting } from '../bookings/rules';
import type { TenantScope } from '../scope';

/**
 * What a prospect may book and at what price, for the public offer page and the embeddable widget:
 * the active resources with the rate that prices them (the same choice the pricing function makes:
 * the catalogue's rate, else the resource's own hourly rate), per member category. No rules, no
 * availability: a visitor signs up to book.
 */
export async function bookableOffer(scope: TenantScope, cache: CacheSetting) {
  const [catalogue, resources] = await Promise.all([
    catalogueOf(scope.db, scope.tenantId, scope.now.getTime(), cache.cacheMs),
    scope.repos.bookings.listResources(),
  ]);
  const items = resources.filter((r) => r.active).map((r) => {
    const { rate, source } = rateOf(catalogue.rates, r);
    return {
      id: r.id, name: r.name, kind: r.kind, capacity: r.capacity,
      ...(r.description ? { description: r.description } : {}),
      trainingRequired: r.requiredTrainingIds.length > 0,
      prices: rate.prices, priceSource: source,
    };
  });
  return { currency: scope.tenant.currency, items };
}
