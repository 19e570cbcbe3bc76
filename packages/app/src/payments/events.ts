import type { Stripe } from '@lieu/payments/stripe';
import { addInterval, localDate, newId, splitGross, vatRateBp, type Invoice, type Payment, type StoredSubscription, type Tenant } from '@lieu/core';
import { bookingsRepo, commit, getRefund, memberBillingRepo, paymentsRepo, stripeRepo, tenantsRepo, WriteSet, type Db, type MemberBilling, type transact } from '@lieu/db';
import { refundOutcomeItems } from './refunds';
import { settlementWrites } from '@lieu/payments';

/**
 * Applies one verified Stripe event. Guarantees:
 * - **once**: the event id is written with `attribute_not_exists` in the same transaction as its
 *   effect, so ten deliveries (even concurrent) have one effect;
 * - **any order**: payments only move forward (`pending` → `paid`/`expired`; `paid` is final, and a
 *   late `completed` after `expired` flags the payment instead of resurrecting a released booking);
 *   subscription events older than the last one applied are ignored, and `deleted` is final;
 * - **tenant fence**: the tenant comes from the connected account the event was sent for; the
 *   metadata must name that same tenant, and ids are looked up inside it only.
 * Unknown types are acknowledged and ignored.
 */
export type EventOutcome = 'processed' | 'duplicate' | 'ignored';
type Items = Parameters<typeof transact>[1];
type Meta = Record<string, string> | null | undefined;

export async function processStripeEvent(db: Db, event: Stripe.Event, now: Date): Promise<EventOutcome> {
  const accountId = event.account;
  if (!accountId) return 'ignored'; // platform-level events: nothing of a space's
  const stripeDb = stripeRepo(db);
  const tenantId = await stripeDb.tenantOfAccount(accountId);
  if (!tenantId) return 'ignored';
  if (await stripeDb.eventSeen(tenantId, event.id)) return 'duplicate';
  const tenant = await tenantsRepo(db).get(tenantId);
  if (!tenant) return 'ignored';

  for (let attempt = 1; ; attempt++) {
    const items = await effectOf(db, tenant, event, now);
    if (items === null) return 'ignored';
    // The event's record and its effect are one transaction: a second delivery loses on `event`.
    const set = new WriteSet().add('event', stripeDb.eventOp(tenantId, event.id, event.type, now)).add('effect', ...items);
    let duplicate = false;
    let stale = false;
    try {
      await commit(db, set, (failed) => {
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
async function effectOf(db: Db, tenant: Tenant, event: Stripe.Event, now: Date): Promise<Items | null> {
  const obj = event.data.object as unknown as Record<string, unknown>;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return sessionCompleted(db, tenant, event.data.object as Stripe.Checkout.Session, now);
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed':
      return sessionReleased(db, tenant, event.data.object as Stripe.Checkout.Session, event.type === 'checkout.session.expired' ? 'expired' : 'failed', now);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return subscriptionChanged(db, tenant, event.data.object as Stripe.Subscription, event, now);
    case 'invoice.paid':
    case 'invoice.payment_failed':
      return invoiceEvent(db, tenant, obj, event, now);
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      return refundEvent(db, tenant, event.data.object as Stripe.Refund, now);
    case 'charge.refunded': {
      // The charge lists its refunds (when Stripe includes them): reconcile the first of ours that changed.
      const refunds = ((event.data.object as Stripe.Charge).refunds?.data ?? []) as Stripe.Refund[];
      for (const r of refunds) {
        const items = await refundEvent(db, tenant, r, now);
        if (items?.length) return items;
      }
      return [];
    }
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

async function sessionCompleted(db: Db, tenant: Tenant, s: Stripe.Checkout.Session, now: Date): Promise<Items | null> {
  if (!ours(tenant, s.metadata) || !s.metadata.paymentId) return null;
  const payments = paymentsRepo(db, tenant.id);
  const payment = await payments.get(s.metadata.memberId!, s.metadata.paymentId);
  if (!payment) return null;
  if (payment.status === 'paid' || payment.status === 'refunded') return [];
  if (s.payment_status === 'unpaid') return []; // an async method: wait for async_payment_succeeded
  const idOf = (v: unknown) => (typeof v === 'string' ? v : (v as { id?: string } | null)?.id);
  // A held booking is confirmed in the same transaction, if its hold still stands (the slot
  // conditions are the fresh availability check). A released one is never resurrected: staff decide.
  const bookingWrites: Items = [];
  let released = payment.status !== 'pending' && payment.item.kind === 'booking';
  if (payment.item.kind === 'booking' && !released) {
    const bookings = bookingsRepo(db, tenant.id, tenant.timeZone);
    const b = await bookings.get(payment.item.refId);
    if (b?.status === 'held') {
      if (Date.parse(b.holdExpiresAt ?? '') > now.getTime()) {
        bookingWrites.push(...bookings.confirmTxItems(b, { ...b, status: 'confirmed', holdExpiresAt: undefined, version: b.version + 1 }));
      } else released = true;
    } else if (!b || b.status === 'cancelled') released = true;
  }
  const paid: Payment = {
    ...payment, status: 'paid', channel: 'stripe', method: 'card_online', paidAt: now.toISOString(), version: payment.version + 1,
    stripe: { ...payment.stripe, sessionId: s.id, paymentIntentId: idOf(s.payment_intent), invoiceId: idOf(s.invoice) },
    ...(released ? { attention: 'paid_after_release' } : {}),
  };
  const billing = await memberBillingRepo(db, tenant.id).load(payment.memberId);
  const today = localDate(now, tenant.timeZone);
  const subId = idOf(s.subscription);
  // A subscription event may have arrived first and already created the subscription.
  const known = !!subId && billing.profile.subscription?.stripeSubscriptionId === subId;
  const settle = known ? { ...paid, effect: { kind: 'none' as const } } : paid;
  return [
    payments.updateOp(payment, paid),
    ...bookingWrites,
    ...settlementWrites(db, tenant.id, settle, billing, today, now, { channel: 'stripe', stripeSubscriptionId: subId, stripeCustomerId: idOf(s.customer) }),
  ];
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

async function invoiceEvent(db: Db, tenant: Tenant, inv: Record<string, unknown>, event: Stripe.Event, now: Date): Promise<Items | null> {
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
  if (inv.billing_reason === 'subscription_create') return invoiceWrites;
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
    stripe: { invoiceId: String(inv.id) }, version: 1,
  };
  const items: Items = [paymentsRepo(db, tenant.id).createOp(payment), ...invoiceWrites];
  if (sub && sub.status !== 'canceled') items.push(repo.profilePut(billing.profile, { ...billing.profile, subscription: { ...sub, status: 'active' } }).op);
  return items;
}

/** A refund we requested (its metadata names this tenant and the request): record what Stripe says. */
async function refundEvent(db: Db, tenant: Tenant, r: Stripe.Refund, now: Date): Promise<Items | null> {
  const meta = r.metadata as Meta;
  if (!meta || meta.tenantId !== tenant.id || !meta.refundId) return null; // made in the Stripe dashboard: not ours
  const request = await getRefund(db, tenant.id, meta.refundId);
  if (!request || (request.stripeRefundId && request.stripeRefundId !== r.id)) return null;
  return refundOutcomeItems(db, request, r, now);
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
