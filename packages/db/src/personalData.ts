import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { User } from '@lieu/core';
import type { Db } from './client';
import { keys, type Realm } from './keys';
import { billingKeys } from './billing';

/**
 * What the space holds about one person (GDPR). Convention for every area: an item that is personal
 * data of a user either lives in the user's own partition (`…USER#<id>`, found by one Query), or
 * is listed below with its own pattern. Money records are not personal data to erase: they keep the
 * user id, which after erasure points to an anonymous stub.
 */
export const personalData = (db: Db, realm: Realm) => ({
  /** Pattern: everything in the user's partition (Query PK) and the user's sessions (Query GSI1). */
  async collect(userId: string): Promise<Record<string, unknown[]>> {
    const own = await db.doc.send(new QueryCommand({
      TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': keys.user(realm, userId).PK },
    }));
    const sessions = await db.doc.send(new QueryCommand({
      TableName: db.table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': keys.userSessions(realm, userId) },
    }));
    const records: Record<string, unknown[]> = {
      sessions: (sessions.Items ?? []).map((s) => ({ createdAt: s.createdAt, expiresAt: new Date((s.expiresAt as number) * 1000).toISOString() })),
    };
    for (const item of own.Items ?? []) {
      if (item.SK === 'USER') continue; // the profile is returned on its own, without the password hash
      const { PK: _p, SK: _s, GSI1PK: _g, GSI1SK: _h, type, ...rest } = item;
      (records[String(type)] ??= []).push(rest);
    }
    if (realm.kind === 'tenant') Object.assign(records, await billingRecords(db, realm.tenantId, userId));
    return records;
  },

  /** Deletes what the user's partition holds besides the (already anonymised) profile. */
  async eraseOwnedItems(userId: string): Promise<number> {
    const pk = keys.user(realm, userId).PK;
    const own = await db.doc.send(new QueryCommand({
      TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': pk },
    }));
    let n = 0;
    for (const item of own.Items ?? []) {
      if (item.SK === 'USER') continue;
      await db.doc.send(new DeleteCommand({ TableName: db.table, Key: { PK: pk, SK: item.SK } }));
      n++;
    }
    return n;
  },

  /** Pattern: the realm's active owners (Query GSI1 `…USERS`, filtered on role). */
  async activeOwners(): Promise<User[]> {
    const out: User[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await db.doc.send(new QueryCommand({
        TableName: db.table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p',
        FilterExpression: '#r = :owner AND #s = :active', ExpressionAttributeNames: { '#r': 'role', '#s': 'status' },
        ExpressionAttributeValues: { ':p': keys.userList(realm), ':owner': 'owner', ':active': 'active' }, ExclusiveStartKey: start,
      }));
      out.push(...((r.Items ?? []) as User[]));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  },
});

/** Every page of a Query. */
async function queryAll(db: Db, input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(new QueryCommand({ ...input, TableName: db.table, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

const BILLING_RECORDS: Record<string, string> = {
  BillingProfile: 'billingProfile', Credit: 'credits', QuotaUsage: 'quotaUsage', Payment: 'payments', Invoice: 'invoices',
};

/**
 * A member's billing data for the export: the member's billing partition (profile and subscription,
 * credits, quota usage, payments, Stripe invoices: one Query of `T#t#MBILL#<id>`) and the receipts and
 * credit notes issued to them (Query GSI1 `T#t#RECEIPTS`, filtered on the buyer: an export is rare).
 */
async function billingRecords(db: Db, tenantId: string, userId: string): Promise<Record<string, unknown[]>> {
  const [own, receipts] = await Promise.all([
    queryAll(db, { KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': billingKeys.member(tenantId, userId) } }),
    queryAll(db, {
      IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', FilterExpression: 'buyer.#id = :me',
      ExpressionAttributeNames: { '#id': 'id' }, ExpressionAttributeValues: { ':p': billingKeys.receipts(tenantId), ':me': userId },
    }),
  ]);
  const out: Record<string, unknown[]> = { billingProfile: [], credits: [], quotaUsage: [], payments: [], invoices: [], receipts: [] };
  const bare = (item: Record<string, unknown>) => { const { PK: _p, SK: _s, GSI1PK: _g, GSI1SK: _h, type: _t, ...rest } = item; return rest; };
  for (const item of own) {
    const name = BILLING_RECORDS[String(item.type)];
    if (name) out[name]!.push(name === 'quotaUsage' ? { period: String(item.SK).slice(6), used: item.used } : bare(item));
  }
  out.receipts = receipts.map(bare);
  return out;
}

// ——— Erasure: finding and rewriting what names a person, wherever an area keeps it ———

/** Where an area keeps items that may name a person: a partition, a GSI1 partition, or one item. */
export type Place = { partition: string } | { index: string } | { key: { PK: string; SK: string } };

/** The person being erased: what is searched for, and what replaces the name. */
export interface Erasable { id: string; name: string; email: string | null; pseudonym: string }

/** Every item of a place (all pages). A close is rare: reading whole partitions is its price. */
export async function itemsAt(db: Db, place: Place): Promise<Record<string, unknown>[]> {
  if ('key' in place) {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: place.key }));
    return r.Item ? [r.Item] : [];
  }
  return 'partition' in place
    ? queryAll(db, { KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': place.partition } })
    : queryAll(db, { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': place.index } });
}

const KEY_ATTRIBUTES = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK']);

/** A value with the person's name replaced by the pseudonym and their email removed (deeply). */
function scrub(v: unknown, who: Erasable): unknown {
  if (typeof v === 'string') {
    let s = v.split(who.name).join(who.pseudonym);
    if (who.email) s = s.replace(new RegExp(who.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '');
    return s;
  }
  if (Array.isArray(v)) return v.map((x) => scrub(x, who));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x, who)]));
  return v;
}

/**
 * The write that removes the person from one item, or null when the item does not name them: an
 * UpdateItem of the top-level attributes that change, each conditioned on its value as read (a
 * concurrent change makes the batch fail and the close run again, never overwrites the change).
 */
export function scrubWrite(db: Db, item: Record<string, unknown>, who: Erasable) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const conds: string[] = [];
  let i = 0;
  for (const [k, v] of Object.entries(item)) {
    if (KEY_ATTRIBUTES.has(k)) continue;
    const next = scrub(v, who);
    if (JSON.stringify(next) === JSON.stringify(v)) continue;
    names[`#a${i}`] = k; values[`:n${i}`] = next; values[`:o${i}`] = v;
    sets.push(`#a${i} = :n${i}`); conds.push(`#a${i} = :o${i}`);
    i++;
  }
  if (!sets.length) return null;
  return {
    Update: {
      TableName: db.table, Key: { PK: item.PK, SK: item.SK },
      UpdateExpression: `SET ${sets.join(', ')}`, ConditionExpression: conds.join(' AND '),
      ExpressionAttributeNames: names, ExpressionAttributeValues: values,
    },
  };
}

/** The write that deletes one item (an email addressed to the person, a token of theirs). */
export const deleteWrite = (db: Db, item: Record<string, unknown>) =>
  ({ Delete: { TableName: db.table, Key: { PK: item.PK as string, SK: item.SK as string } } });

/** The places the core identity keeps about a person: their outbox emails and their own partition. */
export const identityPlaces = (realm: Realm): Place[] => [{ partition: keys.outbox(realm) }];
