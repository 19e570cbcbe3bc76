import { tenantsRepo, type Db } from '@lieu/db';
import type { Tenant } from '@lieu/core';
import { addDays, localDateOf, zonedInstant } from '@lieu/core/booking';

/** Every tenant (Query GSI1 `TENANTS`, paged). */
export async function allTenants(db: Db): Promise<Tenant[]> {
  const out: Tenant[] = [];
  const repo = tenantsRepo(db);
  let cursor: string | undefined;
  do {
    const page = await repo.list(100, cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** A space's local "tomorrow" as of `now`: its date and the UTC instants it starts and ends at (DST-proof). */
export interface LocalDay { date: string; from: string; to: string }

export function tomorrowIn(timeZone: string, now: Date): LocalDay {
  const date = addDays(localDateOf(now.getTime(), timeZone), 1);
  return {
    date,
    from: new Date(zonedInstant(date, '00:00', timeZone)).toISOString(),
    to: new Date(zonedInstant(addDays(date, 1), '00:00', timeZone)).toISOString(),
  };
}

/**
 * The day-before jobs' loop: for every space, its own "tomorrow" (a space in Montréal and one in Paris
 * are not at the same date when the job runs). Returns the sum of what `each` examined and changed.
 */
export async function forEachTenantTomorrow(
  db: Db, now: Date, each: (tenant: Tenant, tomorrow: LocalDay) => Promise<{ examined: number; changed: number }>,
): Promise<{ examined: number; changed: number }> {
  let examined = 0;
  let changed = 0;
  for (const tenant of await allTenants(db)) {
    const r = await each(tenant, tomorrowIn(tenant.timeZone, now));
    examined += r.examined;
    changed += r.changed;
  }
  return { examined, changed };
}
