import * as z from 'zod/mini';
import { memberCategorySchema, revenueCategorySchema, type AllowanceUnit, type MemberCategory, type Plan, type RevenueCategory } from './catalogue';
import type { SubscriptionTerms } from './engine';

/**
 * Payments and receipts as stored and returned. A payment is created `pending` (reserved "to pay on
 * site", or waiting for a Stripe Checkout Session) and becomes `paid` once, by an operator's record
 * (with a receipt numbered per tenant) or by the verified Stripe webhook. `expired`/`failed` release it.
 */
export const DESK_METHODS = ['cash', 'cheque', 'card_terminal', 'transfer'] as const;
export const paymentMethodSchema = z.enum([...DESK_METHODS, 'card_online']);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;
export const deskMethodSchema = z.enum(DESK_METHODS);
export type DeskMethod = z.infer<typeof deskMethodSchema>;

export const PAYMENT_STATUSES = ['pending', 'paid', 'expired', 'failed', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** What a payment buys; `refId` is the catalogue entry (pass, plan, dues) or the booking/order id. */
export const payableKindSchema = z.enum(['pass', 'plan', 'dues', 'booking', 'order', 'ticket']);
export type PayableKind = z.infer<typeof payableKindSchema>;

export const paymentLineSchema = z.object({
  label: z.string(),
  revenueCategory: revenueCategorySchema,
  quantity: z.number(),
  amountCents: z.int(),
  vatRateBp: z.int(),
  netCents: z.int(),
  vatCents: z.int(),
});
export type PaymentLine = z.infer<typeof paymentLineSchema>;

export interface Payment {
  id: string;
  memberId: string;
  memberName: string;
  /** `eventId`: a ticket's event (its registration lives under it). */
  item: { kind: PayableKind; refId: string; label: string; eventId?: string | undefined };
  revenueCategory: RevenueCategory;
  lines: PaymentLine[];
  currency: string;
  totalCents: number;
  netCents: number;
  vatCents: number;
  vatMention?: string | undefined;
  status: PaymentStatus;
  channel: 'desk' | 'stripe';
  method?: PaymentMethod | undefined;
  /** The operator's reference: cheque number, terminal ticket, transfer label. */
  reference?: string | undefined;
  receiptNumber?: string | undefined;
  createdAt: string;
  createdBy: string;
  paidAt?: string | undefined;
  recordedBy?: string | undefined;
  /** Stripe objects behind this payment, on the tenant's connected account. */
  stripe?: { sessionId?: string | undefined; paymentIntentId?: string | undefined; invoiceId?: string | undefined; url?: string | undefined } | undefined;
  /** When the item was released (its booking cancelled): a pending payment then reads as `expired`. */
  releasedAt?: string | undefined;
  /** Set when the money arrived after the item was released (a late webhook): staff must look at it. */
  attention?: string | undefined;
  /** What was given back so far (Stripe refunds, or credit notes recorded at the desk), in cents. */
  refundedCents?: number | undefined;
  /** The credit notes that gave money back, oldest first (numbered like receipts). */
  creditNoteNumbers?: string[] | undefined;
  /** The refund request written when the item was cancelled (a Stripe payment): no `refund_due` flag then. */
  refundId?: string | undefined;
  /** What paying it grants, fixed at purchase time (a later catalogue change does not alter it). */
  effect?: PaymentEffect | undefined;
  /**
   * Refunds made on Stripe without a request of Lieu's (the space's Stripe dashboard), by Stripe
   * refund id → the cents counted in `refundedCents`: each refund is counted once, whatever the
   * number and order of the events that report it.
   */
  stripeRefunds?: Record<string, number> | undefined;
  /** A chargeback on this payment: opened, then won (the money stays) or lost (accounted like a refund). */
  dispute?: PaymentDispute | undefined;
  /** When what the payment granted (credits, plan, dues) was taken back, after a full refund or a lost dispute: once. */
  takenBackAt?: string | undefined;
  version: number;
}

export const DISPUTE_STATUSES = ['open', 'won', 'lost'] as const;
/** What staff are alerted about on the dashboard: a Stripe refund Lieu could not match, a chargeback. */
export const STAFF_ALERT_KINDS = ['refund_unmatched', 'dispute_open', 'dispute_won', 'dispute_lost'] as const;
export interface PaymentDispute {
  id: string;
  status: (typeof DISPUTE_STATUSES)[number];
  amountCents: number;
  /** Stripe's reason (`fraudulent`, `product_not_received`…). */
  reason?: string | undefined;
  openedAt: string;
  closedAt?: string | undefined;
}

export type PaymentEffect =
  | { kind: 'credit'; passId: string; name: string; unit: AllowanceUnit; amount: number; resourceKinds: string[]; validityDays: number }
  | { kind: 'subscription'; plan: Pick<Plan, 'id' | 'name' | 'interval' | 'priceCents' | 'entitlements'> }
  | { kind: 'dues'; duesId: string; interval: 'month' | 'year'; grantsCategory?: MemberCategory | undefined }
  | { kind: 'none' };

export const paymentSchema = z.object({
  id: z.string(), memberId: z.string(), memberName: z.string(),
  item: z.object({ kind: payableKindSchema, refId: z.string(), label: z.string() }),
  revenueCategory: revenueCategorySchema, lines: z.array(paymentLineSchema),
  currency: z.string(), totalCents: z.int(), netCents: z.int(), vatCents: z.int(), vatMention: z.optional(z.string()),
  status: z.enum(PAYMENT_STATUSES), channel: z.enum(['desk', 'stripe']), method: z.optional(paymentMethodSchema),
  reference: z.optional(z.string()), receiptNumber: z.optional(z.string()),
  createdAt: z.string(), createdBy: z.string(), paidAt: z.optional(z.string()), recordedBy: z.optional(z.string()),
  stripe: z.optional(z.object({ sessionId: z.optional(z.string()), url: z.optional(z.string()) })),
  attention: z.optional(z.string()), refundedCents: z.optional(z.int()),
  /** A chargeback: `open` until the bank decides; `lost` is accounted like a refund (credit note, `refundedCents`). */
  dispute: z.optional(z.object({
    status: z.enum(DISPUTE_STATUSES), amountCents: z.int(), reason: z.optional(z.string()), openedAt: z.string(), closedAt: z.optional(z.string()),
  })),
  /** The printable receipt (a path on the space's host) and the credit notes that gave money back. */
  receiptUrl: z.optional(z.string()),
  creditNotes: z.optional(z.array(z.object({ number: z.string(), url: z.string() }))),
});

/**
 * A payment as read: a pending payment whose item was released is `expired`; a paid one whose item
 * was released (a paid booking cancelled) is flagged for a refund.
 */
export function effectivePayment(p: Payment): Payment {
  if (!p.releasedAt) return p;
  if (p.status === 'pending') return { ...p, status: 'expired' };
  if (p.status === 'paid' && !p.attention && !p.refundId && (p.refundedCents ?? 0) < p.totalCents) return { ...p, attention: 'refund_due' };
  return p;
}

/** A receipt: an immutable snapshot with the legal mentions, numbered per tenant without gap. */
export interface Receipt {
  number: string;
  sequence: number;
  paymentId: string;
  issuedAt: string;
  seller: { name: string; address?: string | undefined; legalForm: string };
  /** `walkIn`: a till sale to nobody in particular (the id is then the operator's, never printed). */
  buyer: { id: string; name: string; walkIn?: boolean | undefined };
  lines: PaymentLine[];
  currency: string;
  totalCents: number;
  netCents: number;
  vatCents: number;
  vatMention?: string | undefined;
  method: PaymentMethod;
  reference?: string | undefined;
  /** A credit note (money given back at the desk): negative amounts, and the receipt it reverses. */
  kind?: 'receipt' | 'credit_note' | undefined;
  refundOf?: string | undefined;
}
export const receiptSchema = z.object({
  number: z.string(), sequence: z.int(), paymentId: z.string(), issuedAt: z.string(),
  seller: z.object({ name: z.string(), address: z.optional(z.string()), legalForm: z.string() }),
  buyer: z.object({ id: z.string(), name: z.string(), walkIn: z.optional(z.boolean()) }),
  lines: z.array(paymentLineSchema), currency: z.string(), totalCents: z.int(), netCents: z.int(), vatCents: z.int(),
  vatMention: z.optional(z.string()), method: paymentMethodSchema, reference: z.optional(z.string()),
  kind: z.optional(z.enum(['receipt', 'credit_note'])), refundOf: z.optional(z.string()),
});

/**
 * A Stripe invoice of a member's subscription, as the `invoice.paid` / `invoice.payment_failed`
 * webhooks carry it (stored, so the billing page lists invoices without calling Stripe).
 */
export interface Invoice {
  id: string;
  number: string | null;
  amountCents: number;
  currency: string;
  status: 'paid' | 'open' | 'payment_failed' | 'void' | 'uncollectible' | 'draft';
  hostedInvoiceUrl: string | null;
  pdfUrl: string | null;
  createdAt: string;
  stripeEventAt: number;
}
export const invoiceSchema = z.object({
  id: z.string(), number: z.nullable(z.string()), amountCents: z.int(), currency: z.string(),
  status: z.enum(['paid', 'open', 'payment_failed', 'void', 'uncollectible', 'draft']),
  hostedInvoiceUrl: z.nullable(z.string()), pdfUrl: z.nullable(z.string()), createdAt: z.string(),
});

/** Receipt numbers: `R-000042`, sequential per tenant. */
export const receiptNumber = (sequence: number) => `R-${String(sequence).padStart(6, '0')}`;

/** A member's subscription as stored (the engine's terms plus how it is paid and renewed). */
export interface StoredSubscription extends SubscriptionTerms {
  id: string;
  planName: string;
  interval: 'month' | 'year';
  priceCents: number;
  channel: 'desk' | 'stripe';
  /** Next renewal (or end) date, shown on the billing page. */
  renewsOn?: string | undefined;
  cancelAtPeriodEnd?: boolean | undefined;
  stripeSubscriptionId?: string | undefined;
  /**
   * Ended here while Stripe still runs it (its payment given back in full): `requested` until the
   * Stripe worker has cancelled it on the space's account, then `done`.
   */
  stripeCancel?: 'requested' | 'done' | undefined;
  /** `created` of the last Stripe event applied: older events are ignored (out-of-order safety). */
  stripeEventAt?: number | undefined;
}

/** A member's billing profile: category, subscription, dues. */
export interface BillingProfile {
  memberId: string;
  category: MemberCategory;
  subscription?: StoredSubscription | undefined;
  /** Last day the membership dues cover. */
  duesValidUntil?: string | undefined;
  stripeCustomerId?: string | undefined;
  /** Open disputes that pause the member's new bookings (the space's rule), by Stripe dispute id. */
  bookingsPausedBy?: string[] | undefined;
  version: number;
}
export const billingProfileSchema = z.object({
  memberId: z.string(), category: memberCategorySchema,
  subscription: z.optional(z.object({
    id: z.string(), planId: z.string(), planName: z.string(), interval: z.enum(['month', 'year']), priceCents: z.int(),
    status: z.enum(['pending', 'active', 'past_due', 'canceled']), channel: z.enum(['desk', 'stripe']),
    validFrom: z.string(), validUntil: z.optional(z.string()), renewsOn: z.optional(z.string()), cancelAtPeriodEnd: z.optional(z.boolean()),
  })),
  duesValidUntil: z.optional(z.string()),
});

/** Adds whole months (or years) to a local date, clamping to the month's end: 2026-01-31 + 1 month = 2026-02-28. */
export function addInterval(date: string, interval: 'month' | 'year' | 'day', n = 1): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (interval === 'day') return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
  const months = interval === 'year' ? 12 * n : n;
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * A payment as it leaves the server: only the fields its schema declares (the stored `effect`,
 * `version`, Stripe ids and release bookkeeping stay inside), with links to its receipt and credit
 * notes (`receiptPath` gives the printable page of a number).
 */
export function publicPayment(p: Payment, receiptPath: (number: string) => string): z.infer<typeof paymentSchema> {
  return z.parse(paymentSchema, {
    ...p,
    ...(p.receiptNumber ? { receiptUrl: receiptPath(p.receiptNumber) } : {}),
    ...(p.creditNoteNumbers?.length ? { creditNotes: p.creditNoteNumbers.map((n) => ({ number: n, url: receiptPath(n) })) } : {}),
  });
}

/** A billing profile as it leaves the server: no `version`, no Stripe ids, no stored plan terms. */
export const publicProfile = (p: BillingProfile): z.infer<typeof billingProfileSchema> => z.parse(billingProfileSchema, p);
