import { agreementActive, notFound, type Product } from '@lieu/core';
import type { TenantScope } from '../scope';

/** A product as buyers see it: on sale, with the maker's name and what is left. */
const publicProduct = (p: Product, maker: string) => ({
  id: p.id, title: p.title, description: p.description, priceCents: p.priceCents, vatRateBp: p.vatRateBp, category: p.category,
  available: Math.max(0, p.stock), maker, photos: p.photos,
});

/** The online shop: published products whose agreement runs today, searched and filtered, in the space's language order. */
export async function catalogue(scope: TenantScope, query: { q?: string | undefined; category?: string | undefined }) {
  const shop = await scope.repos.shop.load();
  const locale = scope.tenant.locale;
  const names = new Map(shop.consignors.filter((c) => agreementActive(c, scope.today)).map((c) => [c.memberId, c.name]));
  const published = shop.products.filter((p) => p.published && names.has(p.consignorId));
  const needle = query.q?.toLocaleLowerCase(locale);
  const items = published
    .filter((p) => !query.category || p.category === query.category)
    .filter((p) => !needle || `${p.title} ${p.description} ${names.get(p.consignorId) ?? ''}`.toLocaleLowerCase(locale).includes(needle))
    .sort((a, b) => a.title.localeCompare(b.title, locale))
    .map((p) => publicProduct(p, names.get(p.consignorId)!));
  return { items, categories: [...new Set(published.map((p) => p.category))].sort(), currency: scope.tenant.currency };
}

export async function publishedProduct(scope: TenantScope, id: string) {
  const shop = await scope.repos.shop.load();
  const p = shop.products.find((x) => x.id === id && x.published);
  const consignor = p && shop.consignors.find((c) => c.memberId === p.consignorId);
  if (!p || !consignor || !agreementActive(consignor, scope.today)) throw notFound('Product');
  return publicProduct(p, consignor.name);
}
