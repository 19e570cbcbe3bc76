import { notFound } from '@lieu/core';
import type { OpeningCalendar, Resource } from '@lieu/core/booking';
import type { TenantScope } from '../scope';

/** How long this process may reuse what it read about a space (the tenant cache's setting). */
export interface CacheSetting { cacheMs: number }

/**
 * The rules read (resource + opening calendar), reused in this process for `cacheMs`: a warm Lambda
 * books in two round trips. Staff edits in this process drop the entries (`forgetRules`); other
 * processes see them when their entry expires.
 */
const rulesCache = new Map<string, { at: number; value: { resource: Resource | null; calendar: OpeningCalendar } }>();

export async function rulesFor(scope: TenantScope, resourceId: string, cache: CacheSetting) {
  const key = `${scope.tenantId}:${resourceId}`;
  const hit = rulesCache.get(key);
  const nowMs = scope.now.getTime();
  if (hit && nowMs - hit.at < cache.cacheMs) return hit.value;
  const value = await scope.repos.bookings.loadForBooking(resourceId);
  if (cache.cacheMs > 0) {
    if (rulesCache.size > 5000) rulesCache.clear();
    rulesCache.set(key, { at: nowMs, value });
  }
  return value;
}

export function forgetRules(tenantId: string): void {
  for (const k of rulesCache.keys()) if (k.startsWith(`${tenantId}:`)) rulesCache.delete(k);
}

/** A resource of this space, or 404; an archived one only for staff when `activeOnly`. */
export async function resourceOf(scope: TenantScope, id: string, opts: { activeOnly?: boolean } = {}): Promise<Resource> {
  const r = await scope.repos.bookings.getResource(id);
  if (!r || (opts.activeOnly && !r.active && !scope.actor?.isStaff)) throw notFound('Resource');
  return r;
}
