import {
  agreementActive, ANONYMOUS, commissionOf, mergeCart, notFound, priceQuote, PricingError, ruleViolation,
  type Cart, type Order, type OrderLine, type Payment, type PriceQuote, type Product, type Tenant,
} from '@lieu/core';
import type { Shop } from '@lieu/db';

export interface PricedCart { lines: OrderLine[]; products: Product[]; quote: PriceQuote }

/**
 * Prices a cart through the one pricing function (shop lines, each with its VAT rate) and snapshots
 * each line's consignor and commission rate. A product of another space, or unpublished for the
 * online shop, is simply not found here.
 */
export function priceCart(tenant: Tenant, shop: Shop, cart: Cart, opts: { online: boolean; day: string }): PricedCart {
  const lines = mergeCart(cart).map((l) => {
    const product = shop.products.find((p) => p.id === l.productId);
    if (!product || (opts.online && !product.published)) throw notFound('Product');
    const consignor = shop.consignors.find((c) => c.memberId === product.consignorId);
    if (!consignor) throw notFound('Consignor');
    if (opts.online && !agreementActive(consignor, opts.day)) {
      throw ruleViolation('consignment_not_active', `${product.title} is not on sale: its consignment agreement is not running`, { title: product.title });
    }
    return { product, consignor, quantity: l.quantity };
  });
  let quote: PriceQuote;
  try {
    quote = priceQuote({
      currency: tenant.currency, vat: tenant.vat, rates: [], member: ANONYMOUS, today: opts.day,
      items: lines.map((l) => ({ kind: 'product' as const, label: l.product.title, unitCents: l.product.priceCents, quantity: l.quantity, vatRateBp: l.product.vatRateBp })),
    });
  } catch (e) {
    if (e instanceof PricingError) throw ruleViolation(e.rule, e.message);
    throw e;
  }
  const orderLines: OrderLine[] = lines.map((l, i) => {
    const q = quote.lines[i]!;
    return {
      productId: l.product.id, title: l.product.title, consignorId: l.consignor.memberId, quantity: l.quantity, unitCents: l.product.priceCents,
      amountCents: q.amountCents, vatRateBp: q.vatRateBp, netCents: q.netCents, vatCents: q.vatCents,
      commissionBp: commissionOf(shop.settings.defaultCommissionBp, l.consignor), refunded: 0,
    };
  });
  return { lines: orderLines, products: lines.map((l) => l.product), quote };
}

/** The first product of the cart with fewer units on the shelf (as read) than asked. */
export const shortOf = (priced: PricedCart): Product | undefined => priced.products.find((p, i) => p.stock < priced.lines[i]!.quantity);

/** The payment of an order, with the quote's lines. */
/** The payment of an order, labelled in the space's language (it is printed on receipts and exports). */
export function paymentOf(tenant: Pick<Tenant, 'locale'>, order: Order, quote: PriceQuote, status: 'pending' | 'paid', by: string): Payment {
  const label = tenant.locale === 'en' ? `Shop — order ${order.id.slice(-6).toUpperCase()}` : `Boutique — commande ${order.id.slice(-6).toUpperCase()}`;
  return {
    id: order.paymentId, memberId: order.buyerId, memberName: order.buyerName,
    item: { kind: 'order', refId: order.id, label }, revenueCategory: 'shop',
    lines: quote.lines.map((l) => ({ label: l.label, revenueCategory: l.revenueCategory, quantity: l.quantity, amountCents: l.amountCents, vatRateBp: l.vatRateBp, netCents: l.netCents, vatCents: l.vatCents })),
    currency: quote.currency, totalCents: quote.totalCents, netCents: quote.netCents, vatCents: quote.vatCents, ...(quote.vatMention ? { vatMention: quote.vatMention } : {}),
    status, channel: order.channel, createdAt: order.createdAt, createdBy: by, effect: { kind: 'none' }, version: 1,
  };
}
