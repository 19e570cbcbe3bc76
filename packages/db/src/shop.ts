import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { conflict, notFound, type Consignor, type Order, type Product, type ShopMove, type User } from '@lieu/core';
import { billingKeys } from './billing';
import { shopKeys } from './entities';
import type { Db } from './client';
import { keys, tenantRealm } from './keys';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { isConditionFailed, transact } from './transact';

/**
 * The CoBoutique's data (see the README's "Shop" access patterns):
 * - the shop partition `T#t#SHOP`: `SETTINGS`, `CONSIGNOR#<memberId>`, `PRODUCT#<id>` — one Query loads
 *   the whole shop (catalogue, agreements, default commission), which every order needs anyway;
 * - a consignor's partition `T#t#CONSIGNOR#<memberId>`: `STOCK#<at>#<id>` (deposits and returns),
 *   `MOVE#<day>#<at>#<orderId>#<kind><refundNo>` (sales and refunds, written in the order's transaction: the
 *   statements and the maker's figures are Queries on a date range), `PAID#<YYYY-MM>` (payouts);
 * - an order `T#t#ORDER#<id>` / `ORDER`, listed tenant-wide by GSI1 `T#t#ORDERS` (creation time), a
 *   marker per buyer `T#t#MSHOP#<buyer>` / `ORDER#<createdAt>#<id>` (my orders: Query + BatchGet), and
 *   while it is unpaid a hold marker `T#t#SHOPHOLDS` / `<holdUntil>#<id>` (holds to release: one Query).
 * Stock lives on the product item: `ADD stock :-n` under `stock >= :n`, in the order's transaction.
 */
type Items = NonNullable<TransactWriteCommandInput['TransactItems']>;
type Item = Items[number];

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, type: _e, ...rest } = item;
  return rest as T;
};

export { shopKeys };

export interface ShopSettings { defaultCommissionBp: number; holdHours: number; version: number }
export const DEFAULT_SHOP_SETTINGS: ShopSettings = { defaultCommissionBp: 3000, holdHours: 48, version: 0 };

export interface StockMovement { id: string; kind: 'deposit' | 'return'; productId: string; title: string; quantity: number; at: string; by: string; note?: string | undefined }
export interface PayoutRecord { month: string; method: 'transfer' | 'cheque' | 'cash'; paidOn: string; reference?: string | undefined; netDueCents: number; by: string; at: string }

export interface Shop { settings: ShopSettings; consignors: Consignor[]; products: Product[] }

export const shopRepo = (db: Db, tenantId: string) => {
  const shopPk = shopKeys.shop(tenantId);
  const productKey = (id: string) => ({ PK: shopPk, SK: `PRODUCT#${id}` });
  const consignorKey = (memberId: string) => ({ PK: shopPk, SK: `CONSIGNOR#${memberId}` });
  const orderItem = (o: Order) => ({ ...shopKeys.order(tenantId, o.id), type: 'Order', GSI1PK: shopKeys.orders(tenantId), GSI1SK: `${o.createdAt}#${o.id}`, ...o });

  return {
    /** Pattern: the whole shop — settings, agreements, products (Query `T#t#SHOP`, all pages). */
    async load(): Promise<Shop> {
      const shop: Shop = { settings: { ...DEFAULT_SHOP_SETTINGS }, consignors: [], products: [] };
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({ TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': shopPk }, ExclusiveStartKey: start }));
        for (const item of r.Items ?? []) {
          const sk = String(item.SK);
          if (sk === 'SETTINGS') shop.settings = strip<ShopSettings>(item);
          else if (sk.startsWith('CONSIGNOR#')) shop.consignors.push(strip<Consignor>(item));
          else if (sk.startsWith('PRODUCT#')) shop.products.push(strip<Product>(item));
        }
        start = r.LastEvaluatedKey;
      } while (start);
      return shop;
    },

    /**
     * Pattern: what placing an order reads, in one round trip of latency: the whole shop (Query
     * `T#t#SHOP`) and, side by side in one BatchGetItem, the buyer and (for the online shop) the
     * space's Stripe settings, instead of a GetItem and a Query one after the other.
     */
    async loadForOrder(buyerId: string, opts: { stripe: boolean }): Promise<{ shop: Shop; buyer: User | null; chargesEnabled: boolean }> {
      const userKey = keys.user(tenantRealm(tenantId), buyerId);
      const stripeKey = billingKeys.stripeSettings(tenantId);
      const wanted = [userKey, ...(opts.stripe ? [stripeKey] : [])];
      const got = async () => {
        const found: Record<string, unknown>[] = [];
        let left: Record<string, unknown>[] | undefined = wanted;
        while (left?.length) {
          const b = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: left } } }));
          found.push(...(b.Responses?.[db.table] ?? []));
          left = b.UnprocessedKeys?.[db.table]?.Keys as Record<string, unknown>[] | undefined;
        }
        return found;
      };
      const [shop, items] = await Promise.all([this.load(), got()]);
      const user = items.find((i) => i.PK === userKey.PK && i.SK === userKey.SK);
      const stripe = items.find((i) => i.PK === stripeKey.PK && i.SK === stripeKey.SK);
      return { shop, buyer: user ? strip<User>(user) : null, chargesEnabled: stripe?.chargesEnabled === true };
    },

    /** Settings under `version` (0 = never saved). */
    async saveSettings(before: ShopSettings, after: Omit<ShopSettings, 'version'>): Promise<ShopSettings> {
      const next = { ...after, version: before.version + 1 };
      try {
        await db.doc.send(new PutCommand({
          TableName: db.table, Item: { PK: shopPk, SK: 'SETTINGS', type: 'ShopSettings', ...next },
          ConditionExpression: before.version === 0 ? 'attribute_not_exists(PK)' : 'version = :v',
          ...(before.version === 0 ? {} : { ExpressionAttributeValues: { ':v': before.version } }),
        }));
      } catch (e) {
        if (isConditionFailed(e)) throw conflict('The shop settings changed meanwhile; reload and retry');
        throw e;
      }
      return next;
    },

    /** Pattern: one agreement (GetItem). */
    async consignor(memberId: string): Promise<Consignor | null> {
      const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: consignorKey(memberId) }));
      return r.Item ? strip<Consignor>(r.Item) : null;
    },

    /** Creates (`before` null: a member has one agreement) or replaces an agreement at the version read. */
    /** `extra` items (an audit entry for a commission change) are written in the same transaction. */
    async saveConsignor(before: Consignor | null, after: Consignor, extra: Items = []): Promise<Consignor> {
      const next = { ...after, version: before ? before.version + 1 : 1 };
      const put = {
        TableName: db.table, Item: { ...consignorKey(after.memberId), type: 'Consignor', ...next },
        ConditionExpression: before ? 'version = :v' : 'attribute_not_exists(PK)',
        ...(before ? { ExpressionAttributeValues: { ':v': before.version } } : {}),
      };
      const failed = () => conflict(before ? 'The agreement changed meanwhile; reload and retry' : 'This member is already a consignor');
      if (extra.length) {
        await transact(db, [{ Put: put }, ...extra], failed);
        return next;
      }
      try {
        await db.doc.send(new PutCommand(put));
      } catch (e) {
        if (isConditionFailed(e)) throw failed();
        throw e;
      }
      return next;
    },

    /** Pattern: one product (GetItem). */
    async product(id: string): Promise<Product | null> {
      const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: productKey(id) }));
      return r.Item ? strip<Product>(r.Item) : null;
    },

    async createProduct(p: Product): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...productKey(p.id), type: 'Product', ...p }, ConditionExpression: 'attribute_not_exists(PK)' }));
    },

    /**
     * Replaces a product's description (title, price, photos…) at the version read. Stock is not
     * touched here: it only moves by deposits, returns, orders and refunds (ADD, never a read-then-write).
     * `extra` items (an audit entry for a price change) are written in the same transaction.
     */
    async updateProduct(before: Product, after: Omit<Product, 'stock' | 'version' | 'createdAt' | 'id'>, extra: Items = []): Promise<Product> {
      const fields = ['title', 'description', 'priceCents', 'vatRateBp', 'category', 'consignorId', 'published', 'photos'] as const;
      const update = {
        TableName: db.table, Key: productKey(before.id),
        UpdateExpression: `SET ${fields.map((f) => `#${f} = :${f}`).join(', ')}, version = version + :one`,
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: Object.fromEntries(fields.map((f) => [`#${f}`, f])),
        ExpressionAttributeValues: { ...Object.fromEntries(fields.map((f) => [`:${f}`, after[f]])), ':v': before.version, ':one': 1 },
      };
      const stale = () => conflict('The product changed meanwhile; reload and retry');
      if (extra.length) {
        await transact(db, [{ Update: update }, ...extra], stale);
        // A transaction returns nothing: the stock is the one read (it may have moved since; lists re-read it).
        const { stock, id, createdAt } = before;
        return { ...after, stock, id, createdAt, version: before.version + 1 };
      }
      try {
        const r = await db.doc.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
        return strip<Product>(r.Attributes!);
      } catch (e) {
        if (isConditionFailed(e)) throw stale();
        throw e;
      }
    },

    /**
     * Takes `n` units off the shelf for an order, only if they are there (and, for the online shop,
     * only if the product is published): the condition that makes overselling impossible.
     */
    takeStockOp(productId: string, n: number, opts: { published: boolean }): Item {
      return {
        Update: {
          TableName: db.table, Key: productKey(productId), UpdateExpression: 'ADD stock :neg',
          ConditionExpression: opts.published ? 'stock >= :n AND published = :t' : 'stock >= :n',
          ExpressionAttributeValues: { ':neg': -n, ':n': n, ...(opts.published ? { ':t': true } : {}) },
        },
      };
    },
    /** Puts `n` units back on the shelf (cancel, expiry, refund with restocking, deposit). */
    giveStockOp(productId: string, n: number): Item {
      return { Update: { TableName: db.table, Key: productKey(productId), UpdateExpression: 'ADD stock :n', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':n': n } } };
    },
    /** A deposit or return record, in the consignor's partition. */
    stockMovementOp(consignorId: string, m: StockMovement): Item {
      return { Put: { TableName: db.table, Item: { PK: shopKeys.consignor(tenantId, consignorId), SK: `STOCK#${m.at}#${m.id}`, type: 'StockMovement', ...m } } };
    },
    /** Pattern: a consignor's deposits and returns, newest first (Query `STOCK#`). */
    async stockMovements(consignorId: string, limit = 100): Promise<StockMovement[]> {
      const r = await db.doc.send(new QueryCommand({
        TableName: db.table, KeyConditionExpression: 'PK = :p AND begins_with(SK, :s)', ExpressionAttributeValues: { ':p': shopKeys.consignor(tenantId, consignorId), ':s': 'STOCK#' },
        ScanIndexForward: false, Limit: limit,
      }));
      return (r.Items ?? []).map((i) => strip<StockMovement>(i));
    },

    // ---- orders ----------------------------------------------------------------------------------
    createOrderOps(o: Order): Item[] {
      return [
        { Put: { TableName: db.table, Item: orderItem(o), ConditionExpression: 'attribute_not_exists(PK)' } },
        { Put: { TableName: db.table, Item: { PK: shopKeys.buyer(tenantId, o.buyerId), SK: `ORDER#${o.createdAt}#${o.id}`, type: 'OrderMarker', orderId: o.id } } },
      ];
    },
    /** Replaces an order if it is still at the version read (each status moves once). */
    updateOrderOp(before: Order, after: Order): Item {
      return { Put: { TableName: db.table, Item: orderItem({ ...after, version: before.version + 1 }), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } };
    },
    /** Pattern: one order (GetItem). */
    async order(id: string): Promise<Order | null> {
      const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: shopKeys.order(tenantId, id) }));
      return r.Item ? strip<Order>(r.Item) : null;
    },
    async orderOrFail(id: string): Promise<Order> {
      const o = await this.order(id);
      if (!o) throw notFound('Order');
      return o;
    },
    /** Pattern: the shop's orders, newest first, optionally from an instant (Query GSI1 `T#t#ORDERS`). */
    async orders(opts: { limit: number; cursor?: string | undefined; since?: string | undefined }): Promise<Page<Order>> {
      const partition = shopKeys.orders(tenantId);
      const r = await db.doc.send(new QueryCommand({
        TableName: db.table, IndexName: 'GSI1',
        KeyConditionExpression: opts.since ? 'GSI1PK = :p AND GSI1SK >= :s' : 'GSI1PK = :p',
        ExpressionAttributeValues: { ':p': partition, ...(opts.since ? { ':s': opts.since } : {}) },
        ScanIndexForward: false, Limit: opts.limit, ExclusiveStartKey: decodeCursor(partition, opts.cursor),
      }));
      return { items: (r.Items ?? []).map((i) => strip<Order>(i)), nextCursor: encodeCursor(partition, r.LastEvaluatedKey) };
    },
    /**
     * A hold marker `T#t#SHOPHOLDS` / `<holdUntil>#<orderId>`, put with a held order and deleted in the
     * transaction that moves it on (paid, cancelled, expired): the holds to settle or release are one
     * Query, however old they are.
     */
    holdPutOp(o: Order): Item {
      return { Put: { TableName: db.table, Item: { PK: shopKeys.holds(tenantId), SK: `${o.holdUntil}#${o.id}`, type: 'ShopHold', orderId: o.id, holdUntil: o.holdUntil, channel: o.channel } } };
    },
    holdDeleteOp(o: Order): Item {
      return { Delete: { TableName: db.table, Key: { PK: shopKeys.holds(tenantId), SK: `${o.holdUntil}#${o.id}` } } };
    },
    /** Pattern: the current holds, soonest to expire first (Query `T#t#SHOPHOLDS`). */
    async holds(): Promise<{ orderId: string; holdUntil: string; channel: 'desk' | 'stripe' }[]> {
      const out: { orderId: string; holdUntil: string; channel: 'desk' | 'stripe' }[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({ TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': shopKeys.holds(tenantId) }, ExclusiveStartKey: start }));
        for (const i of r.Items ?? []) out.push({ orderId: String(i.orderId), holdUntil: String(i.holdUntil), channel: i.channel as 'desk' | 'stripe' });
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },
    /** Pattern: a buyer's orders, newest first (Query the markers, then BatchGet the orders). */
    async ordersOf(buyerId: string, opts: { limit: number; cursor?: string | undefined }): Promise<Page<Order>> {
      const partition = shopKeys.buyer(tenantId, buyerId);
      const r = await db.doc.send(new QueryCommand({
        TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false, Limit: opts.limit, ExclusiveStartKey: decodeCursor(partition, opts.cursor),
      }));
      const ids = (r.Items ?? []).map((i) => String(i.orderId));
      const found = new Map<string, Order>();
      if (ids.length) {
        let keysLeft: Record<string, unknown>[] | undefined = ids.map((id) => shopKeys.order(tenantId, id));
        while (keysLeft?.length) {
          const b = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: keysLeft } } }));
          for (const i of b.Responses?.[db.table] ?? []) found.set(String(i.id), strip<Order>(i));
          keysLeft = b.UnprocessedKeys?.[db.table]?.Keys as Record<string, unknown>[] | undefined;
        }
      }
      return { items: ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : [])), nextCursor: encodeCursor(partition, r.LastEvaluatedKey) };
    },

    // ---- sales and refunds (what statements are computed from) -------------------------------------
    moveOp(m: ShopMove): Item {
      return { Put: { TableName: db.table, Item: { PK: shopKeys.consignor(tenantId, m.consignorId), SK: `MOVE#${m.day}#${m.at}#${m.orderId}#${m.kind}${m.refundNo ?? ''}`, type: 'ShopMove', ...m }, ConditionExpression: 'attribute_not_exists(PK)' } };
    },
    /** Pattern: a consignor's sales and refunds between two local dates (Query `MOVE#<from>` … `MOVE#<to>~`). */
    async moves(consignorId: string, fromDay: string, toDay: string): Promise<ShopMove[]> {
      const out: ShopMove[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.doc.send(new QueryCommand({
          TableName: db.table, KeyConditionExpression: 'PK = :p AND SK BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':p': shopKeys.consignor(tenantId, consignorId), ':a': `MOVE#${fromDay}`, ':b': `MOVE#${toDay}~` }, ExclusiveStartKey: start,
        }));
        out.push(...(r.Items ?? []).map((i) => strip<ShopMove>(i)));
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },

    // ---- payouts -----------------------------------------------------------------------------------
    /** Pattern: payout records of a consignor (Query `PAID#`). */
    async payouts(consignorId: string): Promise<PayoutRecord[]> {
      const r = await db.doc.send(new QueryCommand({
        TableName: db.table, KeyConditionExpression: 'PK = :p AND begins_with(SK, :s)', ExpressionAttributeValues: { ':p': shopKeys.consignor(tenantId, consignorId), ':s': 'PAID#' },
      }));
      return (r.Items ?? []).map((i) => strip<PayoutRecord>(i));
    },
    /** Marks a month's statement paid, once. */
    async markPaid(consignorId: string, p: PayoutRecord): Promise<void> {
      try {
        await db.doc.send(new PutCommand({
          TableName: db.table, Item: { PK: shopKeys.consignor(tenantId, consignorId), SK: `PAID#${p.month}`, type: 'Payout', ...p }, ConditionExpression: 'attribute_not_exists(PK)',
        }));
      } catch (e) {
        if (isConditionFailed(e)) throw conflict('This statement is already marked paid', { rule: 'statement_already_paid' });
        throw e;
      }
    },
    /** The marker that a month's statement was emailed, once (`attribute_not_exists`), for the email's transaction. */
    statementSentOp(consignorId: string, month: string, netDueCents: number, at: Date): Item {
      return {
        Put: {
          TableName: db.table, ConditionExpression: 'attribute_not_exists(PK)',
          Item: { ...shopKeys.statementSent(tenantId, consignorId, month), type: 'StatementSent', month, netDueCents, at: at.toISOString() },
        },
      };
    },
  };
};
