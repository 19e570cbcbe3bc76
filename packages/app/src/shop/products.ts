import { conflict, newId, notFound, type Product } from '@lieu/core';
import { auditPut, diff } from '@lieu/db';
import type { SignedScope, TenantScope } from '../scope';
import { consignorOrFail } from './consignors';

export type ProductInput = Pick<Product, 'title' | 'description' | 'priceCents' | 'vatRateBp' | 'category' | 'consignorId' | 'published'>;

export async function productOrFail(scope: TenantScope, id: string): Promise<Product> {
  const p = await scope.repos.shop.product(id);
  if (!p) throw notFound('Product');
  return p;
}

export async function manageProducts(scope: SignedScope, consignorId?: string) {
  const shop = await scope.repos.shop.load();
  return { items: shop.products.filter((p) => !consignorId || p.consignorId === consignorId) };
}

/** A consignor's new product: no stock until a deposit. */
export async function createProduct(scope: SignedScope, body: ProductInput): Promise<Product> {
  await consignorOrFail(scope, body.consignorId);
  const p: Product = { id: newId(scope.now.getTime()), ...body, stock: 0, photos: [], createdAt: scope.now.toISOString(), version: 1 };
  await scope.repos.shop.createProduct(p);
  return p;
}

/** Edits a product at the version read; a price or VAT change is audited in the same transaction. */
export async function updateProduct(scope: SignedScope, id: string, body: ProductInput & { version: number }): Promise<Product> {
  const before = await productOrFail(scope, id);
  if (before.version !== body.version) throw conflict('The product changed meanwhile; reload and retry', { rule: 'stale_version' });
  await consignorOrFail(scope, body.consignorId);
  const { version: _v, ...fields } = body;
  const changes = diff({ ...before }, fields, ['priceCents', 'vatRateBp']);
  const audit = changes && Object.keys(changes).length ? [auditPut(scope.db, scope.tenantId, {
    actorId: scope.actor.id, action: 'product.price_changed', targetType: 'product', targetId: before.id,
    summary: `${fields.title}: ${before.priceCents} → ${fields.priceCents} cents, VAT ${before.vatRateBp} → ${fields.vatRateBp} bp`, changes,
  }, scope.now)] : [];
  return scope.repos.shop.updateProduct(before, { ...fields, photos: before.photos }, audit);
}
