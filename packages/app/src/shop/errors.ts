import { conflict, type Product } from '@lieu/core';

export const soldOut = (p: Pick<Product, 'id' | 'title'>) => conflict(`Sold out: ${p.title}`, { rule: 'sold_out', productId: p.id }, { title: p.title });
export const orderChanged = () => conflict('The order changed meanwhile; reload it', { rule: 'order_changed' });

/** The name of a stock write in an order's WriteSet: a failed one says which product is sold out. */
export const stockWrite = (productId: string) => `stock:${productId}`;

/** The first product whose stock write failed, as a "sold out"; any other failed write: the shop changed. */
export function stockFailure(failed: Set<string>, products: readonly Product[]): Error {
  const gone = products.find((p) => failed.has(stockWrite(p.id)));
  return gone ? soldOut(gone) : conflict('The shop changed meanwhile; try again', { rule: 'order_changed' });
}
