/**
 * Every item kind of the table, declared once: its `type`, the shape of its keys and, from those
 * shapes, the key builders the repositories use. A key shape is written with `<name>` placeholders
 * (`T#<t>#BOOKING#<id>`); `<R>` is a realm prefix (`T#<t>#` for a tenant, `P#` for the platform).
 * Tests hold the access-pattern table of the README and the IAM `dynamodb:LeadingKeys` prefixes of
 * infra to this list, so a new entity is documented and fenced, or a test fails.
 */
import { granuleKey } from '@lieu/core/booking';

export interface EntityDecl {
  /** The item's `type` attribute. */
  type: string;
  /** Partition key shape. */
  pk: string;
  /** Sort key shape. */
  sk: string;
  /** GSI1 key shapes, when the item is listed there. */
  gsi1?: { pk: string; sk: string };
}

const declare = <const D extends Record<string, EntityDecl>>(d: D): D => d;

export const ENTITY = declare({
  // Platform and identity
  tenant: { type: 'Tenant', pk: 'T#<t>#TENANT', sk: 'TENANT', gsi1: { pk: 'TENANTS', sk: '<createdAt>#<id>' } },
  calendar: { type: 'OpeningCalendar', pk: 'T#<t>#TENANT', sk: 'CALENDAR' },
  slug: { type: 'SlugMarker', pk: 'SLUG#<slug>', sk: 'SLUG' },
  domain: { type: 'DomainMarker', pk: 'DOMAIN#<domain>', sk: 'DOMAIN' },
  devTxtRecord: { type: 'DevTxtRecord', pk: 'P#DEVDNS#<name>', sk: 'TXT' },
  user: { type: 'User', pk: '<R>USER#<id>', sk: 'USER', gsi1: { pk: '<R>USERS', sk: '<createdAt>#<id>' } },
  email: { type: 'EmailMarker', pk: '<R>EMAIL#<email>', sk: 'EMAIL' },
  session: { type: 'Session', pk: '<R>SESSION#<sid>', sk: 'SESSION', gsi1: { pk: '<R>USER#<id>#SESSIONS', sk: '<sid>' } },
  token: { type: 'Token', pk: '<R>TOKEN#<sha256>', sk: 'TOKEN' },
  rateLimit: { type: 'RateLimit', pk: '<R>RL#<scope>#<subject>', sk: 'W#<window>' },
  outboxEmail: { type: 'Email', pk: '<R>OUTBOX', sk: '<createdAt>#<id>' },
  counter: { type: 'Counter', pk: 'T#<t>#COUNTER', sk: '<name>' },
  sendBudget: { type: 'SendBudget', pk: 'T#<t>#SENDS', sk: '<day>' },
  audit: { type: 'Audit', pk: 'T#<t>#AUDIT', sk: '<at>#<id>' },
  // Billing
  catalogueEntry: { type: 'Catalogue<Kind>', pk: 'T#<t>#CATALOGUE', sk: '<KIND>#<id>' },
  billingProfile: { type: 'BillingProfile', pk: 'T#<t>#MBILL#<member>', sk: 'PROFILE' },
  creditsIndex: { type: 'CreditsIndex', pk: 'T#<t>#MBILL#<member>', sk: 'CREDITS' },
  credit: { type: 'Credit', pk: 'T#<t>#MBILL#<member>', sk: 'CREDIT#<id>' },
  quotaUsage: { type: 'QuotaUsage', pk: 'T#<t>#MBILL#<member>', sk: 'USAGE#<kind>#<month>' },
  payment: { type: 'Payment', pk: 'T#<t>#MBILL#<member>', sk: 'PAY#<id>', gsi1: { pk: 'T#<t>#PAYMENTS', sk: '<createdAt>#<id>' } },
  invoice: { type: 'Invoice', pk: 'T#<t>#MBILL#<member>', sk: 'INVOICE#<id>' },
  receipt: { type: 'Receipt', pk: 'T#<t>#RECEIPT#<seq>', sk: 'RECEIPT', gsi1: { pk: 'T#<t>#RECEIPTS', sk: '<seq>' } },
  idempotency: { type: 'Idempotency', pk: 'T#<t>#IDEM#<key>', sk: 'IDEM' },
  requestRecord: { type: 'RequestRecord', pk: 'T#<t>#IDEMREQ#<caller>:<key>', sk: 'REQUEST' },
  stripeEvent: { type: 'StripeEvent', pk: 'T#<t>#STRIPE_EVENT#<evt>', sk: 'EVENT' },
  stripeAccount: { type: 'StripeAccount', pk: 'STRIPE_ACCOUNT#<acct>', sk: 'ACCOUNT' },
  stripeSettings: { type: 'StripeSettings', pk: 'T#<t>#STRIPE', sk: 'SETTINGS' },
  platformFee: { type: 'PlatformFee', pk: 'T#<t>#STRIPE', sk: 'FEE' },
  stripePaymentLink: { type: 'StripePaymentLink', pk: 'T#<t>#STRIPE', sk: 'TXN#<pi>#PAYMENT' },
  stripeRefundPending: { type: 'StripeRefundPending', pk: 'T#<t>#STRIPE', sk: 'TXN#<pi>#REFUND#<re>' },
  staffAlert: { type: 'StaffAlert', pk: 'T#<t>#STRIPE', sk: 'ALERT#<id>' },
  refund: { type: 'RefundRequest', pk: 'T#<t>#REFUND#<id>', sk: 'REFUND', gsi1: { pk: 'T#<t>#REFUNDS', sk: '<createdAt>#<id>' } },
  // Bookings
  resource: { type: 'Resource', pk: 'T#<t>#RESOURCES', sk: 'RES#<id>' },
  training: { type: 'Training', pk: 'T#<t>#TRAININGS', sk: 'TRAINING#<id>' },
  booking: { type: 'Booking', pk: 'T#<t>#BOOKING#<id>', sk: 'BOOKING', gsi1: { pk: 'T#<t>#RES#<r>#BOOKINGS', sk: '<start>#<id>' } },
  memberBooking: { type: 'MemberBooking', pk: '<R>USER#<id>', sk: 'BOOKING#<end>#<booking>' },
  qualification: { type: 'Qualification', pk: '<R>USER#<id>', sk: 'QUAL#<training>', gsi1: { pk: 'T#<t>#TRAINING#<training>#HOLDERS', sk: '<id>' } },
  slot: { type: 'Slot', pk: 'T#<t>#RES#<r>#DAY#<date>', sk: 'SLOT#<granule>' },
  icalToken: { type: 'IcalToken', pk: 'T#<t>#ICAL#<sha256>', sk: 'ICAL' },
  icalFeed: { type: 'CalendarFeed', pk: '<R>USER#<id>', sk: 'ICALFEED' },
  bookingReminder: { type: 'BookingReminder', pk: 'T#<t>#REMINDERS#<date>', sk: 'MEMBER#<member>' },
  // Shop
  shopSettings: { type: 'ShopSettings', pk: 'T#<t>#SHOP', sk: 'SETTINGS' },
  consignor: { type: 'Consignor', pk: 'T#<t>#SHOP', sk: 'CONSIGNOR#<member>' },
  product: { type: 'Product', pk: 'T#<t>#SHOP', sk: 'PRODUCT#<id>' },
  stockMovement: { type: 'StockMovement', pk: 'T#<t>#CONSIGNOR#<member>', sk: 'STOCK#<at>#<id>' },
  shopMove: { type: 'ShopMove', pk: 'T#<t>#CONSIGNOR#<member>', sk: 'MOVE#<day>#<at>#<order>#<kind>' },
  payout: { type: 'Payout', pk: 'T#<t>#CONSIGNOR#<member>', sk: 'PAID#<month>' },
  statementSent: { type: 'StatementSent', pk: 'T#<t>#CONSIGNOR#<member>', sk: 'SENT#<month>' },
  order: { type: 'Order', pk: 'T#<t>#ORDER#<id>', sk: 'ORDER', gsi1: { pk: 'T#<t>#ORDERS', sk: '<createdAt>#<id>' } },
  orderMarker: { type: 'OrderMarker', pk: 'T#<t>#MSHOP#<buyer>', sk: 'ORDER#<createdAt>#<id>' },
  shopHold: { type: 'ShopHold', pk: 'T#<t>#SHOPHOLDS', sk: '<holdUntil>#<id>' },
  // Events
  event: { type: 'Event', pk: 'T#<t>#EVENT#<id>', sk: 'EVENT', gsi1: { pk: 'T#<t>#EVENTS', sk: '<start>#<id>' } },
  registration: { type: 'EventRegistration', pk: 'T#<t>#EVENT#<id>', sk: 'REG#<registration>' },
  eventPerson: { type: 'EventPerson', pk: 'T#<t>#EVENT#<id>', sk: 'PERSON#<person>' },
  eventToken: { type: 'EventToken', pk: 'T#<t>#EVTOKEN#<sha256>', sk: 'EVTOKEN' },
  eventPendingVisitor: { type: 'EventPendingVisitor', pk: 'T#<t>#EVCONFIRM#<sha256>', sk: 'EVCONFIRM' },
});

/** The declarations as a list (docs and IAM checks). */
export const ENTITIES: (EntityDecl & { name: string })[] = Object.entries(ENTITY).map(([name, d]) => ({ name, ...d }));

/** Fills a shape's placeholders in order: `fill('T#<t>#ORDER#<id>', 't1', 'o1')` → `T#t1#ORDER#o1`. */
export function fill(shape: string, ...values: (string | number)[]): string {
  let i = 0;
  const out = shape.replace(/<[^>]+>/g, (p) => {
    if (i >= values.length) throw new Error(`Missing value for ${p} in ${shape}`);
    return String(values[i++]);
  });
  if (i !== values.length) throw new Error(`Too many values for ${shape}`);
  return out;
}

/** A shape's IAM `StringLike` form: placeholders become `*`. */
export const likePattern = (shape: string): string => shape.replace(/<[^>]+>/g, '*');

/**
 * The partition shapes (table and GSI1) the declarations use, realm expanded (`<R>` → tenant and
 * platform), as IAM `StringLike` patterns.
 */
export function declaredPartitions(): string[] {
  const out = new Set<string>();
  for (const e of ENTITIES) {
    for (const pk of [e.pk, e.gsi1?.pk]) {
      if (!pk) continue;
      if (pk.startsWith('<R>')) { out.add(likePattern(`T#<t>#${pk.slice(3)}`)); out.add(likePattern(`P#${pk.slice(3)}`)); }
      else out.add(likePattern(pk));
    }
  }
  return [...out];
}

/** A realm is where identities live: one tenant, or the platform (its admins). */
export type Realm = { kind: 'tenant'; tenantId: string } | { kind: 'platform' };
export const tenantRealm = (tenantId: string): Realm => ({ kind: 'tenant', tenantId });
export const PLATFORM_REALM: Realm = { kind: 'platform' };
export const realmPrefix = (r: Realm): string => (r.kind === 'tenant' ? fill('T#<t>#', r.tenantId) : 'P#');
const inRealm = (r: Realm, shape: string, ...values: (string | number)[]) => realmPrefix(r) + fill(shape.slice(3), ...values);

const E = ENTITY;
const key = (d: EntityDecl, pkValues: (string | number)[], skValues: (string | number)[] = []) =>
  ({ PK: fill(d.pk, ...pkValues), SK: fill(d.sk, ...skValues) });

/** Platform, identity, outbox, counters. */
export const keys = {
  tenant: (tenantId: string) => key(E.tenant, [tenantId]),
  tenantList: () => E.tenant.gsi1.pk, // GSI1PK of every tenant, for platform admins
  slug: (slug: string) => key(E.slug, [slug]),
  domain: (domain: string) => key(E.domain, [domain]),
  /** Local only: a TXT record the dev resolver answers (custom-domain checks on a laptop and in tests). */
  devTxtRecord: (name: string) => key(E.devTxtRecord, [name]),
  /** The emails a space sent on one UTC day (its new-space send budget). */
  sendBudget: (tenantId: string, day: string) => key(E.sendBudget, [tenantId], [day]),

  user: (r: Realm, userId: string) => ({ PK: inRealm(r, E.user.pk, userId), SK: E.user.sk }),
  userList: (r: Realm) => inRealm(r, E.user.gsi1.pk), // GSI1PK
  email: (r: Realm, email: string) => ({ PK: inRealm(r, E.email.pk, email), SK: E.email.sk }),

  session: (r: Realm, sessionId: string) => ({ PK: inRealm(r, E.session.pk, sessionId), SK: E.session.sk }),
  userSessions: (r: Realm, userId: string) => inRealm(r, E.session.gsi1.pk, userId), // GSI1PK
  token: (r: Realm, tokenHash: string) => ({ PK: inRealm(r, E.token.pk, tokenHash), SK: E.token.sk }),
  rateLimit: (r: Realm, scope: string, subject: string, window: number) =>
    ({ PK: inRealm(r, E.rateLimit.pk, scope, subject), SK: fill(E.rateLimit.sk, window) }),
  outbox: (r: Realm) => inRealm(r, E.outboxEmail.pk),
  outboxEmail: (r: Realm, createdAt: string, id: string) => ({ PK: inRealm(r, E.outboxEmail.pk), SK: fill(E.outboxEmail.sk, createdAt, id) }),
  counter: (tenantId: string, name: string) => key(E.counter, [tenantId], [name]),
  /** A client's Idempotency-Key (scoped to its caller: `<caller>:<key>`) and the first answer it got. */
  requestRecord: (tenantId: string, scopedKey: string) => ({ PK: fill(E.requestRecord.pk, tenantId, ...scopedKey.split(/:(.*)/s, 2)), SK: E.requestRecord.sk }),
};

/** The realm an outbox partition key belongs to (stream records carry only keys); null for anything else. */
export function outboxRealmOf(pk: string): Realm | null {
  if (pk === fill(E.outboxEmail.pk.replace('<R>', 'P#'))) return PLATFORM_REALM;
  const m = /^T#([^#]+)#OUTBOX$/.exec(pk);
  return m ? tenantRealm(m[1]!) : null;
}

export const auditKeys = {
  partition: (t: string) => fill(E.audit.pk, t),
  entry: (t: string, at: string, id: string) => key(E.audit, [t], [at, id]),
};
export const auditPk = auditKeys.partition;

const tenantUser = (t: string, userId: string) => keys.user(tenantRealm(t), userId).PK;

export const bookingKeys = {
  resource: (t: string, id: string) => key(E.resource, [t], [id]),
  training: (t: string, id: string) => key(E.training, [t], [id]),
  calendar: (t: string) => key(E.calendar, [t]),
  booking: (t: string, id: string) => key(E.booking, [t, id]),
  resourceBookings: (t: string, resourceId: string) => fill(E.booking.gsi1.pk, t, resourceId), // GSI1PK
  /** Lives in the member's own partition, so the GDPR export finds it. */
  memberBooking: (t: string, userId: string, end: string, id: string) => ({ PK: tenantUser(t, userId), SK: fill(E.memberBooking.sk, end, id) }),
  qualification: (t: string, userId: string, trainingId: string) => ({ PK: tenantUser(t, userId), SK: fill(E.qualification.sk, trainingId) }),
  /** GSI1PK of a training's holders (GSI1SK = the member's id): "who holds this training". */
  trainingHolders: (t: string, trainingId: string) => fill(E.qualification.gsi1.pk, t, trainingId),
  day: (t: string, resourceId: string, date: string) => fill(E.slot.pk, t, resourceId, date),
  slot: (t: string, resourceId: string, date: string, granule: number) => key(E.slot, [t, resourceId, date], [granuleKey(granule)]),
  icalToken: (t: string, tokenHash: string) => key(E.icalToken, [t, tokenHash]),
  icalOfMember: (t: string, userId: string) => ({ PK: tenantUser(t, userId), SK: E.icalFeed.sk }),
  /** The day-before reminder of a member's bookings, sent once. */
  reminder: (t: string, date: string, memberId: string) => key(E.bookingReminder, [t, date], [memberId]),
};

export const billingKeys = {
  catalogue: (t: string) => fill(E.catalogueEntry.pk, t),
  catalogueEntry: (t: string, kind: string, id: string) => key(E.catalogueEntry, [t], [kind.toUpperCase(), id]),
  member: (t: string, memberId: string) => fill(E.billingProfile.pk, t, memberId),
  profile: (t: string, memberId: string) => key(E.billingProfile, [t, memberId]),
  creditsIndex: (t: string, memberId: string) => key(E.creditsIndex, [t, memberId]),
  credit: (t: string, memberId: string, id: string) => key(E.credit, [t, memberId], [id]),
  /** `quotaKey` is `<kind>#<month>`. */
  usage: (t: string, memberId: string, quotaKey: string) => ({ PK: fill(E.quotaUsage.pk, t, memberId), SK: `USAGE#${quotaKey}` }),
  payment: (t: string, memberId: string, id: string) => key(E.payment, [t, memberId], [id]),
  invoice: (t: string, memberId: string, id: string) => key(E.invoice, [t, memberId], [id]),
  payments: (t: string) => fill(E.payment.gsi1.pk, t), // GSI1PK
  receipt: (t: string, seq: number) => key(E.receipt, [t, String(seq).padStart(9, '0')]),
  receipts: (t: string) => fill(E.receipt.gsi1.pk, t), // GSI1PK
  idempotency: (t: string, k: string) => key(E.idempotency, [t, k]),
  stripeEvent: (t: string, eventId: string) => key(E.stripeEvent, [t, eventId]),
  /** Platform-level: which tenant a connected Stripe account belongs to (webhooks arrive without a host). */
  stripeAccount: (accountId: string) => key(E.stripeAccount, [accountId]),
  stripeSettings: (t: string) => key(E.stripeSettings, [t]),
  /** The platform's application fee for this space, set by a platform admin (beside the settings). */
  platformFee: (t: string) => key(E.platformFee, [t]),
  /** Which payment a Stripe payment intent (or charge) paid, beside the settings (`TXN#…` sorts after them). */
  stripePaymentLink: (t: string, pi: string) => key(E.stripePaymentLink, [t], [pi]),
  /** A Stripe refund not applied to a paid payment yet (unknown intent, or the completion not arrived). */
  stripeRefundPending: (t: string, pi: string, re: string) => key(E.stripeRefundPending, [t], [pi, re]),
  /** The SK prefix of everything known about one payment intent (its link and pending refunds). */
  stripeTxnPrefix: (pi: string) => `${fill(E.stripePaymentLink.sk, pi).slice(0, -'PAYMENT'.length)}`,
  staffAlert: (t: string, id: string) => key(E.staffAlert, [t], [id]),
  staffAlertPrefix: E.staffAlert.sk.slice(0, -'<id>'.length),
  refund: (t: string, id: string) => key(E.refund, [t, id]),
  refunds: (t: string) => fill(E.refund.gsi1.pk, t), // GSI1PK
};

/** The inverse of `billingKeys.refund`: which tenant and refund a partition key names (stream records carry only keys). */
export function refundKeyOf(pk: string): { tenantId: string; refundId: string } | null {
  const m = /^T#([^#]+)#REFUND#(.+)$/.exec(pk);
  return m ? { tenantId: m[1]!, refundId: m[2]! } : null;
}

/** The inverse of `billingKeys.profile`: whose billing profile a stream record's keys name. */
export function billingProfileKeyOf(pk: string, sk: string): { tenantId: string; memberId: string } | null {
  const m = /^T#([^#]+)#MBILL#([^#]+)$/.exec(pk);
  return m && sk === E.billingProfile.sk ? { tenantId: m[1]!, memberId: m[2]! } : null;
}

export const shopKeys = {
  shop: (t: string) => fill(E.product.pk, t),
  settings: (t: string) => key(E.shopSettings, [t]),
  product: (t: string, id: string) => key(E.product, [t], [id]),
  agreement: (t: string, memberId: string) => key(E.consignor, [t], [memberId]),
  consignor: (t: string, memberId: string) => fill(E.stockMovement.pk, t, memberId),
  stockMovement: (t: string, memberId: string, at: string, id: string) => key(E.stockMovement, [t, memberId], [at, id]),
  payout: (t: string, memberId: string, month: string) => key(E.payout, [t, memberId], [month]),
  order: (t: string, id: string) => key(E.order, [t, id]),
  orders: (t: string) => fill(E.order.gsi1.pk, t), // GSI1PK
  buyer: (t: string, buyerId: string) => fill(E.orderMarker.pk, t, buyerId),
  orderMarker: (t: string, buyerId: string, createdAt: string, id: string) => key(E.orderMarker, [t, buyerId], [createdAt, id]),
  holds: (t: string) => fill(E.shopHold.pk, t),
  hold: (t: string, holdUntil: string, id: string) => key(E.shopHold, [t], [holdUntil, id]),
  /** "This month's statement was emailed", next to the payout records. */
  statementSent: (t: string, memberId: string, month: string) => key(E.statementSent, [t, memberId], [month]),
};

export const eventKeys = {
  event: (t: string, id: string) => key(E.event, [t, id]),
  list: (t: string) => fill(E.event.gsi1.pk, t), // GSI1PK
  registration: (t: string, eventId: string, id: string) => key(E.registration, [t, eventId], [id]),
  person: (t: string, eventId: string, person: string) => key(E.eventPerson, [t, eventId], [person]),
  visitorToken: (t: string, hash: string) => key(E.eventToken, [t, hash]),
  visitorPending: (t: string, hash: string) => key(E.eventPendingVisitor, [t, hash]),
  registrationPrefix: 'REG#',
};

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'type'] as const;

/** An item without its key attributes and `type`: what a repository returns. */
export function strip<T>(item: Record<string, unknown>): T {
  const rest: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRIBUTES) delete rest[k];
  return rest as T;
}
