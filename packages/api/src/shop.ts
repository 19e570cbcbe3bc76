import * as z from 'zod/mini';
import {
  commissionBpSchema, deskMethodSchema, isoDateSchema, ORDER_STATUSES, payoutDetailsSchema, productPhotoSchema, receiptSchema, shopCategorySchema,
} from '@lieu/core';
import { idSchema, pageOf, pageQuery } from './common';
import { defineSpec } from './spec';

/**
 * The CoBoutique: consignors and their agreements, deposits and returns, products, the
 * public catalogue, orders (online or reserved at the desk) and till sales, statements and payouts,
 * and the maker's own view. Online payment reuses the Stripe Checkout route of the billing area
 * (`POST /api/v1/stripe/checkout` with the order's `paymentId`).
 */
const tags = ['shop'];
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const monthSchema = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM'));
/** Prices VAT included, in cents: 0 to 100,000 €. */
const priceCentsSchema = z.int().check(z.minimum(0), z.maximum(10_000_000));
const vatRateBpSchema = z.int().check(z.minimum(0), z.maximum(3000));
const quantitySchema = z.int().check(z.minimum(1), z.maximum(1000));
const memberParams = z.object({ memberId: idSchema });
const productParams = z.object({ productId: idSchema });
const orderParams = z.object({ orderId: idSchema });
const statementParams = z.object({ memberId: idSchema, month: monthSchema });

// ---- schemas -----------------------------------------------------------------------------------------
export const shopSettingsSchema = z.object({ defaultCommissionBp: commissionBpSchema, holdHours: z.int().check(z.minimum(1), z.maximum(24 * 14)) });

export const consignorSchema = z.object({
  memberId: z.string(), name: z.string(), commissionBp: z.optional(z.int()), effectiveCommissionBp: z.int(),
  startDate: z.string(), endDate: z.optional(z.string()), payout: payoutDetailsSchema, createdAt: z.string(), version: z.int(),
});
const agreementBody = z.object({
  commissionBp: z.optional(commissionBpSchema), startDate: isoDateSchema, endDate: z.optional(isoDateSchema), payout: payoutDetailsSchema,
});

export const productSchema = z.object({
  id: z.string(), title: z.string(), description: z.string(), priceCents: z.int(), vatRateBp: z.int(), category: z.string(),
  stock: z.int(), consignorId: z.string(), published: z.boolean(), photos: z.array(productPhotoSchema), createdAt: z.string(), version: z.int(),
});
/** What the public catalogue shows of a product (no stock figure beyond "available", no consignor id). */
export const catalogueProductSchema = z.object({
  id: z.string(), title: z.string(), description: z.string(), priceCents: z.int(), vatRateBp: z.int(), category: z.string(),
  available: z.int(), maker: z.string(), photos: z.array(productPhotoSchema),
});
const productBody = z.object({
  title: text(120), description: z._default(z.string().check(z.trim(), z.maxLength(4000)), ''), priceCents: priceCentsSchema, vatRateBp: vatRateBpSchema,
  category: shopCategorySchema, consignorId: idSchema, published: z._default(z.boolean(), false),
});

const orderLineSchema = z.object({
  productId: z.string(), title: z.string(), consignorId: z.string(), quantity: z.int(), unitCents: z.int(), amountCents: z.int(),
  vatRateBp: z.int(), netCents: z.int(), vatCents: z.int(), commissionBp: z.int(), refunded: z.int(),
});
export const orderSchema = z.object({
  id: z.string(), buyerId: z.string(), buyerName: z.string(), source: z.enum(['online', 'till']), status: z.enum(ORDER_STATUSES),
  lines: z.array(orderLineSchema), currency: z.string(), totalCents: z.int(), paymentId: z.string(), channel: z.enum(['desk', 'stripe']),
  holdUntil: z.optional(z.string()), createdAt: z.string(), paidAt: z.optional(z.string()), readyAt: z.optional(z.string()),
  collectedAt: z.optional(z.string()), cancelledAt: z.optional(z.string()),
  refunds: z.array(z.object({
    at: z.string(), lines: z.array(z.object({ productId: z.string(), quantity: z.int(), amountCents: z.int() })), amountCents: z.int(),
    restocked: z.boolean(), by: z.string(), reason: z.optional(z.string()),
  })),
  refundedCents: z.int(), version: z.int(),
});
const cartLines = z.array(z.object({ productId: idSchema, quantity: quantitySchema })).check(z.minLength(1), z.maxLength(20));

const totalsSchema = z.object({ units: z.int(), salesCents: z.int(), commissionCents: z.int(), commissionVatCents: z.int(), netDueCents: z.int() });
export const payoutSchema = z.object({ month: z.string(), method: z.enum(['transfer', 'cheque', 'cash']), paidOn: z.string(), reference: z.optional(z.string()), netDueCents: z.int(), by: z.string(), at: z.string() });
export const statementSchema = z.object({
  consignorId: z.string(), consignorName: z.string(), month: z.string(), currency: z.string(), spaceVatRateBp: z.int(),
  lines: z.array(z.object({
    day: z.string(), kind: z.enum(['sale', 'refund']), orderId: z.string(), productId: z.string(), title: z.string(),
    units: z.int(), salesCents: z.int(), commissionCents: z.int(), commissionVatCents: z.int(), netDueCents: z.int(),
  })),
  totals: totalsSchema, paid: z.nullable(payoutSchema),
});

// ---- settings and consignors ----------------------------------------------------------------------
export const getSettings = defineSpec({
  operationId: 'shopSettings', module: 'shop', method: 'get', path: '/api/v1/shop/settings', tags,
  summary: "The shop's default commission and how long an unpaid order holds stock (staff)", host: 'tenant', access: 'operator',
  response: shopSettingsSchema, errors: [401, 403],
});
export const putSettings = defineSpec({
  operationId: 'updateShopSettings', module: 'shop', method: 'put', path: '/api/v1/shop/settings', tags,
  summary: "Set the shop's default commission and hold time (owners)", host: 'tenant', access: 'owner',
  body: shopSettingsSchema, response: shopSettingsSchema, errors: [401, 403, 409],
});

export const listConsignors = defineSpec({
  operationId: 'listConsignors', module: 'shop', method: 'get', path: '/api/v1/shop/consignors', tags,
  summary: 'Consignors and their agreements (staff)', host: 'tenant', access: 'operator',
  response: z.object({ items: z.array(consignorSchema) }), errors: [401, 403],
});
export const createConsignor = defineSpec({
  operationId: 'createConsignor', module: 'shop', method: 'post', path: '/api/v1/shop/consignors', tags,
  summary: 'Make a member a consignor: commission (default or own rate), dates, payout details (staff)', host: 'tenant', access: 'operator',
  body: z.extend(agreementBody, { memberId: idSchema }), response: consignorSchema, status: 201, errors: [401, 403, 404, 409, 422],
});
export const updateConsignor = defineSpec({
  operationId: 'updateConsignor', module: 'shop', method: 'put', path: '/api/v1/shop/consignors/:memberId', tags,
  summary: "Change a consignor's agreement (staff)", host: 'tenant', access: 'operator',
  params: memberParams, body: agreementBody, response: consignorSchema, errors: [401, 403, 404, 409, 422],
});

const stockMovementSchema = z.object({ id: z.string(), kind: z.enum(['deposit', 'return']), productId: z.string(), title: z.string(), quantity: z.int(), at: z.string(), by: z.string(), note: z.optional(z.string()) });
const stockBody = z.object({ productId: idSchema, quantity: z.int().check(z.minimum(1), z.maximum(10_000)), note: z.optional(z.string().check(z.trim(), z.maxLength(200))) });
export const recordDeposit = defineSpec({
  operationId: 'recordDeposit', module: 'shop', idempotent: true, method: 'post', path: '/api/v1/shop/consignors/:memberId/deposits', tags,
  summary: "Record stock a consignor brought in: the product's stock goes up (staff)", host: 'tenant', access: 'operator',
  params: memberParams, body: stockBody, response: z.object({ movement: stockMovementSchema, stock: z.int() }), status: 201, errors: [401, 403, 404, 422],
});
export const recordReturn = defineSpec({
  operationId: 'recordReturn', module: 'shop', idempotent: true, method: 'post', path: '/api/v1/shop/consignors/:memberId/returns', tags,
  summary: 'Record unsold stock given back to its consignor: never more than is on the shelf (staff)', host: 'tenant', access: 'operator',
  params: memberParams, body: stockBody, response: z.object({ movement: stockMovementSchema, stock: z.int() }), status: 201, errors: [401, 403, 404, 409, 422],
});
export const listStockMovements = defineSpec({
  operationId: 'listStockMovements', module: 'shop', method: 'get', path: '/api/v1/shop/consignors/:memberId/stock', tags,
  summary: "A consignor's deposits and returns, newest first (staff)", host: 'tenant', access: 'operator',
  params: memberParams, response: z.object({ items: z.array(stockMovementSchema) }), errors: [401, 403, 404],
});

// ---- products ---------------------------------------------------------------------------------------
export const catalogue = defineSpec({
  operationId: 'shopCatalogue', module: 'shop', method: 'get', path: '/api/v1/shop/products', tags,
  summary: 'The public catalogue: published products, searchable, by category (anyone)', host: 'tenant', access: 'public', embeddable: true,
  query: z.object({ q: z.optional(z.string().check(z.trim(), z.maxLength(80))), category: z.optional(shopCategorySchema) }),
  response: z.object({ items: z.array(catalogueProductSchema), categories: z.array(z.string()), currency: z.string() }),
});
export const getProduct = defineSpec({
  operationId: 'shopProduct', module: 'shop', method: 'get', path: '/api/v1/shop/products/:productId', tags,
  summary: 'One published product (anyone)', host: 'tenant', access: 'public',
  params: productParams, response: catalogueProductSchema, errors: [404],
});
export const manageProducts = defineSpec({
  operationId: 'manageProducts', module: ['shop', 'till'], method: 'get', path: '/api/v1/shop/manage/products', tags,
  summary: 'Every product, published or not, with its stock (staff)', host: 'tenant', access: 'operator',
  query: z.object({ consignorId: z.optional(idSchema) }), response: z.object({ items: z.array(productSchema) }), errors: [401, 403],
});
export const createProduct = defineSpec({
  operationId: 'createProduct', module: 'shop', method: 'post', path: '/api/v1/shop/manage/products', tags,
  summary: "Add a consignor's product; its stock comes from deposits (staff)", host: 'tenant', access: 'operator',
  body: productBody, response: productSchema, status: 201, errors: [401, 403, 404, 422],
});
export const updateProduct = defineSpec({
  operationId: 'updateProduct', module: 'shop', method: 'put', path: '/api/v1/shop/manage/products/:productId', tags,
  summary: 'Change a product (not its stock: deposits, returns and orders move it) (staff)', host: 'tenant', access: 'operator',
  params: productParams, body: z.extend(productBody, { version: z.int().check(z.minimum(1)) }), response: productSchema, errors: [401, 403, 404, 409, 422],
});

// ---- orders -------------------------------------------------------------------------------------------
export const placeOrder = defineSpec({
  operationId: 'placeOrder', module: 'shop', idempotent: true, method: 'post', path: '/api/v1/shop/orders', tags,
  summary: 'Order the cart: stock is held at once; pay online (`POST /api/v1/stripe/checkout` with `paymentId`) when the space takes Stripe, else at the desk on collection. 409 "sold_out" when a line is not in stock.',
  host: 'tenant', access: 'member',
  body: z.object({ lines: cartLines, pay: z._default(z.enum(['online', 'desk']), 'desk') }),
  response: z.object({ order: orderSchema, paymentId: z.string(), payOnline: z.boolean() }), status: 201, errors: [401, 403, 404, 409, 422],
});
export const myOrders = defineSpec({
  operationId: 'myShopOrders', module: 'shop', method: 'get', path: '/api/v1/shop/orders/mine', tags,
  summary: 'My orders, newest first', host: 'tenant', access: 'member', query: pageQuery, response: pageOf(orderSchema), errors: [401],
});
export const listOrders = defineSpec({
  operationId: 'listShopOrders', module: 'shop', method: 'get', path: '/api/v1/shop/orders', tags,
  summary: "The shop's orders, newest first (staff)", host: 'tenant', access: 'operator', query: pageQuery, response: pageOf(orderSchema), errors: [401, 403],
});
export const getOrder = defineSpec({
  operationId: 'getShopOrder', module: 'shop', method: 'get', path: '/api/v1/shop/orders/:orderId', tags,
  summary: 'One order (its buyer or staff)', host: 'tenant', access: 'member', params: orderParams, response: orderSchema, errors: [401, 403, 404],
});
export const cancelOrder = defineSpec({
  operationId: 'cancelShopOrder', module: 'shop', idempotent: true, method: 'post', path: '/api/v1/shop/orders/:orderId/cancel', tags,
  summary: 'Cancel an unpaid order (its buyer or staff): the stock goes back on the shelf', host: 'tenant', access: 'member',
  params: orderParams, response: orderSchema, errors: [401, 403, 404, 409],
});
export const payOrder = defineSpec({
  operationId: 'payShopOrder', module: 'shop', idempotent: true, method: 'post', path: '/api/v1/shop/orders/:orderId/pay', tags,
  summary: 'Record an order paid at the desk: numbered receipt, the sale counts on the statements (staff)', host: 'tenant', access: 'operator',
  params: orderParams, body: z.object({ method: deskMethodSchema, reference: z.optional(z.string().check(z.trim(), z.maxLength(80))) }),
  response: z.object({ order: orderSchema, receipt: receiptSchema }), errors: [401, 403, 404, 409],
});
export const moveOrder = defineSpec({
  operationId: 'moveShopOrder', module: 'shop', method: 'post', path: '/api/v1/shop/orders/:orderId/status', tags,
  summary: 'Move a paid order on: ready for collection, collected (staff)', host: 'tenant', access: 'operator',
  params: orderParams, body: z.object({ status: z.enum(['ready', 'collected']) }), response: orderSchema, errors: [401, 403, 404, 409],
});
export const refundOrder = defineSpec({
  operationId: 'refundShopOrder', module: 'shop', idempotent: true, method: 'post', path: '/api/v1/shop/orders/:orderId/refund', tags,
  summary: 'Refund a paid order, in full (no lines) or some units; optionally put them back in stock. Counts on the statements of the month of the refund (staff)',
  host: 'tenant', access: 'operator',
  params: orderParams,
  body: z.object({ lines: z.optional(cartLines), restock: z.boolean(), reason: z.optional(z.string().check(z.trim(), z.maxLength(200))) }),
  response: orderSchema, errors: [401, 403, 404, 409, 422],
});
export const tillSale = defineSpec({
  operationId: 'tillSale', module: 'till', idempotent: true, method: 'post', path: '/api/v1/shop/till', tags,
  summary: 'An in-store sale at the till: several lines, paid now (cash, card terminal…), numbered receipt; stock taken like an online order (staff)',
  host: 'tenant', access: 'operator',
  body: z.object({ lines: cartLines, method: deskMethodSchema, reference: z.optional(z.string().check(z.trim(), z.maxLength(80))), buyerId: z.optional(idSchema) }),
  response: z.object({ order: orderSchema, receipt: receiptSchema }), status: 201, errors: [401, 403, 404, 409, 422],
});
export const releaseHolds = defineSpec({
  operationId: 'releaseShopHolds', module: 'shop', method: 'post', path: '/api/v1/shop/holds/release', tags,
  summary: 'Give back the stock of unpaid orders whose hold has expired (also done on demand when a buyer meets "sold out"; a job may call it) (staff)',
  host: 'tenant', access: 'operator', response: z.object({ released: z.int() }), errors: [401, 403],
});

// ---- statements and payouts ------------------------------------------------------------------------
export const monthStatements = defineSpec({
  operationId: 'shopMonthStatements', module: 'shop', method: 'get', path: '/api/v1/shop/statements', tags,
  summary: "Every consignor's statement totals for a month, and whether it is paid (staff)", host: 'tenant', access: 'operator',
  query: z.object({ month: monthSchema }),
  response: z.object({ month: z.string(), currency: z.string(), items: z.array(z.object({ consignorId: z.string(), consignorName: z.string(), totals: totalsSchema, paid: z.nullable(payoutSchema) })) }),
  errors: [401, 403],
});
export const getStatement = defineSpec({
  operationId: 'shopStatement', module: 'shop', method: 'get', path: '/api/v1/shop/consignors/:memberId/statements/:month', tags,
  summary: "A consignor's statement for a month: units, sales, commission, VAT on the commission, net due (staff, or the consignor)",
  host: 'tenant', access: 'member', params: statementParams, response: statementSchema, errors: [401, 403, 404],
});
export const statementCsv = defineSpec({
  operationId: 'shopStatementCsv', module: 'shop', method: 'get', path: '/api/v1/shop/consignors/:memberId/statements/:month/csv', tags,
  summary: 'The statement as CSV; `format=fr` uses ";" and decimal commas (staff, or the consignor)', host: 'tenant', access: 'member',
  params: statementParams, query: z.object({ format: z._default(z.enum(['fr', 'intl']), 'intl') }), response: z.string(), contentType: 'text/csv', errors: [401, 403, 404],
});
export const markStatementPaid = defineSpec({
  operationId: 'markShopStatementPaid', module: 'shop', idempotent: true, method: 'post', path: '/api/v1/shop/consignors/:memberId/statements/:month/paid', tags,
  summary: 'Record the payout of a statement: method, date, reference (staff)', host: 'tenant', access: 'operator',
  params: statementParams,
  body: z.object({ method: z.enum(['transfer', 'cheque', 'cash']), paidOn: isoDateSchema, reference: z.optional(z.string().check(z.trim(), z.maxLength(80))) }),
  response: payoutSchema, errors: [401, 403, 404, 409, 422],
});

// ---- the maker's view ---------------------------------------------------------------------------------
export const makerView = defineSpec({
  operationId: 'shopMakerView', module: 'shop', method: 'get', path: '/api/v1/shop/maker', tags,
  summary: 'My shop as a consignor: my products, stock left, units sold per week, sell-through, my statements of the last 12 months',
  host: 'tenant', access: 'member',
  response: z.object({
    consignor: consignorSchema, currency: z.string(),
    products: z.array(z.object({
      id: z.string(), title: z.string(), priceCents: z.int(), published: z.boolean(), stockLeft: z.int(), sold: z.int(),
      soldByWeek: z.array(z.object({ week: z.string(), units: z.int() })), sellThroughBp: z.int(),
    })),
    statements: z.array(z.object({ month: z.string(), totals: totalsSchema, paid: z.nullable(payoutSchema) })),
  }),
  errors: [401, 404],
});

