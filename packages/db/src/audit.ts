import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '@lieu/core';
import type { Db } from './client';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { auditPk } from './entities';

/**
 * The audit log: who changed what and when (prices, qualifications, refunds, roles, settings).
 * An entry is written **in the same transaction as the change** (`auditPut` returns a Put to add to
 * the change's TransactWriteItems), so there is never a change without its entry, nor the reverse.
 */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  /** Dotted action name: `member.role_changed`, `tenant.settings_updated`, `qualification.granted`… */
  action: string;
  targetType: string;
  targetId: string;
  summary: string;
  changes?: Record<string, { from: unknown; to: unknown }>;
}

export { auditPk };

/** The differences between two objects, field by field (for `changes`). */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>, fields: string[]): AuditEntry['changes'] {
  const out: NonNullable<AuditEntry['changes']> = {};
  for (const f of fields) {
    if (canonical(before[f]) !== canonical(after[f])) out[f] = { from: before[f] ?? null, to: after[f] ?? null };
  }
  return out;
}

/** JSON with sorted keys and no undefined values: DynamoDB does not keep an object's key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).filter(([, y]) => y !== undefined).sort(([a], [b]) => a.localeCompare(b))) : x);
}

export function auditPut(db: Db, tenantId: string, entry: Omit<AuditEntry, 'id' | 'at'>, now: Date) {
  const id = newId(now.getTime());
  const at = now.toISOString();
  return { Put: { TableName: db.table, Item: { PK: auditPk(tenantId), SK: `${at}#${id}`, type: 'Audit', id, at, ...entry } } };
}

export interface AuditFilter {
  from?: string; // ISO instant, inclusive
  to?: string; // ISO instant, exclusive
  action?: string; // prefix: `member.` matches every member action
  actorId?: string;
  targetId?: string;
}

export const auditRepo = (db: Db, tenantId: string) => ({
  /** Pattern: a tenant's audit entries, newest first, in a time range (Query `T#t#AUDIT`, SK between), filtered. */
  async list(filter: AuditFilter, limit: number, cursor?: string): Promise<Page<AuditEntry>> {
    const pk = auditPk(tenantId);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':p': pk, ':from': filter.from ?? '0000', ':to': filter.to ?? '9999' };
    const filters: string[] = [];
    if (filter.action) { filters.push('begins_with(#a, :a)'); names['#a'] = 'action'; values[':a'] = filter.action; }
    if (filter.actorId) { filters.push('actorId = :actor'); values[':actor'] = filter.actorId; }
    if (filter.targetId) { filters.push('targetId = :target'); values[':target'] = filter.targetId; }
    const r = await db.doc.send(new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :p AND SK BETWEEN :from AND :to',
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: false, Limit: limit, ExclusiveStartKey: decodeCursor(pk, cursor),
    }));
    const items = (r.Items ?? []).map(({ PK: _p, SK: _s, type: _t, ...rest }) => rest as AuditEntry);
    return { items, nextCursor: encodeCursor(pk, r.LastEvaluatedKey) };
  },
});
