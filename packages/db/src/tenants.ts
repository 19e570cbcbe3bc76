import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError, conflict, notFound, type Tenant, type User } from '@lieu/core';
import type { Db } from './client';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { keys, tenantRealm } from './keys';
import { commit, isConditionFailed, type transact, WriteSet } from './transact';
import { userPutItems } from './users';

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, type: _e, ...rest } = item;
  return rest as T;
};

export const tenantsRepo = (db: Db) => ({
  /** Pattern: tenant by id (GetItem). */
  async get(tenantId: string): Promise<Tenant | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.tenant(tenantId) }));
    return r.Item ? strip<Tenant>(r.Item) : null;
  },

  /** Pattern: tenant id by slug (GetItem on the slug marker). */
  async idBySlug(slug: string): Promise<string | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.slug(slug) }));
    return (r.Item?.tenantId as string | undefined) ?? null;
  },

  /** Pattern: tenant id by custom domain (GetItem on the domain marker). */
  async idByDomain(domain: string): Promise<string | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.domain(domain) }));
    return (r.Item?.tenantId as string | undefined) ?? null;
  },

  /**
   * The transaction items that create a tenant: its slug marker (conditional: a taken slug fails
   * item 0 → 409), the tenant, and its owner with the owner's email marker. The caller adds its own
   * items (a sign-in token, a rate-limit hit) and runs them as one transaction.
   */
  createItems(tenant: Tenant, owner: User) {
    return [
      { Put: { TableName: db.table, Item: { ...keys.slug(tenant.slug), type: 'SlugMarker', tenantId: tenant.id }, ConditionExpression: 'attribute_not_exists(PK)' } },
      { Put: { TableName: db.table, Item: tenantItem(tenant), ConditionExpression: 'attribute_not_exists(PK)' } },
      ...userPutItems(db, tenantRealm(tenant.id), owner),
    ];
  },

  slugTaken: (slug: string) => conflict(`The address "${slug}" is already taken`, { rule: 'slug_taken', fields: [{ path: 'slug', message: 'Already taken' }] }),

  /**
   * Saves changed settings under optimistic locking (`version`). A domain is never claimed here: a
   * new one waits (`pending`) for its TXT record (`claimDomain`). Leaving a domain releases its
   * marker in the same transaction, if the marker is this space's (a pending domain held by another
   * space is left to it), so a domain changes hands only once its owner let go of it.
   */
  async update(before: Tenant, after: Tenant, extra: Parameters<typeof transact>[1] = []): Promise<Tenant> {
    const next: Tenant = { ...after, version: before.version + 1 };
    const set = new WriteSet().add('tenant',
      { Put: { TableName: db.table, Item: tenantItem(next), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } });
    if (before.customDomain && before.customDomain !== after.customDomain && await this.idByDomain(before.customDomain) === before.id) {
      set.add('old-domain', {
        Delete: { TableName: db.table, Key: keys.domain(before.customDomain), ConditionExpression: 'tenantId = :me', ExpressionAttributeValues: { ':me': before.id } },
      });
    }
    set.add('extra', ...extra);
    await commit(db, set, () => conflict('The settings were changed meanwhile; reload and try again', { rule: 'stale_version' }));
    return next;
  },

  /**
   * A pending domain whose TXT record was found: its marker is written if free (or already this
   * space's) and the space becomes `verified`, provided it still asks for this domain with this token.
   * A domain another space holds stays with it: `domain_taken`.
   */
  async claimDomain(t: Tenant, now: Date): Promise<Tenant> {
    const domain = t.customDomain!;
    const next: Tenant = { ...t, domainStatus: 'verified', version: t.version + 1 };
    delete next.domainCheck;
    const set = new WriteSet()
      .add('domain', { Put: {
        TableName: db.table, Item: { ...keys.domain(domain), type: 'DomainMarker', tenantId: t.id, claimedAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :me', ExpressionAttributeValues: { ':me': t.id },
      } })
      .add('tenant', { Put: {
        TableName: db.table, Item: tenantItem(next),
        ConditionExpression: 'version = :v AND customDomain = :d AND domainToken = :tok',
        ExpressionAttributeValues: { ':v': t.version, ':d': domain, ':tok': t.domainToken },
      } });
    await commit(db, set, (failed) =>
      failed.has('tenant')
        ? conflict('The settings were changed meanwhile; reload and try again', { rule: 'stale_version' })
        : conflict('This domain is already used by another space', { rule: 'domain_taken', fields: [{ path: 'customDomain', message: 'Already taken' }] }),
    );
    return next;
  },

  /** What the last check of a pending domain found; not a settings change (no version move). */
  async recordDomainCheck(t: Tenant, check: NonNullable<Tenant['domainCheck']>): Promise<Tenant> {
    try {
      await db.doc.send(new UpdateCommand({
        TableName: db.table, Key: keys.tenant(t.id),
        UpdateExpression: 'SET domainCheck = :c',
        ConditionExpression: 'customDomain = :d AND domainStatus = :pending',
        ExpressionAttributeValues: { ':c': check, ':d': t.customDomain, ':pending': 'pending' },
      }));
    } catch (e) {
      if (!isConditionFailed(e)) throw e; // the domain changed meanwhile: nothing to record
    }
    return { ...t, domainCheck: check };
  },

  /** Platform admins: suspend or reactivate a space. */
  async setStatus(tenantId: string, status: Tenant['status']): Promise<Tenant> {
    try {
      const r = await db.doc.send(new UpdateCommand({
        TableName: db.table, Key: keys.tenant(tenantId),
        UpdateExpression: 'SET #s = :s, version = version + :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }));
      return strip<Tenant>(r.Attributes!);
    } catch (e) {
      if (isConditionFailed(e)) throw notFound('Space');
      throw e;
    }
  },

  /** Pattern: all tenants, newest first (Query GSI1 `TENANTS`), for platform admins. */
  async list(limit: number, cursor?: string): Promise<Page<Tenant>> {
    const partition = keys.tenantList();
    const r = await db.doc.send(new QueryCommand({
      TableName: db.table, IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': partition },
      ScanIndexForward: false, Limit: limit, ExclusiveStartKey: decodeCursor(partition, cursor),
    }));
    return { items: (r.Items ?? []).map((i) => strip<Tenant>(i)), nextCursor: encodeCursor(partition, r.LastEvaluatedKey) };
  },
});

function tenantItem(t: Tenant) {
  if (!Number.isInteger(t.version)) throw new AppError('invalid_input', 'bad version');
  return { ...keys.tenant(t.id), type: 'Tenant', GSI1PK: keys.tenantList(), GSI1SK: `${t.createdAt}#${t.id}`, ...t };
}
export type TenantsRepo = ReturnType<typeof tenantsRepo>;
