import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingProfile, User } from '@lieu/core';
import { billingKeys, defaultProfile } from './billing';
import { bookingKeys } from './bookings';
import type { Db } from './client';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { keys, tenantRealm } from './keys';

/**
 * The back office's member list: a page of the tenant's people joined with what staff filter on
 * (price category and plan from each billing profile, and whether each holds a training). The
 * people Query reads `limit` people and keeps those that match — DynamoDB's FilterExpression
 * semantics: a page may hold fewer than `limit` rows (even none) while `nextCursor` says there is
 * more. At a space's size (hundreds of people) that costs one Query and one BatchGetItem per page.
 */
export interface DirectoryFilter {
  /** Case-insensitive part of the name or the email. */
  q?: string | undefined;
  status?: User['status'] | undefined;
  category?: BillingProfile['category'] | undefined;
  /** Subscribed to this plan (not cancelled). */
  planId?: string | undefined;
  /** Holds this training's qualification (not expired on `today`). */
  trainingId?: string | undefined;
}

export interface DirectoryRow {
  user: User;
  profile: BillingProfile;
}

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, type: _e, ...rest } = item;
  return rest as T;
};

export async function memberDirectoryPage(db: Db, tenantId: string, filter: DirectoryFilter, today: string, limit: number, cursor?: string): Promise<Page<DirectoryRow>> {
  const realm = tenantRealm(tenantId);
  const partition = keys.userList(realm);
  // Pattern: the tenant's people, newest first (Query GSI1 `…USERS`), status as a FilterExpression.
  const r = await db.doc.send(new QueryCommand({
    TableName: db.table, IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :p',
    ...(filter.status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
    ExpressionAttributeValues: { ':p': partition, ...(filter.status ? { ':s': filter.status } : {}) },
    ScanIndexForward: false, Limit: limit, ExclusiveStartKey: decodeCursor(partition, cursor),
  }));
  const nextCursor = encodeCursor(partition, r.LastEvaluatedKey);
  const q = filter.q?.trim().toLowerCase();
  const users = (r.Items ?? []).map((i) => strip<User>(i)).filter((u) => !q || u.name.toLowerCase().includes(q) || (u.email ?? '').includes(q));
  if (users.length === 0) return { items: [], nextCursor };

  // Pattern: each one's billing profile (+ the filtered training's qualification) in one BatchGetItem.
  const wanted: Record<string, unknown>[] = users.map((u) => ({ PK: billingKeys.member(tenantId, u.id), SK: 'PROFILE' }));
  if (filter.trainingId) wanted.push(...users.map((u) => bookingKeys.qualification(tenantId, u.id, filter.trainingId!)));
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < wanted.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [db.table]: { Keys: wanted.slice(i, i + 100) } };
    // BatchGetItem may leave keys unprocessed under load: ask again for those.
    while (request && Object.keys(request).length) {
      const out = await db.doc.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[db.table] ?? []) found.set(`${item.PK}|${item.SK}`, item);
      request = out.UnprocessedKeys as typeof request;
    }
  }
  const items: DirectoryRow[] = [];
  for (const user of users) {
    const stored = found.get(`${billingKeys.member(tenantId, user.id)}|PROFILE`);
    const profile = stored ? strip<BillingProfile>(stored) : defaultProfile(user.id);
    if (filter.category && profile.category !== filter.category) continue;
    if (filter.planId && (profile.subscription?.planId !== filter.planId || profile.subscription.status === 'canceled')) continue;
    if (filter.trainingId) {
      const k = bookingKeys.qualification(tenantId, user.id, filter.trainingId);
      const qual = found.get(`${k.PK}|${k.SK}`);
      if (!qual || (typeof qual.expiresOn === 'string' && qual.expiresOn < today)) continue;
    }
    items.push({ user, profile });
  }
  return { items, nextCursor };
}
