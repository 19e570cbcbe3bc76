import { newId, notFound, type Dues, type Pass, type Plan, type Rate } from '@lieu/core';
import { auditPut, diff, type Catalogue, type CatalogueKind } from '@lieu/db';
import { catalogueOf, forgetCatalogue } from '@lieu/payments';
import type { SignedScope, TenantScope } from '../scope';

/** The space's price list, reused in this process for `cacheMs` (a resolved tenant's lifetime); staff edits drop it. */
export const catalogueFor = (scope: TenantScope, cacheMs: number): Promise<Catalogue> =>
  catalogueOf(scope.db, scope.tenantId, scope.now.getTime(), cacheMs);

type AnyEntry = Rate & Plan & Pass & Dues;

/** Every change of the price list is audited in the same transaction (who, when, which fields from → to). */
function auditOf(scope: SignedScope, kind: CatalogueKind, verb: 'created' | 'updated' | 'removed', before: object | null, after: object | null) {
  const entry = (after ?? before) as { id: string; name: string };
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((f) => f !== 'id');
  return auditPut(scope.db, scope.tenantId, {
    actorId: scope.actor.id, action: `catalogue.${kind}_${verb}`, targetType: kind, targetId: entry.id,
    summary: `${kind} ${entry.name}: ${verb}`,
    changes: diff((before ?? {}) as Record<string, unknown>, (after ?? {}) as Record<string, unknown>, fields),
  }, scope.now);
}

async function existing(scope: TenantScope, kind: CatalogueKind, id: string) {
  const before = await scope.repos.catalogue.get(kind, id);
  if (!before) throw notFound('Catalogue entry');
  return before;
}

export async function createCatalogueEntry(scope: SignedScope, kind: CatalogueKind, body: object): Promise<AnyEntry> {
  const entry = { ...body, id: newId(scope.now.getTime()) } as AnyEntry;
  forgetCatalogue(scope.tenantId);
  await scope.repos.catalogue.put(kind, entry, 'create', auditOf(scope, kind, 'created', null, entry));
  return entry;
}

export async function replaceCatalogueEntry(scope: SignedScope, kind: CatalogueKind, id: string, body: object): Promise<AnyEntry> {
  const before = await existing(scope, kind, id);
  const entry = { ...body, id } as AnyEntry;
  forgetCatalogue(scope.tenantId);
  await scope.repos.catalogue.put(kind, entry, 'replace', auditOf(scope, kind, 'updated', before, entry));
  return entry;
}

export async function removeCatalogueEntry(scope: SignedScope, kind: CatalogueKind, id: string): Promise<{ ok: true }> {
  const before = await existing(scope, kind, id);
  forgetCatalogue(scope.tenantId);
  await scope.repos.catalogue.remove(kind, id, auditOf(scope, kind, 'removed', before, null));
  return { ok: true };
}

/** A sellable entry of the catalogue by kind and id, or 404. */
export function findEntry(catalogue: Catalogue, kind: 'pass' | 'plan' | 'dues', id: string): Pass | Plan | Dues {
  const list: (Pass | Plan | Dues)[] = kind === 'pass' ? catalogue.passes : kind === 'plan' ? catalogue.plans : catalogue.dues;
  const entry = list.find((e) => e.id === id);
  if (!entry) throw notFound(kind === 'pass' ? 'Pass' : kind === 'plan' ? 'Plan' : 'Dues');
  return entry;
}
