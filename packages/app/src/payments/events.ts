import type { Stripe } from '@lieu/payments/stripe';
import {
  addInterval, localDate, newId, paymentEmails, splitGross, vatRateBp, wantsEmail,
  type BillingProfile, type EmailText, type Invoice, type Locale, type Payment, type Receipt, type StoredSubscription, type Tenant, type User,
} from '@lieu/core';
import type { Booking } from '@lieu/core/booking';
import {
  bookingsRepo, getRefund, memberBillingRepo, outboxRepo, paymentsRepo, receiptsRepo, stripeLedgerRepo, stripeRepo, tenantRealm, tenantsRepo, usersRepo,
  WriteSet, type Db, type MemberBilling, type PendingStripeRefund, type StaffAlert, type transact,
} from '@lieu/db';
import { creditNote, onlineReceipt, type MoneyEffect } from './documents';
import { refundOutcome } from './refunds';
import { releaseOnRefund } from './release';
import { settlementWrites, takeBackChanges } from '@lieu/payments';
import { receiptPath } from '../billing/present';
import { bookingEmail } from '../bookings/notify';
import { branded } from '../mail';
import { linksFor, type Links } from '../scope';

/**
 * Applies one verified Stripe event. Guarantees:
 * - **once**: the event id is written with `attribute_not_exists` in the same transaction as its
 *   effect, so ten deliveries (even concurrent) have one effect;
 * - **any order**: payments only move forward (`pending` → `paid`/`expired`; `paid` is final, and a
 *   late `completed` after `expired` flags the payment instead of resurrecting a released booking);
 *   subscription events older than the last one applied are ignored, and `deleted` is final;
 * - **tenant fence**: the tenant comes from the connected account the event was sent for; the
 *   metadata must name that same tenant, and ids are looked up inside it only.
 * - **money documents in the same transaction**: a payment completed online takes the next receipt
 *   number of the space (the desk's counter, no gap), and money given back on Stripe (a refund made
 *   in the dashboard, a lost chargeback) its credit note, in the transaction that changes the payment.
 * Unknown types are acknowledged and ignored.
 */
export type EventOutcome = 'processed' | 'duplicate' | 'ignored';
type Items = Parameters<typeof transact>[1];
type Meta = Record<string, string> | null | undefined;

export interface StripeEventOptions {
  /** The space's absolute links (receipt links in emails), from configuration. */
  linksOf?: ((tenant: Tenant) => Links) | undefined;
}

type Effect = MoneyEffect;
const plain = (items: Items): Effect => ({ receipts: 0, build: () => ({ receipts: [], items }) });

/** What every effect needs: the space, the clock, its links. */
interface Ctx { db: Db; tenant: Tenant; now: Date; today: string; links: Links; eventId: string }

export async function processStripeEvent(db: Db, event: Stripe.Event, now: Date, opts: StripeEventOptions = {}): Promise<EventOutcome> {
  const accountId = event.account;
  if (!accountId) return 'ignored'; // platform-level events: nothing of a space's
  const stripeDb = stripeRepo(db);
  const tenantId = await stripeDb.tenantOfAccount(accountId);
  if (!tenantId) return 'ignored';
  if (await stripeDb.eventSeen(tenantId, event.id)) return 'duplicate';
  const tenant = await tenantsRepo(db).get(tenantId);
  if (!tenant) return 'ignored';

  const ctx: Ctx = { db, tenant, now, today: localDate(now, tenant.timeZone), links: opts.linksOf?.(tenant) ?? linksFor(''), eventId: event.id };
  for (let attempt = 1; ; attempt++) {
    const found = await effectOf(ctx, event);
    if (found === null) return 'ignored';
    const effect = Array.isArray(found) ? plain(found) : found;
    let duplicate = false;
    let stale = false;
    try {
      // The event's record, its effect and its receipts are one transaction: a second delivery loses on `event`.
      await receiptsRepo(db, tenantId).issueManyWith(effect.receipts, (numbers) => {
        const built = effect.build(numbers);
        return { receipts: built.receipts, writes: new WriteSet().add('event', stripeDb.eventOp(tenantId, event.id, event.type, now)).add('effect', ...built.items) };
      }, (failed) => {
        if (failed.has('event')) duplicate = true;
        else stale = true;
        return new Error('event transaction cancelled');
      });
      return 'processed';
    } catch (e) {
      if (duplicate) return 'duplicate';
      // What we read changed under us (another event for the same payment or profile): read again.
      if (stale && attempt < 5) continue;
      throw e;
    }
  }
}

/** The writes an event causes (empty: just remember it; null: not ours, ignore it). */
async function effectOf(ctx: Ctx, event: Stripe.Event): Promise<Items | Effect | null> {
  const { db, tenant, now } = ctx;
  const obj = event.data.object as unknown as Record<string, unknown>;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return sessionCompleted(ctx, event.data.object as Stripe.Checkout.Session);
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed':
      return sessionReleased(db, tenant, event.data.object as Stripe.Checkout.Session, event.type === 'checkout.session.expired' ? 'expired' : 'failed', now);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return subscriptionChanged(db, tenant, event.data.object as Stripe.Subscription, event, now);
    case 'invoice.paid':
    case 'invoice.payment_failed':
      return invoiceEvent(ctx, obj, event);
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated': { // the older name of refund.updated, still sent to some endpoints
      const r = event.data.object as Stripe.Refund;
      return isLieuRefund(tenant, r) ? refundEvent(db, tenant, r, now) : dashboardRefunds(ctx, [r]);
    }
    case 'charge.refunded': {
      // The charge lists its refunds (when Stripe includes them; refund.* events carry each one anyway).
      const charge = event.data.object as Stripe.Charge;
      const refunds = ((charge.refunds?.data ?? []) as Stripe.Refund[]).map((r) => ({ ...r, payment_intent: r.payment_intent ?? charge.payment_intent, charge: r.charge ?? charge.id }));
      const outside = refunds.filter((r) => !isLieuRefund(tenant, r));
      if (outside.length) {
        const effect = await dashboardRefunds(ctx, outside, charge.metadata as Meta);
        if (effect === null || !Array.isArray(effect) || effect.length) return effect;
      }
      // Ours: reconcile the first that changed.
      for (const r of refunds.filter((x) => isLieuRefund(tenant, x))) {
        const effect = await refundEvent(db, tenant, r, now);
        if (effect && (effect.receipts || effect.build([]).items.length)) return effect;
      }
      return [];
    }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed':
      return disputeEvent(ctx, event.data.object as Stripe.Dispute, event.type === 'charge.dispute.closed');
    case 'account.updated': {
      const a = event.data.object as Stripe.Account;
      const settings = await stripeRepo(db).settings(tenant.id);
      if (!settings || settings.accountId !== a.id) return null;
      return [stripeRepo(db).settingsOp(tenant.id, { ...settings, chargesEnabled: !!a.charges_enabled, detailsSubmitted: !!a.details_submitted, updatedAt: now.toISOString() })];
    }
    default:
      return null;
  }
}

/** The metadata must belong to this tenant; anything else is not ours to touch. */
function ours(tenant: Tenant, meta: Meta): meta is Record<string, string> {
  return !!meta && meta.tenantId === tenant.id && !!meta.memberId;
}

const idOf = (v: unknown) => (typeof v === 'string' ? v : (v as { id?: string } | null | undefined)?.id);

async function sessionCompleted(ctx: Ctx, s: Stripe.Checkout.Session): Promise<Effect | Items | null> {
  const { db, tenant, now } = ctx;
  if (!ours(tenant, s.metadata) || !s.metadata.paymentId) return null;
  const payments = paymentsRepo(db, tenant.id);
  const payment = await payments.get(s.metadata.memberId!, s.metadata.paymentId);
  if (!payment) return null;
  if (payment.status === 'paid' || payment.status === 'refunded') return [];
  if (s.payment_status === 'unpaid') return []; // an async method: wait for async_payment_succeeded
  // A held booking is confirmed in the same transaction, if its hold still stands (the slot
  // conditions are the fresh availability check). A released one is never resurrected: staff decide.
  const bookingWrites: Items = [];
  let confirmed: Booking | null = null;
  let released = payment.status !== 'pending' && payment.item.kind === 'booking';
  if (payment.item.kind === 'booking' && !released) {
    const bookings = bookingsRepo(db, tenant.id, tenant.timeZone);
    const b = await bookings.get(payment.item.refId);
    if (b?.status === 'held') {
      if (Date.parse(b.holdExpiresAt ?? '') > now.getTime()) {
        confirmed = { ...b, status: 'confirmed', holdExpiresAt: undefined, version: b.version + 1 };
        bookingWrites.push(...bookings.confirmTxItems(b, confirmed));
      } else released = true;
    } else if (!b || b.status === 'cancelled') released = true;
  }
  const pi = idOf(s.payment_intent);
  const paid: Payment = {
    ...payment, status: 'paid', channel: 'stripe', method: 'card_online', paidAt: now.toISOString(), version: payment.version + 1,
    stripe: { ...payment.stripe, sessionId: s.id, paymentIntentId: pi, invoiceId: idOf(s.invoice) },
    ...(released ? { attention: 'paid_after_release' } : {}),
  };
  const [billing, ledger, to] = await Promise.all([
    memberBillingRepo(db, tenant.id).load(payment.memberId),
    pi ? stripeLedgerRepo(db, tenant.id).load(pi) : Promise.resolve({ link: null, pending: [] as PendingStripeRefund[], waiting: 0 }),
    recipient(db, tenant, payment.memberId),
  ]);
  // Refunds made in the dashboard before this completion arrived are applied now, with their credit notes.
  const back = countBack(paid, ledger.pending.map((r) => ({ id: r.id, cents: refundCounts(r.status) ? r.amountCents : 0 })));
  const refunded = back.next.status === 'refunded';
  if (refunded && confirmed) {
    // Given back in full before it was confirmed: the hold goes, as if its payment had failed.
    const bookings = bookingsRepo(db, tenant.id, tenant.timeZone);
    const b = (await bookings.get(payment.item.refId))!;
    bookingWrites.splice(0, bookingWrites.length, ...bookings.releaseHoldTxItems(b, {
      ...b, status: 'cancelled', cancelledAt: now.toISOString(), cancelledBy: 'stripe', cancelReason: 'refunded', holdExpiresAt: undefined, version: b.version + 1,
    }, now));
    confirmed = null;
  }
  const subId = idOf(s.subscription);
  // A subscription event may have arrived first and already created the subscription; nothing is
  // granted for a payment already given back in full.
  const known = !!subId && billing.profile.subscription?.stripeSubscriptionId === subId;
  const settle = known || refunded ? { ...paid, effect: { kind: 'none' as const } } : paid;
  const settlement = settlementWrites(db, tenant.id, settle, billing, ctx.today, now, { channel: 'stripe', stripeSubscriptionId: subId, stripeCustomerId: idOf(s.customer) });
  // A ticket or an order given back in full before this completion arrived is released with it.
  const freed = refunded && payment.item.kind !== 'booking' ? await releaseOnRefund(ctx, payment, ctx.eventId) : [];
  const ledgerRepo = stripeLedgerRepo(db, tenant.id);
  return {
    receipts: 1 + back.notes.length,
    build(numbers) {
      const [first, ...notes] = numbers;
      const final: Payment = {
        ...back.next, receiptNumber: first!.number,
        ...(notes.length ? { creditNoteNumbers: [...(payment.creditNoteNumbers ?? []), ...notes.map((n) => n.number)] } : {}),
        ...(refunded ? { takenBackAt: now.toISOString() } : {}),
        ...(freed.length ? { releasedAt: now.toISOString() } : {}),
      };
      const receipts = [onlineReceipt(tenant, final, first!, now), ...back.notes.map((cents, i) => creditNote(tenant, final, cents, notes[i]!, now, 'refund'))]; // naming the receipt just issued
      const items: Items = [
        payments.updateOp(payment, final), ...bookingWrites, ...settlement, ...freed,
        // Conditional on the waiting count read: a refund recorded meanwhile makes this completion read again.
        ...(pi ? [ledgerRepo.linkOp({ paymentIntentId: pi, memberId: payment.memberId, paymentId: payment.id }, ledger.waiting)] : []),
        ...ledger.pending.map((r) => ledgerRepo.pendingDelete(r)),
        ...ledger.pending.map((r) => ledgerRepo.alertPut({ ...refundAlert(r, final), status: 'resolved', resolvedAt: now.toISOString() })),
        ...receiptMail(ctx, to, [
          paymentEmails.receipt(to?.locale ?? tenant.locale, tenant.name, first!.number, final.item.label, final.totalCents, final.currency, ctx.links.to(receiptPath(first!.number))),
        ]),
        ...mails(ctx, to, receipts.slice(1).map((r) => creditNoteEmail(ctx, to, r, final))),
      ];
      // The booking the payment confirmed: its confirmation (with the .ics) leaves with it.
      const booked = confirmed && to && bookingEmail({ tenant, zone: tenant.timeZone, now, links: ctx.links }, to, { kind: 'bookingConfirmed', booking: confirmed });
      if (booked) items.push(outboxRepo(db, tenantRealm(tenant.id)).putItem(booked, now));
      return { receipts, items };
    },
  };
}

async function sessionReleased(db: Db, tenant: Tenant, s: Stripe.Checkout.Session, status: 'expired' | 'failed', now: Date): Promise<Items | null> {
  if (!ours(tenant, s.metadata) || !s.metadata.paymentId) return null;
  const payments = paymentsRepo(db, tenant.id);
  const payment = await payments.get(s.metadata.memberId!, s.metadata.paymentId);
  if (!payment) return null;
  if (payment.status !== 'pending') return []; // paid stays paid; released stays released
  const items: Items = [payments.updateOp(payment, { ...payment, status, stripe: { ...payment.stripe, sessionId: s.id } })];
  // A held booking goes with its payment, at once: its slots, and the credits and quota it consumed, come back.
  if (payment.item.kind === 'booking') {
    const bookings = bookingsRepo(db, tenant.id, tenant.timeZone);
    const b = await bookings.get(payment.item.refId);
    if (b?.status === 'held') {
      items.push(...bookings.releaseHoldTxItems(b, {
        ...b, status: 'cancelled', cancelledAt: now.toISOString(), cancelledBy: 'stripe',
        cancelReason: status === 'expired' ? 'hold_expired' : 'payment_failed', version: b.version + 1,
      }, now));
    }
  }
  return items;
}

const STATUS: Record<string, StoredSubscription['status']> = {
  active: 'active', trialing: 'active', past_due: 'past_due', unpaid: 'past_due', canceled: 'canceled', incomplete_expired: 'canceled', incomplete: 'pending', paused: 'past_due',
};

/** The current period's end of a subscription (on the item in recent API versions, on the subscription before). */
function periodEnd(sub: Stripe.Subscription): number | undefined {
  const onItem = (sub.items?.data?.[0] as unknown as { current_period_end?: number } | undefined)?.current_period_end;
  return onItem ?? (sub as unknown as { current_period_end?: number }).current_period_end;
}

async function subscriptionChanged(db: Db, tenant: Tenant, sub: Stripe.Subscription, event: Stripe.Event, now: Date): Promise<Items | null> {
  const r = await subscriptionState(db, tenant, sub, { deleted: event.type === 'customer.subscription.deleted', at: event.created }, now);
  if (r === null) return null;
  if (r === 'skip') return [];
  return [memberBillingRepo(db, tenant.id).profilePut(r.billing.profile, { ...r.billing.profile, subscription: r.next }).op];
}

/**
 * What a member's stored subscription becomes given Stripe's subscription object as of `at` (epoch
 * seconds): the webhook applies it, the daily reconciliation compares it. `skip`: older than what was
 * applied, or already final; null: not ours.
 */
export async function subscriptionState(db: Db, tenant: Tenant, sub: Stripe.Subscription, opts: { deleted: boolean; at: number }, now: Date)
  : Promise<{ billing: MemberBilling; current: StoredSubscription | undefined; next: StoredSubscription } | 'skip' | null> {
  if (!ours(tenant, sub.metadata)) return null;
  const repo = memberBillingRepo(db, tenant.id);
  const billing = await repo.load(sub.metadata.memberId!);
  const stored = billing.profile.subscription?.stripeSubscriptionId === sub.id ? billing.profile.subscription : undefined;
  let current = stored;
  if (!current) {
    // Not known yet (this event came before checkout.session.completed): build it from the plan bought.
    const payment = sub.metadata.paymentId ? await paymentsRepo(db, tenant.id).get(sub.metadata.memberId!, sub.metadata.paymentId) : null;
    if (payment?.effect?.kind !== 'subscription') return 'skip';
    const plan = payment.effect.plan;
    current = {
      id: newId(now.getTime()), planId: plan.id, planName: plan.name, interval: plan.interval, priceCents: plan.priceCents,
      plan: { id: plan.id, name: plan.name, entitlements: plan.entitlements }, status: 'pending', channel: 'stripe',
      validFrom: localDate(new Date(sub.start_date * 1000), tenant.timeZone), stripeSubscriptionId: sub.id,
    };
  }
  if (current.stripeEventAt !== undefined && opts.at < current.stripeEventAt) return 'skip'; // older than what we applied
  if (current.status === 'canceled' && current.stripeEventAt !== undefined) return 'skip'; // deleted is final
  if (current.status === 'canceled' && current.stripeCancel) return 'skip'; // ended here (given back in full): final too
  const end = periodEnd(sub);
  const deleted = opts.deleted || sub.status === 'canceled';
  const status = deleted ? 'canceled' : (STATUS[sub.status] ?? 'pending');
  const endDate = end ? localDate(new Date(end * 1000), tenant.timeZone) : undefined;
  const endedOn = sub.ended_at ? localDate(new Date(sub.ended_at * 1000), tenant.timeZone) : undefined;
  const next: StoredSubscription = {
    ...current, status, stripeEventAt: opts.at, cancelAtPeriodEnd: !!sub.cancel_at_period_end,
    renewsOn: endDate,
    // Credits and quotas stop with the subscription: the last covered day is the day before it ended.
    validUntil: deleted ? addInterval(endedOn ?? localDate(now, tenant.timeZone), 'day', -1) : sub.cancel_at_period_end && endDate ? addInterval(endDate, 'day', -1) : undefined,
  };
  return { billing, current: stored, next };
}

async function invoiceEvent(ctx: Ctx, inv: Record<string, unknown>, event: Stripe.Event): Promise<Items | Effect | null> {
  const { db, tenant, now } = ctx;
  const parent = inv.parent as { subscription_details?: { metadata?: Meta; subscription?: string } } | undefined;
  const legacy = inv.subscription_details as { metadata?: Meta } | undefined;
  const meta = parent?.subscription_details?.metadata ?? legacy?.metadata;
  if (!ours(tenant, meta)) return null;
  const repo = memberBillingRepo(db, tenant.id);
  const billing: MemberBilling = await repo.load(meta.memberId!);
  const sub = billing.profile.subscription;
  const invoiceWrites = invoiceRecord(repo, billing, inv, event);
  if (event.type === 'invoice.payment_failed') {
    if (!sub || sub.status === 'canceled') return invoiceWrites;
    return [...invoiceWrites, repo.profilePut(billing.profile, { ...billing.profile, subscription: { ...sub, status: 'past_due' } }).op];
  }
  // The first invoice is the Checkout payment itself (already recorded): only renewals are new revenue.
  if (inv.billing_reason === 'subscription_create') {
    // Its payment intent is the one a refund of the plan or dues made on Stripe will name: link it to that payment.
    const pi = idOf(inv.payment_intent);
    if (!pi || !meta.paymentId) return invoiceWrites;
    const paid = await paymentsRepo(db, tenant.id).get(meta.memberId!, meta.paymentId);
    if (!paid) return invoiceWrites;
    return [...invoiceWrites, stripeLedgerRepo(db, tenant.id).linkOp({ paymentIntentId: pi, memberId: paid.memberId, paymentId: paid.id })];
  }
  const amount = Number(inv.amount_paid ?? 0);
  const rate = vatRateBp(tenant.vat);
  const { netCents, vatCents } = splitGross(amount, rate);
  const category = meta.itemKind === 'dues' ? 'dues' as const : 'plans' as const;
  const label = sub?.planName ?? (meta.itemKind === 'dues' ? 'Cotisation' : 'Abonnement');
  const payment: Payment = {
    id: newId(now.getTime()), memberId: meta.memberId!, memberName: (inv.customer_name as string | undefined) ?? '', item: { kind: meta.itemKind === 'dues' ? 'dues' : 'plan', refId: meta.itemId ?? '', label },
    revenueCategory: category, lines: [{ label, revenueCategory: category, quantity: 1, amountCents: amount, vatRateBp: rate, netCents, vatCents }],
    currency: String(inv.currency ?? tenant.currency).toUpperCase(), totalCents: amount, netCents, vatCents,
    status: 'paid', channel: 'stripe', method: 'card_online', createdAt: now.toISOString(), createdBy: 'stripe', paidAt: now.toISOString(),
    stripe: { invoiceId: String(inv.id), ...(idOf(inv.payment_intent) ? { paymentIntentId: idOf(inv.payment_intent) } : {}) }, version: 1,
  };
  const items: Items = [...invoiceWrites];
  if (sub && sub.status !== 'canceled') items.push(repo.profilePut(billing.profile, { ...billing.profile, subscription: { ...sub, status: 'active' } }).op);
  const pi = payment.stripe?.paymentIntentId;
  if (pi) items.push(stripeLedgerRepo(db, tenant.id).linkOp({ paymentIntentId: pi, memberId: payment.memberId, paymentId: payment.id }));
  const to = await recipient(db, tenant, payment.memberId);
  // A renewal is an online payment like the first: the next receipt number, and the member's email.
  return {
    receipts: 1,
    build([n]) {
      const final: Payment = { ...payment, receiptNumber: n!.number };
      return {
        receipts: [onlineReceipt(tenant, final, n!, now)],
        items: [
          paymentsRepo(db, tenant.id).createOp(final), ...items,
          ...receiptMail(ctx, to, [paymentEmails.receipt(to?.locale ?? tenant.locale, tenant.name, n!.number, final.item.label, final.totalCents, final.currency, ctx.links.to(receiptPath(n!.number)))]),
        ],
      };
    },
  };
}

/** A refund Lieu requested carries its request's id (and the tenant) in its metadata. */
const isLieuRefund = (tenant: Tenant, r: Stripe.Refund) => !!(r.metadata as Meta)?.refundId;

/** A refund we requested (its metadata names this tenant and the request): record what Stripe says. */
async function refundEvent(db: Db, tenant: Tenant, r: Stripe.Refund, now: Date): Promise<Effect | null> {
  const meta = r.metadata as Meta;
  if (!meta || meta.tenantId !== tenant.id || !meta.refundId) return null; // another space's metadata: not ours
  const request = await getRefund(db, tenant.id, meta.refundId);
  if (!request || (request.stripeRefundId && request.stripeRefundId !== r.id)) return null;
  return refundOutcome(db, request, r, now, tenant);
}

/**
 * The invoice as the member's billing page lists it (number, amount, status, Stripe's hosted page and
 * PDF), kept in the member's partition: the page never calls Stripe. A paid invoice stays paid, and an
 * older event does not overwrite a newer one.
 */
function invoiceRecord(repo: ReturnType<typeof memberBillingRepo>, billing: MemberBilling, inv: Record<string, unknown>, event: Stripe.Event): Items {
  const id = String(inv.id ?? '');
  if (!id) return [];
  const status: Invoice['status'] = event.type === 'invoice.paid' ? 'paid' : 'payment_failed';
  const known = billing.invoices?.find((i) => i.id === id);
  if (known && (known.status === 'paid' || known.stripeEventAt > event.created)) return [];
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const amount = Number(status === 'paid' ? (inv.amount_paid ?? inv.total ?? 0) : (inv.amount_due ?? inv.total ?? 0));
  return [repo.invoicePut(billing.profile.memberId, {
    id, number: str(inv.number), amountCents: amount, currency: String(inv.currency ?? 'eur').toUpperCase(), status,
    hostedInvoiceUrl: str(inv.hosted_invoice_url), pdfUrl: str(inv.invoice_pdf),
    createdAt: new Date(Number(inv.created ?? event.created) * 1000).toISOString(), stripeEventAt: event.created,
  })];
}

// ---- money moved on Stripe outside Lieu's own requests ------------------------------------------------

/** A Stripe refund in these states has money on its way back (as for Lieu's own requests). */
const refundCounts = (status: string | null | undefined) => status === 'succeeded' || status === 'pending' || status === 'requires_action';

/** Money given back on Stripe: a refund (or a lost dispute) by its Stripe id, and the cents it now counts. */
interface Back { id: string; cents: number }

/**
 * A paid payment with Stripe's refunds counted: each Stripe id counts once (a later state replaces its
 * earlier count), never beyond what was paid. `notes`: the amounts newly given back, one credit note
 * each; a refund that failed after it was counted lowers the amount and flags the payment for staff.
 */
export function countBack(p: Payment, backs: readonly Back[]): { next: Payment; notes: number[] } {
  const counted = { ...(p.stripeRefunds ?? {}) };
  let refundedCents = p.refundedCents ?? 0;
  const notes: number[] = [];
  let failed = false;
  for (const b of backs) {
    const prev = counted[b.id] ?? 0;
    const delta = Math.min(b.cents - prev, p.totalCents - refundedCents);
    if (delta === 0) continue;
    counted[b.id] = prev + delta;
    refundedCents += delta;
    if (delta > 0) notes.push(delta);
    else failed = true;
  }
  if (!notes.length && !failed) return { next: p, notes };
  const status = refundedCents >= p.totalCents ? 'refunded' : p.status === 'refunded' ? 'paid' : p.status;
  return { next: { ...p, stripeRefunds: counted, refundedCents, status, ...(failed ? { attention: 'refund_failed' } : {}) }, notes };
}

/** Where a member's payment emails go (none for an account erased or without an address). */
async function recipient(db: Db, tenant: Tenant, memberId: string): Promise<{ email: string; locale: Locale; notifications?: User['notifications'] } | null> {
  const u = await usersRepo(db, tenantRealm(tenant.id)).get(memberId);
  return u?.email ? { email: u.email, locale: u.locale ?? tenant.locale, notifications: u.notifications } : null;
}

/** The space's owners, who are told about chargebacks and refunds to reconcile. */
async function owners(db: Db, tenant: Tenant): Promise<{ email: string; locale: Locale }[]> {
  const repo = usersRepo(db, tenantRealm(tenant.id));
  const out: { email: string; locale: Locale }[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await repo.list(100, cursor ?? undefined);
    for (const u of page.items) if (u.role === 'owner' && u.status === 'active' && u.email) out.push({ email: u.email, locale: u.locale ?? tenant.locale });
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Outbox writes of emails to one recipient (nothing without one), for the event's transaction. */
function mails(ctx: Ctx, to: { email: string; locale: Locale } | null, texts: EmailText[]): Items {
  if (!to) return [];
  const outbox = outboxRepo(ctx.db, tenantRealm(ctx.tenant.id));
  return texts.map((t) => outbox.putItem(branded(ctx, to.locale, { to: to.email, subject: t.subject, text: t.text }), ctx.now));
}

/** A payment's receipt, unless the member turned payment emails off. */
const receiptMail = (ctx: Ctx, to: Awaited<ReturnType<typeof recipient>>, texts: EmailText[]): Items =>
  (wantsEmail(to, 'paymentReceived') ? mails(ctx, to, texts) : []);

function creditNoteEmail(ctx: Ctx, to: { locale: Locale } | null, r: Receipt, p: Payment): EmailText {
  return paymentEmails.creditNote(to?.locale ?? ctx.tenant.locale, ctx.tenant.name, r.number, p.item.label, -r.totalCents, r.currency, ctx.links.to(receiptPath(r.number)));
}

function refundAlert(r: PendingStripeRefund, p?: Payment | null): StaffAlert {
  return {
    id: r.id, kind: 'refund_unmatched', status: 'open', amountCents: r.amountCents, currency: r.currency, createdAt: r.createdAt,
    ...(p ? { paymentId: p.id, memberId: p.memberId, memberName: p.memberName, label: p.item.label } : {}),
  };
}

/** The payment a payment intent (or charge) paid here: the link written with its completion, else the charge's metadata. */
async function paymentOf(ctx: Ctx, intent: string, meta?: Meta) {
  const ledger = await stripeLedgerRepo(ctx.db, ctx.tenant.id).load(intent);
  const ref = ledger.link ?? (ours(ctx.tenant, meta) && meta.paymentId ? { memberId: meta.memberId!, paymentId: meta.paymentId } : null);
  const payment = ref ? await paymentsRepo(ctx.db, ctx.tenant.id).get(ref.memberId, ref.paymentId) : null;
  return { ledger, payment };
}
const settled = (p: Payment | null): p is Payment => !!p && (p.status === 'paid' || p.status === 'refunded');

/**
 * The writes of money given back on a paid payment: the payment under its version (refunded amount,
 * status, credit notes), a credit note per amount newly given back, and — once it is given back in
 * full — what it granted taken back in the same transaction; `edit` changes the member's profile in
 * the same conditional put (a dispute's booking pause).
 */
async function paymentBack(ctx: Ctx, o: {
  before: Payment; next: Payment; notes: number[]; why: 'refund' | 'dispute';
  edit?: ((p: BillingProfile) => BillingProfile) | undefined; extra?: Items | undefined; ownerMails?: ((l: Locale) => EmailText) | undefined;
}): Promise<Effect> {
  const { db, tenant, now } = ctx;
  const [billing, to, staff] = await Promise.all([
    memberBillingRepo(db, tenant.id).load(o.before.memberId), recipient(db, tenant, o.before.memberId),
    o.ownerMails ? owners(db, tenant) : Promise.resolve([]),
  ]);
  const full = o.next.status === 'refunded' && !o.before.takenBackAt;
  const take = full ? takeBackChanges(db, tenant.id, o.next, billing, ctx.today) : { items: [], profile: null };
  // What it paid for goes too, as a staff cancellation would (a booking, a ticket, an order), in the same transaction.
  const released = full ? await releaseOnRefund(ctx, o.before, ctx.eventId) : [];
  const base = take.profile ?? billing.profile;
  const profile = o.edit ? o.edit(base) : base;
  const profileItems = profile !== billing.profile ? [memberBillingRepo(db, tenant.id).profilePut(billing.profile, profile).op] : [];
  const ownerItems = staff.flatMap((s) => mails(ctx, s, o.ownerMails ? [o.ownerMails(s.locale)] : []));
  return {
    receipts: o.notes.length,
    build(numbers) {
      const final: Payment = {
        ...o.next,
        ...(numbers.length ? { creditNoteNumbers: [...(o.before.creditNoteNumbers ?? []), ...numbers.map((n) => n.number)] } : {}),
        ...(full ? { takenBackAt: now.toISOString() } : {}),
        ...(released.length ? { releasedAt: now.toISOString() } : {}),
      };
      const receipts = o.notes.map((cents, i) => creditNote(tenant, o.before, cents, numbers[i]!, now, o.why));
      return {
        receipts,
        items: [
          paymentsRepo(db, tenant.id).updateOp(o.before, final), ...take.items, ...profileItems, ...released, ...(o.extra ?? []), ...ownerItems,
          ...mails(ctx, to, receipts.map((r) => creditNoteEmail(ctx, to, r, final))),
        ],
      };
    },
  };
}

/**
 * Refunds made on the space's Stripe account without Lieu's request (its dashboard): each is applied
 * to the payment its payment intent paid. One Lieu cannot apply — an intent it never saw paid, or
 * whose completion has not arrived — is kept with a staff alert; the completion applies it later.
 */
async function dashboardRefunds(ctx: Ctx, refunds: Stripe.Refund[], chargeMeta?: Meta): Promise<Items | Effect | null> {
  const intent = idOf(refunds[0]?.payment_intent) ?? idOf(refunds[0]?.charge);
  if (!intent) return [];
  const { ledger, payment } = await paymentOf(ctx, intent, chargeMeta);
  const mine = refunds.filter((r) => (idOf(r.payment_intent) ?? idOf(r.charge)) === intent);
  if (settled(payment)) {
    const back = countBack(payment, mine.map((r) => ({ id: r.id, cents: refundCounts(r.status) ? r.amount : 0 })));
    if (back.next === payment) return [];
    return paymentBack(ctx, { before: payment, next: back.next, notes: back.notes, why: 'refund' });
  }
  const repo = stripeLedgerRepo(ctx.db, ctx.tenant.id);
  const items: Items = [];
  let fresh = false;
  for (const r of mine) {
    const before = ledger.pending.find((x) => x.id === r.id) ?? null;
    const status = r.status ?? 'pending';
    if (before && before.status === status && before.amountCents === r.amount) continue;
    const rec: PendingStripeRefund = {
      id: r.id, paymentIntentId: intent, chargeId: idOf(r.charge), amountCents: r.amount, currency: String(r.currency ?? ctx.tenant.currency).toUpperCase(),
      status, createdAt: before?.createdAt ?? ctx.now.toISOString(), version: before?.version ?? 0,
    };
    items.push(repo.pendingPut(before, rec), repo.alertPut(refundAlert(rec, payment)));
    // A new one counts on the intent's link item, only while no payment is linked: a completion committing
    // meanwhile fails one of the two transactions, which reads again (no refund left waiting for nothing).
    if (!before && !ledger.link) items.push(repo.waitOp(intent));
    fresh ||= !before;
  }
  if (fresh) {
    const total = mine.reduce((s, r) => s + r.amount, 0);
    const currency = String(mine[0]!.currency ?? ctx.tenant.currency).toUpperCase();
    for (const o of await owners(ctx.db, ctx.tenant)) items.push(...mails(ctx, o, [paymentEmails.refundUnmatched(o.locale, ctx.tenant.name, total, currency, intent)]));
  }
  return items;
}

/**
 * A chargeback on a payment: `created` marks it disputed, alerts the owner (email and dashboard) and
 * applies the space's rule (pause the member's new bookings); `closed` records the outcome — won, the
 * payment stands and the pause is lifted; lost, it is accounted like a refund of the disputed amount
 * (credit note, what it granted taken back when that is all of it). A closed dispute is final.
 */
async function disputeEvent(ctx: Ctx, d: Stripe.Dispute, closed: boolean): Promise<Items | Effect | null> {
  const { tenant, now } = ctx;
  const intent = idOf(d.payment_intent) ?? idOf(d.charge);
  if (!intent) return [];
  const outcome: 'open' | 'won' | 'lost' = !closed ? 'open' : d.status === 'lost' ? 'lost' : 'won';
  const { payment } = await paymentOf(ctx, intent);
  const repo = stripeLedgerRepo(ctx.db, tenant.id);
  const currency = String(d.currency ?? tenant.currency).toUpperCase();
  if (!settled(payment)) {
    // Nothing paid here: staff reconcile it by hand.
    const known = await repo.alert(d.id);
    if (known && known.kind === `dispute_${outcome}`) return [];
    const alert: StaffAlert = { id: d.id, kind: `dispute_${outcome}`, status: 'open', amountCents: d.amount, currency, createdAt: known?.createdAt ?? now.toISOString() };
    return [repo.alertPut(alert)];
  }
  const current = payment.dispute?.id === d.id ? payment.dispute : undefined;
  if (current && (current.status !== 'open' || outcome === 'open')) return []; // closed is final; opened again is nothing new
  const dispute = {
    id: d.id, status: outcome, amountCents: d.amount, ...(d.reason ? { reason: d.reason } : {}),
    openedAt: current?.openedAt ?? now.toISOString(), ...(outcome !== 'open' ? { closedAt: now.toISOString() } : {}),
  };
  const pause = outcome === 'open' && tenant.disputeRule === 'pause_bookings';
  const edit = (p: BillingProfile): BillingProfile => {
    const by = (p.bookingsPausedBy ?? []).filter((id) => id !== d.id);
    if (pause) by.push(d.id);
    return by.length === (p.bookingsPausedBy ?? []).length && by.every((id, i) => id === p.bookingsPausedBy?.[i]) ? p : { ...p, bookingsPausedBy: by.length ? by : undefined };
  };
  const alert: StaffAlert = {
    id: d.id, kind: `dispute_${outcome}`, status: outcome === 'open' ? 'open' : 'resolved', amountCents: d.amount, currency,
    paymentId: payment.id, memberId: payment.memberId, memberName: payment.memberName, label: payment.item.label,
    createdAt: dispute.openedAt, ...(outcome !== 'open' ? { resolvedAt: now.toISOString() } : {}),
  };
  const ownerMails = (l: Locale) => outcome === 'open'
    ? paymentEmails.disputeOpened(l, tenant.name, payment.memberName, payment.item.label, d.amount, currency, d.reason ?? '—', pause)
    : paymentEmails.disputeClosed(l, tenant.name, payment.memberName, payment.item.label, d.amount, currency, outcome === 'won');
  const withDispute: Payment = { ...payment, dispute };
  const back = outcome === 'lost' ? countBack(withDispute, [{ id: d.id, cents: d.amount }]) : { next: withDispute, notes: [] };
  return paymentBack(ctx, {
    before: payment, next: back.next, notes: back.notes, why: 'dispute', edit, extra: [repo.alertPut(alert)],
    ownerMails,
  });
}
