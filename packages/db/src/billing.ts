import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  AppError, conflict, effectivePayment, STAFF_ALERT_KINDS, notFound, receiptNumber, releaseDecision,
  type BillingProfile, type CreditGrant, type Dues, type Invoice, type MemberTerms, type Pass, type Payment, type Plan, type Rate, type Receipt,
} from '@lieu/core';
import type { Db } from './client';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { billingKeys, billingProfileKeyOf, refundKeyOf } from './entities';
import { keys } from './keys';
import { commit, isConditionFailed, transact, WriteSet } from './transact';

/** The names of the receipt's own writes in an issuing transaction. */
const RECEIPT_COUNTER = 'receipt-counter';
const RECEIPT_ITEM = 'receipt';

/**
 * Billing data (see the README's "Billing" access patterns):
 * - the catalogue: one partition per tenant, `T#t#CATALOGUE`, SK `<KIND>#<id>` — one Query loads it;
 * - a member's billing partition `T#t#MBILL#<memberId>`: `PROFILE` (category, subscription, dues),
 *   `CREDIT#<id>` (what is left of passes), `USAGE#<kind>#<YYYY-MM>` (quota used), `PAY#<id>`
 *   (payments; GSI1 `T#t#PAYMENTS` by creation time lists them tenant-wide) — one Query prices a member;
 * - receipts `T#t#RECEIPT#<sequence>` numbered from the counter `keys.counter(t, 'receipt')`;
 * - idempotency records `T#t#IDEM#<key>` and Stripe event records `T#t#STRIPE_EVENT#<id>`.
 */
type Items = NonNullable<TransactWriteCommandInput['TransactItems']>;
const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, type: _e, ...rest } = item;
  return rest as T;
};

export { billingKeys, billingProfileKeyOf, refundKeyOf };

// ---- catalogue -------------------------------------------------------------------------------------
export type CatalogueKind = 'rate' | 'plan' | 'pass' | 'dues';
export interface Catalogue { rates: Rate[]; plans: Plan[]; passes: Pass[]; dues: Dues[] }
type Entry = { rate: Rate; plan: Plan; pass: Pass; dues: Dues };

export const catalogueRepo = (db: Db, tenantId: string) => ({
  /** Pattern: the whole catalogue of a tenant (Query `T#t#CATALOGUE`). */
  async load(): Promise<Catalogue> {
    const out: Catalogue = { rates: [], plans: [], passes: [], dues: [] };
    let start: Record<string, unknown> | undefined;
    do {
      const r = await db.doc.send(new QueryCommand({
        TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': billingKeys.catalogue(tenantId) }, ExclusiveStartKey: start,
      }));
      for (const item of r.Items ?? []) {
        const kind = String(item.SK).split('#')[0]!.toLowerCase() as CatalogueKind;
        const list = kind === 'rate' ? out.rates : kind === 'plan' ? out.plans : kind === 'pass' ? out.passes : out.dues;
        (list as unknown[]).push(strip(item));
      }
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  },

  /** Pattern: one catalogue entry (GetItem). */
  async get<K extends CatalogueKind>(kind: K, id: string): Promise<Entry[K] | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: { PK: billingKeys.catalogue(tenantId), SK: `${kind.toUpperCase()}#${id}` } }));
    return r.Item ? strip<Entry[K]>(r.Item) : null;
  },

  /**
   * Creates or replaces an entry. Staff edits pass their audit entry (`auditPut`): the entry and its
   * audit line are then one transaction, so a price never changes without its trace.
   */
  async put<K extends CatalogueKind>(kind: K, entry: Entry[K], mode: 'create' | 'replace', audit?: Items[number]): Promise<void> {
    const put = {
      TableName: db.table,
      Item: { PK: billingKeys.catalogue(tenantId), SK: `${kind.toUpperCase()}#${entry.id}`, type: `Catalogue${kind}`, ...entry },
      ConditionExpression: mode === 'create' ? 'attribute_not_exists(PK)' : 'attribute_exists(PK)',
    };
    const failed = () => (mode === 'create' ? conflict('This entry already exists') : notFound('Catalogue entry'));
    if (audit) return transact(db, [{ Put: put }, audit], failed);
    try {
      await db.doc.send(new PutCommand(put));
    } catch (e) {
      if (isConditionFailed(e)) throw failed();
      throw e;
    }
  },

  /** Removes a catalogue entry of this tenant (with its audit entry, in one transaction); an id that is not one (here) is 404. */
  async remove(kind: CatalogueKind, id: string, audit?: Items[number]): Promise<void> {
    const del = { TableName: db.table, Key: { PK: billingKeys.catalogue(tenantId), SK: `${kind.toUpperCase()}#${id}` }, ConditionExpression: 'attribute_exists(PK)' };
    if (audit) return transact(db, [{ Delete: del }, audit], () => notFound('Catalogue entry'));
    try {
      await db.doc.send(new DeleteCommand(del));
    } catch (e) {
      if (isConditionFailed(e)) throw notFound('Catalogue entry');
      throw e;
    }
  },
});

// ---- a member's billing partition -------------------------------------------------------------------
export interface MemberBilling {
  profile: BillingProfile;
  credits: (CreditGrant & { createdAt: string })[];
  usage: Record<string, number>;
  payments: Payment[];
  /** Stripe invoices of the member's subscription, newest first (stored from the webhooks; `load` fills it). */
  invoices?: Invoice[] | undefined;
}

export const defaultProfile = (memberId: string): BillingProfile => ({ memberId, category: 'standard', version: 0 });

export const memberBillingRepo = (db: Db, tenantId: string) => {
  const pk = (memberId: string) => billingKeys.member(tenantId, memberId);
  return {
    /** Pattern: everything that prices a member and fills the billing page (Query `T#t#MBILL#<id>`). */
    async load(memberId: string): Promise<MemberBilling> {
      const out: MemberBilling = { profile: defaultProfile(memberId), credits: [], usage: {}, payments: [], invoices: [] };
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': pk(memberId) }, ExclusiveStartKey: start,
        }));
        for (const item of r.Items ?? []) {
          const sk = String(item.SK);
          if (sk === 'PROFILE') out.profile = strip<BillingProfile>(item);
          else if (sk.startsWith('CREDIT#')) out.credits.push(strip(item));
          else if (sk.startsWith('USAGE#')) out.usage[sk.slice(6)] = Number(item.used ?? 0);
          else if (sk.startsWith('PAY#')) out.payments.push(effectivePayment(strip<Payment>(item)));
          else if (sk.startsWith('INVOICE#')) out.invoices!.push(strip<Invoice>(item));
        }
        start = r.LastEvaluatedKey;
      } while (start);
      out.payments.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      out.invoices!.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      return out;
    },

    /** The put of a Stripe invoice in the member's partition (`INVOICE#<id>`), for the webhook's transaction. */
    invoicePut(memberId: string, invoice: Invoice) {
      return { Put: { TableName: db.table, Item: { PK: pk(memberId), SK: `INVOICE#${invoice.id}`, type: 'Invoice', ...invoice } } };
    },

    /** The profile put, conditional on the version read (optimistic locking; version 0 = not stored yet). */
    profilePut(before: BillingProfile, after: BillingProfile) {
      const next = { ...after, version: before.version + 1 };
      return {
        item: next,
        op: {
          Put: {
            TableName: db.table,
            Item: { PK: pk(before.memberId), SK: 'PROFILE', type: 'BillingProfile', ...next },
            ConditionExpression: before.version === 0 ? 'attribute_not_exists(PK)' : 'version = :v',
            ...(before.version === 0 ? {} : { ExpressionAttributeValues: { ':v': before.version } }),
          },
        },
      };
    },

    async saveProfile(before: BillingProfile, after: BillingProfile): Promise<BillingProfile> {
      const p = this.profilePut(before, after);
      await transact(db, [p.op], () => conflict('The billing profile changed meanwhile; reload and try again', { rule: 'stale_version' }));
      return p.item;
    },

    creditPut(memberId: string, grant: CreditGrant & { createdAt: string }) {
      return { Put: { TableName: db.table, Item: { PK: pk(memberId), SK: `CREDIT#${grant.id}`, type: 'Credit', ...grant }, ConditionExpression: 'attribute_not_exists(PK)' } };
    },

    /** Withdraws what is left of a credit grant (its payment was given back): used units stay used. */
    creditWithdrawOp(memberId: string, creditId: string) {
      return {
        Update: {
          TableName: db.table, Key: billingKeys.credit(tenantId, memberId, creditId),
          UpdateExpression: 'SET remaining = :z', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':z': 0 },
        },
      };
    },

    /**
     * The writes that consume what a quote says, for the caller's transaction: each credit is
     * decremented only if enough is left, each quota counter only if it stays within its limit. A
     * concurrent booking that got there first makes the transaction fail instead of overspending.
     */
    consumeItems(memberId: string, consumes: { credits: { creditId: string; amount: number }[]; quotas: { quotaKey: string; amount: number; limit: number }[] }): Items {
      const items: Items = [];
      for (const c of consumes.credits) {
        items.push({
          Update: {
            TableName: db.table, Key: { PK: pk(memberId), SK: `CREDIT#${c.creditId}` },
            UpdateExpression: 'SET remaining = remaining - :n', ConditionExpression: 'remaining >= :n',
            ExpressionAttributeValues: { ':n': c.amount },
          },
        });
      }
      for (const q of consumes.quotas) {
        items.push({
          Update: {
            TableName: db.table, Key: { PK: pk(memberId), SK: `USAGE#${q.quotaKey}` },
            UpdateExpression: 'SET #t = :type ADD used :n', ConditionExpression: 'attribute_not_exists(used) OR used <= :room',
            ExpressionAttributeNames: { '#t': 'type' },
            ExpressionAttributeValues: { ':n': q.amount, ':room': q.limit - q.amount, ':type': 'QuotaUsage' },
          },
        });
      }
      return items;
    },

    /** The writes that give back what a cancelled booking consumed. */
    refundItems(memberId: string, consumes: { credits: { creditId: string; amount: number }[]; quotas: { quotaKey: string; amount: number }[] }): Items {
      return [
        ...consumes.credits.map((c) => ({ Update: { TableName: db.table, Key: { PK: pk(memberId), SK: `CREDIT#${c.creditId}` }, UpdateExpression: 'ADD remaining :n', ExpressionAttributeValues: { ':n': c.amount } } })),
        ...consumes.quotas.map((q) => ({ Update: { TableName: db.table, Key: { PK: pk(memberId), SK: `USAGE#${q.quotaKey}` }, UpdateExpression: 'ADD used :n', ExpressionAttributeValues: { ':n': -q.amount } } })),
      ];
    },
  };
};

/** A member's terms for the pricing engine, from the billing partition. */
export function memberTerms(b: MemberBilling): MemberTerms {
  const s = b.profile.subscription;
  return {
    category: b.profile.category,
    subscription: s ? { planId: s.planId, plan: s.plan, status: s.status, validFrom: s.validFrom, validUntil: s.validUntil } : null,
    credits: b.credits.filter((c) => c.remaining > 0),
    usage: b.usage,
  };
}

// ---- payments ---------------------------------------------------------------------------------------
export const paymentsRepo = (db: Db, tenantId: string) => {
  const key = (memberId: string, id: string) => ({ PK: billingKeys.member(tenantId, memberId), SK: `PAY#${id}` });
  const item = (p: Payment) => ({ ...key(p.memberId, p.id), type: 'Payment', GSI1PK: billingKeys.payments(tenantId), GSI1SK: `${p.createdAt}#${p.id}`, ...p });
  return {
    key,
    createOp: (p: Payment) => ({ Put: { TableName: db.table, Item: item(p), ConditionExpression: 'attribute_not_exists(PK)' } }),
    /** Replaces a payment if it is still at the version read (a status moves once). */
    updateOp: (before: Payment, after: Payment) => ({
      Put: { TableName: db.table, Item: item({ ...after, version: before.version + 1 }), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } },
    }),

    /** Pattern: one payment (GetItem in the member's billing partition). */
    async get(memberId: string, id: string): Promise<Payment | null> {
      const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: key(memberId, id) }));
      return r.Item ? effectivePayment(strip<Payment>(r.Item)) : null;
    },

    /** Pattern: the tenant's payments, newest first, optionally from a date (Query GSI1 `T#t#PAYMENTS`). */
    async list(opts: { limit: number; cursor?: string | undefined; from?: string; to?: string }): Promise<Page<Payment>> {
      const partition = billingKeys.payments(tenantId);
      const range = opts.from || opts.to;
      const r = await db.doc.send(new QueryCommand({
        TableName: db.table, IndexName: 'GSI1',
        KeyConditionExpression: range ? 'GSI1PK = :p AND GSI1SK BETWEEN :a AND :b' : 'GSI1PK = :p',
        ExpressionAttributeValues: { ':p': partition, ...(range ? { ':a': opts.from ?? '0', ':b': `${opts.to ?? '9'}\uffff` } : {}) },
        ScanIndexForward: false, Limit: opts.limit, ExclusiveStartKey: decodeCursor(partition, opts.cursor),
      }));
      return { items: (r.Items ?? []).map((i) => effectivePayment(strip<Payment>(i))), nextCursor: encodeCursor(partition, r.LastEvaluatedKey) };
    },

    /** Every payment in a creation-date range (reports, CSV export): the same Query, all pages. */
    async all(from?: string, to?: string): Promise<Payment[]> {
      const out: Payment[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await this.list({ limit: 100, cursor: cursor ?? undefined, ...(from ? { from } : {}), ...(to ? { to } : {}) });
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    },
  };
};

/**
 * What cancelling (or rolling back) a priced booking writes in the same transaction, with no extra
 * read: the credits and quota it consumed come back, and its payment is marked released (a pending
 * one then reads as `expired`; a paid one is flagged `refund_due`).
 */
export function pricingReleaseItems(
  db: Db, tenantId: string, booking: { id: string; memberId: string; pricing?: BookingPricingRecord | undefined }, now: Date,
  /** The booking's payment when the caller read it: a paid one is then refunded (see paymentReleaseItems). */
  payment?: Payment | null,
): Items {
  const p = booking.pricing;
  if (!p) return [];
  const items: Items = [...memberBillingRepo(db, tenantId).refundItems(booking.memberId, p.consumes)];
  if (p.paymentId && payment !== undefined) {
    items.push(...paymentReleaseItems(db, tenantId, payment, now, { kind: 'booking', id: booking.id }));
  } else if (p.paymentId) {
    items.push({
      Update: {
        TableName: db.table, Key: paymentsRepo(db, tenantId).key(booking.memberId, p.paymentId),
        UpdateExpression: 'SET releasedAt = :now', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':now': now.toISOString() },
      },
    });
  }
  return items;
}
/**
 * The writes of core's `releaseDecision` for a cancelled item's payment, in the cancellation's own
 * transaction (the caller read the payment): the refund request and the payment marked with it, or
 * the payment marked released.
 */
export function paymentReleaseItems(db: Db, tenantId: string, payment: Payment | null, now: Date, source: RefundRequest['source']): Items {
  const decision = releaseDecision(payment, source);
  if (!payment || decision.kind === 'none') return [];
  const payments = paymentsRepo(db, tenantId);
  if (decision.kind === 'refund_online') {
    const request = refundRequestOf(tenantId, payment, source, decision.requestId, decision.amountCents, now);
    return [
      refundRequestOp(db, request),
      payments.updateOp(payment, { ...payment, releasedAt: now.toISOString(), refundId: request.id }),
    ];
  }
  return [{
    Update: {
      TableName: db.table, Key: payments.key(payment.memberId, payment.id),
      UpdateExpression: 'SET releasedAt = :now', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  }];
}

export interface BookingPricingRecord {
  consumes: { credits: { creditId: string; amount: number }[]; quotas: { quotaKey: string; amount: number }[] };
  paymentId?: string | undefined;
  category: string;
}

// ---- receipts -----------------------------------------------------------------------------------
export const receiptsRepo = (db: Db, tenantId: string) => ({
  /**
   * Issues the next receipt inside the caller's transaction. The counter item moves from n to n+1 only
   * if it still holds n, and receipt n+1 is put only if it does not exist: two concurrent payments
   * cannot take the same number, and a failed transaction takes none (no gap). The loser retries.
   * `build` returns the receipt and the caller's named writes; when one of those fails,
   * `onFailed` gets the names of the failed writes.
   */
  async issueWith(
    build: (sequence: number, number: string) => { receipt: Receipt; writes: WriteSet },
    onFailed: (failed: Set<string>) => Error,
    opts: { attempts?: number; clientRequestToken?: string } = {},
  ): Promise<Receipt> {
    const [receipt] = await this.issueManyWith(1, ([first]) => {
      const b = build(first!.sequence, first!.number);
      return { receipts: [b.receipt], writes: b.writes };
    }, onFailed, opts);
    return receipt!;
  },

  /**
   * `issueWith` for `count` consecutive numbers in one transaction (a payment completed online with
   * the credit notes of refunds that arrived before it): the counter moves from n to n+count, each
   * receipt is put once. `count` 0 commits the writes alone.
   */
  async issueManyWith(
    count: number,
    build: (numbers: { sequence: number; number: string }[]) => { receipts: Receipt[]; writes: WriteSet },
    onFailed: (failed: Set<string>) => Error,
    opts: { attempts?: number; clientRequestToken?: string } = {},
  ): Promise<Receipt[]> {
    if (count === 0) {
      const { writes } = build([]);
      await commit(db, writes, onFailed, opts.clientRequestToken ? { clientRequestToken: opts.clientRequestToken } : {});
      return [];
    }
    const attempts = opts.attempts ?? 40;
    const counterKey = keys.counter(tenantId, 'receipt');
    for (let attempt = 1; ; attempt++) {
      const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: counterKey, ConsistentRead: true }));
      const current = Number(r.Item?.value ?? 0);
      const numbers = Array.from({ length: count }, (_, i) => ({ sequence: current + 1 + i, number: receiptNumber(current + 1 + i) }));
      const { receipts, writes } = build(numbers);
      const set = new WriteSet()
        .add(RECEIPT_COUNTER, {
          Put: {
            TableName: db.table, Item: { ...counterKey, type: 'Counter', value: current + count },
            ConditionExpression: current === 0 ? 'attribute_not_exists(PK)' : '#v = :v',
            ...(current === 0 ? {} : { ExpressionAttributeNames: { '#v': 'value' }, ExpressionAttributeValues: { ':v': current } }),
          },
        });
      for (const receipt of receipts) {
        set.add(RECEIPT_ITEM, {
          Put: {
            TableName: db.table, ConditionExpression: 'attribute_not_exists(PK)',
            Item: { ...billingKeys.receipt(tenantId, receipt.sequence), type: 'Receipt', GSI1PK: billingKeys.receipts(tenantId), GSI1SK: receipt.number, ...receipt },
          },
        });
      }
      set.merge(writes);
      let counterLost = false;
      try {
        await commit(db, set, (failed) => {
          if (failed.has(RECEIPT_COUNTER) || failed.has(RECEIPT_ITEM)) { counterLost = true; return new Error('counter moved'); }
          return onFailed(failed);
        }, opts.clientRequestToken ? { clientRequestToken: `${opts.clientRequestToken}#${current + 1}` } : {});
        return receipts;
      } catch (e) {
        if (!counterLost) throw e;
        if (attempt >= attempts) throw new AppError('conflict', 'Too many payments at once; try again', { retryAfterSeconds: 1 });
        await new Promise((res) => setTimeout(res, Math.random() * 20 * Math.min(attempt, 5)));
      }
    }
  },

  /** `issueWith` for callers that pass raw items: `onConflict` gets the reasons of their items only. */
  async issue(build: (sequence: number, number: string) => { receipt: Receipt; items: Items }, onConflict: (reasons: { Code?: string }[]) => Error, attempts = 40): Promise<Receipt> {
    let items: Items = [];
    return this.issueWith((sequence, number) => {
      const b = build(sequence, number);
      items = b.items;
      const writes = new WriteSet();
      b.items.forEach((op, i) => writes.add(`item-${i}`, op));
      return { receipt: b.receipt, writes };
    }, (failed) => onConflict(items.map((_, i) => (failed.has(`item-${i}`) ? { Code: 'ConditionalCheckFailed' } : { Code: 'None' }))), { attempts });
  },

  /** Pattern: one receipt by number (GetItem). */
  async get(sequence: number): Promise<Receipt | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: billingKeys.receipt(tenantId, sequence) }));
    return r.Item ? strip<Receipt>(r.Item) : null;
  },

  /** Pattern: all receipts in number order (Query GSI1 `T#t#RECEIPTS`). */
  async list(limit = 100, cursor?: string): Promise<Page<Receipt>> {
    const partition = billingKeys.receipts(tenantId);
    const r = await db.doc.send(new QueryCommand({
      TableName: db.table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': partition },
      Limit: limit, ExclusiveStartKey: decodeCursor(partition, cursor),
    }));
    return { items: (r.Items ?? []).map((i) => strip<Receipt>(i)), nextCursor: encodeCursor(partition, r.LastEvaluatedKey) };
  },
});

// ---- idempotency and Stripe bookkeeping -------------------------------------------------------------
export const idempotencyRepo = (db: Db, tenantId: string) => ({
  /** Pattern: a stored response for a client's Idempotency-Key (GetItem). Keys live 24 h. */
  async get(key: string, nowSec: number): Promise<{ fingerprint: string; response: unknown } | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: billingKeys.idempotency(tenantId, key) }));
    if (!r.Item || Number(r.Item.expiresAt) < nowSec) return null;
    return { fingerprint: String(r.Item.fingerprint), response: r.Item.response };
  },
  /** The conditional put that claims a key, for the caller's transaction (a replay loses it). */
  putOp(key: string, fingerprint: string, response: unknown, nowSec: number) {
    return {
      Put: {
        TableName: db.table, Item: { ...billingKeys.idempotency(tenantId, key), type: 'Idempotency', fingerprint, response, expiresAt: nowSec + 86400 },
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now', ExpressionAttributeValues: { ':now': nowSec },
      },
    };
  },
});

export interface StripeSettings { accountId: string; chargesEnabled: boolean; detailsSubmitted: boolean; feeBp: number; updatedAt: string }
/** The application fee the platform takes on a space's online payments, in basis points (150 = 1.5 %). */
export interface PlatformFee { feeBp: number; setBy: string; setAt: string }

export const stripeRepo = (db: Db) => ({
  /** Pattern: the tenant a connected account belongs to (GetItem on the account marker). */
  async tenantOfAccount(accountId: string): Promise<string | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: billingKeys.stripeAccount(accountId) }));
    return (r.Item?.tenantId as string | undefined) ?? null;
  },
  /**
   * Pattern: a tenant's Stripe settings (Query `T#t#STRIPE`: the settings and the platform fee a
   * platform admin set, which wins over the fee recorded at connection).
   */
  async settings(tenantId: string): Promise<StripeSettings | null> {
    // The partition also holds payment-intent links and staff alerts: read the two items' range only.
    const [settingsKey, feeKey] = [billingKeys.stripeSettings(tenantId), billingKeys.platformFee(tenantId)];
    const r = await db.doc.send(new QueryCommand({
      TableName: db.table, KeyConditionExpression: 'PK = :p AND SK BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':p': settingsKey.PK, ':a': feeKey.SK < settingsKey.SK ? feeKey.SK : settingsKey.SK, ':b': feeKey.SK < settingsKey.SK ? settingsKey.SK : feeKey.SK },
    }));
    const settings = r.Items?.find((i) => i.SK === settingsKey.SK);
    const fee = r.Items?.find((i) => i.SK === feeKey.SK);
    if (!settings) return null;
    return { ...strip<StripeSettings>(settings), ...(fee ? { feeBp: Number(fee.feeBp) } : {}) };
  },
  /** Pattern: the platform fee set for a tenant, if any (GetItem). */
  async platformFee(tenantId: string): Promise<PlatformFee | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: billingKeys.platformFee(tenantId) }));
    return r.Item ? strip<PlatformFee>(r.Item) : null;
  },
  /** The put of a tenant's platform fee, for the admin's transaction (with its audit entry). */
  platformFeeOp(tenantId: string, fee: PlatformFee) {
    return { Put: { TableName: db.table, Item: { ...billingKeys.platformFee(tenantId), type: 'PlatformFee', ...fee } } };
  },
  /** Links a connected account to a tenant (the marker is unique: one account, one tenant). */
  async link(tenantId: string, s: StripeSettings): Promise<void> {
    await transact(db, [
      { Put: { TableName: db.table, Item: { ...billingKeys.stripeAccount(s.accountId), type: 'StripeAccount', tenantId }, ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :t', ExpressionAttributeValues: { ':t': tenantId } } },
      { Put: { TableName: db.table, Item: { ...billingKeys.stripeSettings(tenantId), type: 'StripeSettings', ...s } } },
    ], () => conflict('This Stripe account is linked to another space'));
  },
  /** The put of a tenant's Stripe settings, for the caller's transaction. */
  settingsOp(tenantId: string, s: StripeSettings) {
    return { Put: { TableName: db.table, Item: { ...billingKeys.stripeSettings(tenantId), type: 'StripeSettings', ...s } } };
  },
  async saveSettings(tenantId: string, s: StripeSettings): Promise<void> {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...billingKeys.stripeSettings(tenantId), type: 'StripeSettings', ...s } }));
  },
  /** The conditional put that records a Stripe event as processed, for the effect's own transaction. */
  eventOp(tenantId: string, eventId: string, type: string, now: Date) {
    return {
      Put: {
        TableName: db.table, Item: { ...billingKeys.stripeEvent(tenantId, eventId), type: 'StripeEvent', eventType: type, processedAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  },
  async eventSeen(tenantId: string, eventId: string): Promise<boolean> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: billingKeys.stripeEvent(tenantId, eventId) }));
    return !!r.Item;
  },
});

// ---- refunds through Stripe --------------------------------------------------------------------------
/**
 * A refund to send to Stripe, written by the cancellation (or the operator's shop refund) in its own
 * transaction, so the refund is requested exactly when the item is given up. Its id is derived from
 * what is refunded (`booking_<id>`, `ticket_<id>`, `order_<id>_<n>`) and put with
 * `attribute_not_exists`: the same cancellation cannot request it twice. The Stripe worker claims it
 * (`requested` → `sending`), calls `refunds.create` with `idempotencyKey`, then records the outcome.
 */
export type RefundStatus = 'requested' | 'sending' | 'pending' | 'succeeded' | 'failed' | 'canceled';
export interface RefundRequest {
  id: string;
  tenantId: string;
  source: { kind: 'booking' | 'order' | 'ticket'; id: string };
  memberId: string;
  paymentId: string;
  paymentIntentId: string;
  amountCents: number;
  currency: string;
  idempotencyKey: string;
  status: RefundStatus;
  stripeRefundId?: string | undefined;
  failure?: string | undefined;
  /** Whether `amountCents` is counted in the payment's `refundedCents`. */
  counted?: boolean | undefined;
  claimedAt?: string | undefined;
  createdAt: string;
  updatedAt?: string | undefined;
  version: number;
}

export function refundRequestOf(tenantId: string, payment: Payment, source: RefundRequest['source'], id: string, amountCents: number, now: Date): RefundRequest {
  return {
    id, tenantId, source, memberId: payment.memberId, paymentId: payment.id, paymentIntentId: payment.stripe?.paymentIntentId ?? '',
    amountCents, currency: payment.currency, idempotencyKey: `refund:${tenantId}:${id}`, status: 'requested', createdAt: now.toISOString(), version: 1,
  };
}

/** A claim older than this is taken over (the worker that made it died between Stripe and the table). */
export const REFUND_CLAIM_MS = 5 * 60_000;

const refundItem = (r: RefundRequest) => ({ ...billingKeys.refund(r.tenantId, r.id), type: 'RefundRequest', GSI1PK: billingKeys.refunds(r.tenantId), GSI1SK: `${r.createdAt}#${r.id}`, ...r });

/** The conditional put that requests a refund, for the cancellation's transaction (once per id). */
export const refundRequestOp = (db: Db, r: RefundRequest) => ({ Put: { TableName: db.table, Item: refundItem(r), ConditionExpression: 'attribute_not_exists(PK)' } });

/** Replaces a refund if it is still at the version read (standalone: the webhooks bundle needs only this and `getRefund`). */
export const refundUpdateOp = (db: Db, before: RefundRequest, after: RefundRequest) => ({
  Put: { TableName: db.table, Item: refundItem({ ...after, version: before.version + 1 }), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } },
});

/** Pattern: one refund (GetItem, consistent: the worker and the webhooks decide on it). */
export async function getRefund(db: Db, tenantId: string, id: string): Promise<RefundRequest | null> {
  const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: billingKeys.refund(tenantId, id), ConsistentRead: true }));
  return r.Item ? strip<RefundRequest>(r.Item) : null;
}

/** The Stripe worker's side of refund requests. */
export const refundsRepo = (db: Db, tenantId: string) => {
  return {
    updateOp: (before: RefundRequest, after: RefundRequest) => refundUpdateOp(db, before, after),
    get: (id: string) => getRefund(db, tenantId, id),

    /**
     * Claims a refund for sending: `requested` (or a `sending` claim older than REFUND_CLAIM_MS) →
     * `sending`. Returns the claimed refund, or null when another run has it or it is done.
     */
    async claim(id: string, now: Date): Promise<RefundRequest | null> {
      try {
        const r = await db.doc.send(new UpdateCommand({
          TableName: db.table, Key: billingKeys.refund(tenantId, id),
          UpdateExpression: 'SET #s = :sending, claimedAt = :now, version = version + :one',
          ConditionExpression: '#s = :requested OR (#s = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':requested': 'requested', ':now': now.toISOString(), ':one': 1, ':stale': new Date(now.getTime() - REFUND_CLAIM_MS).toISOString() },
          ReturnValues: 'ALL_NEW',
        }));
        return strip<RefundRequest>(r.Attributes ?? {});
      } catch (e) {
        if (isConditionFailed(e)) return null;
        throw e;
      }
    },

    /** Gives a claim back (Stripe could not be reached): the next run or stream retry sends it. */
    async release(r: RefundRequest): Promise<void> {
      await db.doc.send(new UpdateCommand({
        TableName: db.table, Key: billingKeys.refund(tenantId, r.id), UpdateExpression: 'SET #s = :requested, version = version + :one',
        ConditionExpression: 'version = :v', ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':requested': 'requested', ':one': 1, ':v': r.version },
      })).catch((e: Error) => { if (e.name !== 'ConditionalCheckFailedException') throw e; });
    },

    /** Pattern: the tenant's refunds, newest first (Query GSI1 `T#t#REFUNDS`); `open` keeps those still to send. */
    async list(opts: { open?: boolean; limit?: number } = {}): Promise<RefundRequest[]> {
      const out: RefundRequest[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: db.table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', ScanIndexForward: false, ExclusiveStartKey: start,
          ...(opts.open ? { FilterExpression: '#s IN (:requested, :sending)', ExpressionAttributeNames: { '#s': 'status' } } : {}),
          ExpressionAttributeValues: { ':p': billingKeys.refunds(tenantId), ...(opts.open ? { ':requested': 'requested', ':sending': 'sending' } : {}) },
        }));
        out.push(...(r.Items ?? []).map((i) => strip<RefundRequest>(i)));
        start = r.LastEvaluatedKey;
      } while (start && (!opts.limit || out.length < opts.limit));
      return opts.limit ? out.slice(0, opts.limit) : out;
    },
  };
};

// ---- money moved on Stripe outside Lieu's own requests ---------------------------------------------
/** Which payment a Stripe payment intent paid (written with the completion). */
export interface StripePaymentLink { paymentIntentId: string; memberId: string; paymentId: string }

/**
 * A refund made on Stripe (the space's dashboard) that could not be applied yet: its payment intent
 * names no payment paid in Lieu (unknown, or its completion has not arrived). The completion applies
 * it and deletes it; until then a staff alert names it.
 */
export interface PendingStripeRefund {
  id: string;
  paymentIntentId: string;
  chargeId?: string | undefined;
  amountCents: number;
  currency: string;
  status: string;
  createdAt: string;
  version: number;
}

/** Something staff must look at: a refund Lieu could not match, a chargeback. Listed on the dashboard. */
export interface StaffAlert {
  /** The Stripe object's id (refund or dispute): one alert per object. */
  id: string;
  kind: (typeof STAFF_ALERT_KINDS)[number];
  status: 'open' | 'resolved';
  amountCents: number;
  currency: string;
  paymentId?: string | undefined;
  memberId?: string | undefined;
  memberName?: string | undefined;
  label?: string | undefined;
  createdAt: string;
  resolvedAt?: string | undefined;
  /** The staff member who marked it handled (none when an event resolved it). */
  resolvedBy?: string | undefined;
}

export const stripeLedgerRepo = (db: Db, tenantId: string) => ({
  /** Pattern: what is known of a payment intent — its payment and pending refunds (Query `T#t#STRIPE`, SK prefix `TXN#<pi>#`, consistent). */
  async load(paymentIntentId: string): Promise<{ link: StripePaymentLink | null; pending: PendingStripeRefund[]; waiting: number }> {
    const r = await db.doc.send(new QueryCommand({
      TableName: db.table, ConsistentRead: true, KeyConditionExpression: 'PK = :p AND begins_with(SK, :s)',
      ExpressionAttributeValues: { ':p': billingKeys.stripeSettings(tenantId).PK, ':s': billingKeys.stripeTxnPrefix(paymentIntentId) },
    }));
    let link: StripePaymentLink | null = null;
    let waiting = 0;
    const pending: PendingStripeRefund[] = [];
    for (const item of r.Items ?? []) {
      if (item.type === 'StripePaymentLink') {
        waiting = Number(item.waiting ?? 0);
        if (item.paymentId) { const { waiting: _w, ...rest } = strip<StripePaymentLink & { waiting?: number }>(item); link = rest; }
      } else if (item.type === 'StripeRefundPending') pending.push(strip<PendingStripeRefund>(item));
    }
    return { link, pending, waiting };
  },
  /**
   * The put of a payment intent's link to its payment, for the completion's transaction. With
   * `waiting` (the count read with the pending refunds), it holds only if no refund started waiting
   * since: the completion then applies every waiting refund, or reads again.
   */
  linkOp(link: StripePaymentLink, waiting?: number) {
    const Item = { ...billingKeys.stripePaymentLink(tenantId, link.paymentIntentId), type: 'StripePaymentLink', ...link, ...(waiting ? { waiting } : {}) };
    if (waiting === undefined) return { Put: { TableName: db.table, Item } };
    return {
      Put: {
        TableName: db.table, Item,
        ConditionExpression: waiting === 0 ? 'attribute_not_exists(PK) OR attribute_not_exists(waiting) OR waiting = :w' : 'waiting = :w',
        ExpressionAttributeValues: { ':w': waiting },
      },
    };
  },
  /**
   * A refund starts waiting for the intent's payment: counted on the link's item, only while no
   * payment is linked (a completion that linked it meanwhile makes the event read again and apply it).
   */
  waitOp(paymentIntentId: string) {
    return {
      Update: {
        TableName: db.table, Key: billingKeys.stripePaymentLink(tenantId, paymentIntentId),
        UpdateExpression: 'SET #t = :type, paymentIntentId = :pi ADD waiting :one', ConditionExpression: 'attribute_not_exists(paymentId)',
        ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':type': 'StripePaymentLink', ':pi': paymentIntentId, ':one': 1 },
      },
    };
  },
  /** Records (or moves) a pending refund, under the version read (0: not stored yet). */
  pendingPut(before: PendingStripeRefund | null, after: PendingStripeRefund) {
    const Item = { ...billingKeys.stripeRefundPending(tenantId, after.paymentIntentId, after.id), type: 'StripeRefundPending', ...after, version: (before?.version ?? 0) + 1 };
    return before
      ? { Put: { TableName: db.table, Item, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } }
      : { Put: { TableName: db.table, Item, ConditionExpression: 'attribute_not_exists(PK)' } };
  },
  /** Deletes a pending refund once applied, if it is still as read. */
  pendingDelete(r: PendingStripeRefund) {
    return { Delete: { TableName: db.table, Key: billingKeys.stripeRefundPending(tenantId, r.paymentIntentId, r.id), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': r.version } } };
  },
  /** The put of a staff alert (a later state of the same Stripe object replaces it). */
  alertPut(alert: StaffAlert) {
    return { Put: { TableName: db.table, Item: { ...billingKeys.staffAlert(tenantId, alert.id), type: 'StaffAlert', ...alert } } };
  },
  /** Pattern: one alert (GetItem). */
  async alert(id: string): Promise<StaffAlert | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: billingKeys.staffAlert(tenantId, id), ConsistentRead: true }));
    return r.Item ? strip<StaffAlert>(r.Item) : null;
  },
  /** Pattern: the space's alerts, open ones first then newest (Query `T#t#STRIPE`, SK prefix `ALERT#`). */
  async alerts(): Promise<StaffAlert[]> {
    const out: StaffAlert[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await db.doc.send(new QueryCommand({
        TableName: db.table, KeyConditionExpression: 'PK = :p AND begins_with(SK, :s)', ExclusiveStartKey: start,
        ExpressionAttributeValues: { ':p': billingKeys.stripeSettings(tenantId).PK, ':s': billingKeys.staffAlertPrefix },
      }));
      out.push(...(r.Items ?? []).map((i) => strip<StaffAlert>(i)));
      start = r.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => (a.status === b.status ? b.createdAt.localeCompare(a.createdAt) : a.status === 'open' ? -1 : 1));
  },
});
