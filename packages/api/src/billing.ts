import * as z from 'zod/mini';
import {
  billingProfileSchema, deskMethodSchema, duesSchema, invoiceSchema, isoDateSchema, memberCategorySchema, passSchema, paymentSchema, planSchema,
  rateSchema, receiptSchema, resourceKindSchema, revenueCategorySchema,
} from '@lieu/core';
import { idSchema, okSchema, pageOf, pageQuery } from './common';
import { defineSpec } from './spec';

/**
 * Billing: the catalogue (rates, plans, passes, dues), member categories, quotes, purchases paid at
 * the desk with numbered receipts, the member's billing page, operator reports. Routes that call
 * Stripe (Connect, Checkout, Portal, webhooks) are declared at the end: they live in their own Lambda
 * (functions/webhooks), the only one that bundles the Stripe SDK.
 */
const tags = ['billing'];
const entryId = z.object({ id: idSchema });
const omitId = <T extends z.ZodMiniObject>(s: T) => z.omit(s, { id: true } as never) as unknown as z.ZodMiniObject<Omit<T['shape'], 'id'>>;

export const catalogueSchema = z.object({ rates: z.array(rateSchema), plans: z.array(planSchema), passes: z.array(passSchema), dues: z.array(duesSchema) });

export const getCatalogue = defineSpec({
  operationId: 'getCatalogue', method: 'get', path: '/api/v1/billing/catalogue', tags,
  summary: "The space's prices: rates, plans, passes and dues (anyone)", host: 'tenant', access: 'public', embeddable: true, response: catalogueSchema,
});

function catalogueRoutes<const Name extends string, S extends z.ZodMiniObject>(name: Name, path: string, schema: S) {
  const body = omitId(schema);
  return {
    create: defineSpec({
      operationId: `create${name}`, method: 'post', path: `/api/v1/billing/catalogue/${path}`, tags, summary: `Add to the catalogue: ${path} (staff)`,
      host: 'tenant', access: 'operator', body, response: schema, status: 201, errors: [401, 403, 409],
    }),
    update: defineSpec({
      operationId: `update${name}`, method: 'put', path: `/api/v1/billing/catalogue/${path}/:id`, tags, summary: `Replace a catalogue entry: ${path} (staff)`,
      host: 'tenant', access: 'operator', params: entryId, body, response: schema, errors: [401, 403, 404],
    }),
    remove: defineSpec({
      operationId: `delete${name}`, method: 'delete', path: `/api/v1/billing/catalogue/${path}/:id`, tags, summary: `Remove a catalogue entry: ${path} (staff)`,
      host: 'tenant', access: 'operator', params: entryId, response: okSchema, errors: [401, 403],
    }),
  };
}
export const rates = catalogueRoutes('Rate', 'rates', rateSchema);
export const plans = catalogueRoutes('Plan', 'plans', planSchema);
export const passes = catalogueRoutes('Pass', 'passes', passSchema);
export const dues = catalogueRoutes('Dues', 'dues', duesSchema);

export const setMemberCategory = defineSpec({
  operationId: 'setMemberCategory', method: 'put', path: '/api/v1/billing/members/:memberId/category', tags,
  summary: "Set a member's price category (staff)", host: 'tenant', access: 'operator',
  params: z.object({ memberId: idSchema }), body: z.object({ category: memberCategorySchema }), response: billingProfileSchema, errors: [401, 403, 404, 409],
});

// ---- quotes --------------------------------------------------------------------------------------
export const quoteItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('booking'), resourceKind: resourceKindSchema, resourceId: z.optional(z.string().check(z.maxLength(64))),
    label: z.optional(z.string().check(z.maxLength(120))), date: z.optional(isoDateSchema), minutes: z.int().check(z.minimum(1), z.maximum(1440)),
  }),
  z.object({ kind: z.enum(['pass', 'plan', 'dues']), id: idSchema }),
]);
const coverSchema = z.object({
  source: z.enum(['plan', 'credit']), rule: z.optional(z.string()), planId: z.optional(z.string()), creditId: z.optional(z.string()),
  name: z.optional(z.string()), amount: z.optional(z.number()), unit: z.optional(z.string()), cents: z.int(),
});
export const priceQuoteSchema = z.object({
  currency: z.string(), category: memberCategorySchema,
  lines: z.array(z.object({
    kind: z.string(), label: z.string(), revenueCategory: revenueCategorySchema, quantity: z.number(), grossCents: z.int(), coveredCents: z.int(),
    amountCents: z.int(), vatRateBp: z.int(), netCents: z.int(), vatCents: z.int(), covers: z.array(coverSchema), minutes: z.optional(z.int()),
  })),
  grossCents: z.int(), coveredCents: z.int(), totalCents: z.int(), netCents: z.int(), vatCents: z.int(), vatMention: z.nullable(z.string()),
  consumes: z.object({
    credits: z.array(z.object({ creditId: z.string(), amount: z.number(), unit: z.string() })),
    quotas: z.array(z.object({ quotaKey: z.string(), resourceKind: z.string(), period: z.string(), amount: z.number(), unit: z.string(), limit: z.number() })),
  }),
});

export const quote = defineSpec({
  operationId: 'quote', method: 'post', path: '/api/v1/billing/quote', tags,
  summary: 'What would this cost? For me (signed in), for a category and plan ("a student, 2 h of laser cutter"), or for a member (staff)',
  host: 'tenant', access: 'public',
  body: z.object({
    items: z.array(quoteItemSchema).check(z.minLength(1), z.maxLength(20)),
    category: z.optional(memberCategorySchema),
    /** With `category`: as a new subscriber to this plan (its discounts and quotas, nothing used yet). */
    planId: z.optional(idSchema),
    memberId: z.optional(idSchema),
  }),
  response: priceQuoteSchema, errors: [403, 404, 422],
});

// ---- purchases and desk payments ---------------------------------------------------------------
export const purchase = defineSpec({
  operationId: 'purchase', idempotent: 'own', method: 'post', path: '/api/v1/billing/purchases', tags,
  summary: 'Buy a pass, subscribe to a plan or pay dues: reserved "to pay on site" (staff may buy for a member). Send an Idempotency-Key header to make retries safe.',
  host: 'tenant', access: 'member',
  body: z.object({ kind: z.enum(['pass', 'plan', 'dues']), id: idSchema, memberId: z.optional(idSchema) }),
  response: paymentSchema, status: 201, errors: [401, 403, 404, 409, 422],
});

export const recordPayment = defineSpec({
  operationId: 'recordPayment', idempotent: true, method: 'post', path: '/api/v1/billing/members/:memberId/payments/:paymentId/record', tags,
  summary: 'Record a payment received at the desk (cash, cheque, card terminal, transfer): issues the numbered receipt (staff)',
  host: 'tenant', access: 'operator',
  params: z.object({ memberId: idSchema, paymentId: idSchema }),
  body: z.object({ method: deskMethodSchema, reference: z.optional(z.string().check(z.trim(), z.maxLength(80))) }),
  response: z.object({ payment: paymentSchema, receipt: receiptSchema }), errors: [401, 403, 404, 409],
});

export const refundPayment = defineSpec({
  operationId: 'refundPayment', idempotent: true, method: 'post', path: '/api/v1/billing/members/:memberId/payments/:paymentId/refund', tags,
  summary: 'Give back money paid at the desk (cash, cheque, transfer…): issues a credit note numbered like receipts; the full amount left unless `amountCents` (staff). Online payments are refunded through Stripe by the cancellation itself',
  host: 'tenant', access: 'operator',
  params: z.object({ memberId: idSchema, paymentId: idSchema }),
  body: z.object({
    method: deskMethodSchema, amountCents: z.optional(z.int().check(z.minimum(1), z.maximum(100_000_000))),
    reference: z.optional(z.string().check(z.trim(), z.maxLength(80))), reason: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  }),
  response: z.object({ payment: paymentSchema, receipt: receiptSchema }), errors: [401, 403, 404, 409, 422],
});

export const listPayments = defineSpec({
  operationId: 'listPayments', method: 'get', path: '/api/v1/billing/payments', tags,
  summary: "The space's payments, newest first (staff)", host: 'tenant', access: 'operator',
  query: pageQuery, response: pageOf(paymentSchema), errors: [401, 403],
});

export const receiptPage = defineSpec({
  operationId: 'receiptPage', method: 'get', path: '/api/v1/billing/receipts/:number', tags,
  summary: 'A receipt as a printable page (its member or staff)', host: 'tenant', access: 'member',
  params: z.object({ number: z.string().check(z.regex(/^R-\d{6,9}$/, 'A receipt number such as R-000042')) }),
  response: z.string(), contentType: 'text/html', errors: [401, 403, 404],
});

// ---- billing page and reports --------------------------------------------------------------------
export const billingPageSchema = z.object({
  profile: billingProfileSchema,
  plan: z.nullable(z.object({ name: z.string(), status: z.string(), renewsOn: z.nullable(z.string()), validUntil: z.nullable(z.string()), channel: z.string() })),
  credits: z.array(z.object({ id: z.string(), name: z.string(), unit: z.string(), remaining: z.number(), validUntil: z.string(), resourceKinds: z.array(z.string()) })),
  quotas: z.array(z.object({ resourceKind: z.string(), period: z.string(), unit: z.string(), used: z.number(), limit: z.number() })),
  payments: z.array(paymentSchema),
  invoices: z.array(invoiceSchema),
  stripe: z.object({ connected: z.boolean() }),
});

export const myBilling = defineSpec({
  operationId: 'myBilling', method: 'get', path: '/api/v1/billing/me', tags,
  summary: 'My plan and its renewal, credits left, quotas used this month, payments and receipts', host: 'tenant', access: 'member',
  response: billingPageSchema, errors: [401],
});

export const memberBilling = defineSpec({
  operationId: 'memberBilling', method: 'get', path: '/api/v1/billing/members/:memberId', tags,
  summary: "A member's billing page (staff)", host: 'tenant', access: 'operator',
  params: z.object({ memberId: idSchema }), response: billingPageSchema, errors: [401, 403, 404],
});

export const revenueReport = defineSpec({
  operationId: 'revenueReport', method: 'get', path: '/api/v1/billing/reports/revenue', tags,
  summary: 'Revenue by month and by category, active subscriptions, unpaid items (staff)', host: 'tenant', access: 'operator',
  query: z.object({ year: z.coerce.number().check(z.int(), z.minimum(2000), z.maximum(2100)) }),
  response: z.object({
    year: z.number(), currency: z.string(),
    months: z.array(z.object({ month: z.string(), totalCents: z.int(), byCategory: z.record(z.string(), z.int()) })),
    totalCents: z.int(), activeSubscriptions: z.int(), unpaid: z.array(paymentSchema),
  }),
  errors: [401, 403],
});

export const exportPayments = defineSpec({
  operationId: 'exportPayments', method: 'get', path: '/api/v1/billing/reports/payments.csv', tags,
  summary: 'Every payment as CSV for the accountant; `format=fr` uses ";" and decimal commas (staff)', host: 'tenant', access: 'operator',
  query: z.object({ from: z.optional(isoDateSchema), to: z.optional(isoDateSchema), format: z._default(z.enum(['fr', 'intl']), 'intl') }),
  response: z.string(), contentType: 'text/csv', errors: [401, 403],
});

// ---- Stripe (functions/webhooks) ----------------------------------------------------------------
const stripeTags = ['stripe'];
export const stripeStatusSchema = z.object({
  configured: z.boolean(), connected: z.boolean(), accountId: z.nullable(z.string()), chargesEnabled: z.boolean(), detailsSubmitted: z.boolean(), feeBp: z.int(),
});

export const stripeStatus = defineSpec({
  operationId: 'stripeStatus', method: 'get', path: '/api/v1/stripe/connect', tags: stripeTags,
  summary: "The space's Stripe account: connected, onboarding complete (owners)", host: 'tenant', access: 'owner', response: stripeStatusSchema, errors: [401, 403],
});

export const stripeConnect = defineSpec({
  operationId: 'stripeConnect', method: 'post', path: '/api/v1/stripe/connect', tags: stripeTags,
  summary: "Connect the space's Stripe account, or resume an incomplete onboarding: an account link to follow (owners)",
  host: 'tenant', access: 'owner', response: z.object({ url: z.string(), accountId: z.string() }), errors: [401, 403, 422],
});

export const stripeCheckout = defineSpec({
  operationId: 'stripeCheckout', idempotent: 'own', method: 'post', path: '/api/v1/stripe/checkout', tags: stripeTags,
  summary: 'Pay a pending payment online: a Checkout Session on the space’s Stripe account (a subscription for plans and dues). Idempotency-Key header honoured.',
  host: 'tenant', access: 'member',
  body: z.object({ paymentId: idSchema, memberId: z.optional(idSchema) }),
  response: z.object({ url: z.string(), sessionId: z.string() }), errors: [401, 403, 404, 409, 422],
});

export const stripePortal = defineSpec({
  operationId: 'stripePortal', method: 'post', path: '/api/v1/stripe/portal', tags: stripeTags,
  summary: 'Open the Stripe Customer Portal (cards, invoices)', host: 'tenant', access: 'member',
  response: z.object({ url: z.string() }), errors: [401, 422],
});

export const stripeWebhook = defineSpec({
  operationId: 'stripeWebhook', method: 'post', path: '/api/v1/webhooks/stripe', tags: stripeTags,
  summary: 'Stripe Connect events (signature verified on the raw body; each event processed once)', host: 'any', access: 'public',
  response: z.object({ received: z.literal(true), duplicate: z.optional(z.boolean()), ignored: z.optional(z.boolean()) }), errors: [400],
});
