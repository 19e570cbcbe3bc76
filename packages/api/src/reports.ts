import * as z from 'zod/mini';
import { STAFF_ALERT_KINDS } from '@lieu/core';
import { RESOURCE_KINDS } from '@lieu/core/booking';
import { defineSpec } from './spec';

/**
 * The back office's figures (functions/reports, a Lambda of its own): the dashboard in one call, and
 * the accountant's shop sales file. Revenue by month stays with billing (`GET /api/v1/billing/reports/revenue`).
 */
const tags = ['reports'];
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD'));
const csvFormat = z._default(z.enum(['fr', 'intl']), 'intl');

const seriesBp = z.array(z.int());

/** A Stripe alert: money moved on Stripe that staff must look at. */
const alertFields = {
  id: z.string(), kind: z.enum(STAFF_ALERT_KINDS), amountCents: z.int(), currency: z.string(), createdAt: z.string(),
  paymentId: z.optional(z.string()), memberId: z.optional(z.string()), memberName: z.optional(z.string()), label: z.optional(z.string()),
};

export const dashboardSchema = z.object({
  today: z.string(), timeZone: z.string(), currency: z.string(),
  /** Mondays of the weeks shown, oldest first; the last one is this week. */
  weeks: z.array(z.string()),
  occupancy: z.object({
    resources: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(RESOURCE_KINDS), thisWeekBp: z.int(), weeklyBp: seriesBp })),
    kinds: z.array(z.object({ kind: z.enum(RESOURCE_KINDS), thisWeekBp: z.int(), weeklyBp: seriesBp })),
  }),
  /** People with an active account at the end of each week (accounts suspended since are not counted). */
  members: z.object({ now: z.int(), weekly: z.array(z.int()) }),
  /** Members whose paid plan covered the end of each week. */
  subscriptions: z.object({ now: z.int(), weekly: z.array(z.int()) }),
  todayBookings: z.array(z.object({ id: z.string(), resourceName: z.string(), memberName: z.string(), start: z.string(), end: z.string(), status: z.string() })),
  /** Absent for a space that does not run the events module (nothing is read for it). */
  todayEvents: z.optional(z.array(z.object({ id: z.string(), title: z.string(), start: z.string(), end: z.string(), registered: z.int(), capacity: z.int() }))),
  /** Reserved "to pay on site" and not paid yet (oldest first, at most 20 listed). */
  unpaid: z.object({
    count: z.int(), totalCents: z.int(),
    items: z.array(z.object({ id: z.string(), memberId: z.string(), memberName: z.string(), label: z.string(), totalCents: z.int(), createdAt: z.string() })),
  }),
  /**
   * Money moved on Stripe that staff must look at (open ones, newest first): a refund made in the
   * Stripe dashboard that names no payment paid here, a chargeback under way or lost unmatched.
   */
  alerts: z.array(z.object(alertFields)),
  /** Published products with this many units or fewer on the shelf; absent for a space that does not run the shop module. */
  lowStock: z.optional(z.object({ threshold: z.int(), items: z.array(z.object({ id: z.string(), title: z.string(), stock: z.int() })) })),
});

export const dashboard = defineSpec({
  operationId: 'dashboard', method: 'get', path: '/api/v1/reports/dashboard', tags,
  summary: "The back office's dashboard: occupancy per resource and kind by week, members and subscriptions over time, today's bookings and events, unpaid items, low stock (staff)",
  host: 'tenant', access: 'operator',
  query: z.object({ weeks: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(26)), 12) }),
  response: dashboardSchema, errors: [401, 403],
});

export const resolveAlert = defineSpec({
  operationId: 'resolveStripeAlert', method: 'post', path: '/api/v1/reports/alerts/:alertId/resolve', tags,
  summary: 'Mark a Stripe alert handled (a refund reconciled by hand, a chargeback dealt with): it leaves the dashboard; audited (staff)',
  host: 'tenant', access: 'operator',
  params: z.object({ alertId: z.string().check(z.regex(/^[\w-]{1,100}$/, 'Not a valid id')) }),
  body: z.object({ note: z.optional(z.string().check(z.maxLength(500))) }),
  response: z.object({ ...alertFields, status: z.enum(['open', 'resolved']), resolvedAt: z.optional(z.string()) }), errors: [401, 403, 404],
});

export const salesCsv = defineSpec({
  operationId: 'shopSalesCsv', module: 'shop', method: 'get', path: '/api/v1/reports/sales.csv', tags,
  summary: 'Shop sales (one row per order line paid, refunds negative) between two dates, as CSV; `format=fr` uses ";", decimal commas, dd/mm/yyyy and a BOM (staff)',
  host: 'tenant', access: 'operator',
  query: z.object({ from: isoDate, to: isoDate, format: csvFormat }),
  response: z.string(), contentType: 'text/csv', errors: [401, 403],
});
