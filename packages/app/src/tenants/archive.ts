import { exportTenant, importTenant, type Db, type TenantArchive } from '@lieu/db';

export type { TenantArchive };

/**
 * A space's whole data as one archive: what a space leaving the platform is given, and what a
 * restore of one space uses (export it from a table restored to a point in time, import it into the
 * live table once the space's damaged items are gone; docs/operations.md). An operations job, run by
 * a platform operator: it reads every declared partition of the space by key (Queries, never a Scan).
 */
export async function exportTenantArchive(db: Db, tenantId: string, now: Date): Promise<TenantArchive> {
  const archive = await exportTenant(db, tenantId, now);
  if (!archive) throw new Error(`no tenant ${tenantId} in table ${db.table}`);
  return archive;
}

/** Writes an archive into a table where the space is absent (refuses otherwise); answers the items written. */
export async function importTenantArchive(db: Db, archive: TenantArchive): Promise<{ written: number }> {
  return importTenant(db, archive);
}
