import { createContext, useContext, type ReactNode } from 'react';
import type { Module, PublicTenant, PublicUser, Role } from '@lieu/core';
import { ApiError, useApiQuery } from './api';
import { shellRoutes } from './shellRoutes';

/**
 * Which site this host is. The API decides, not the portal: `GET /api/v1/tenant` answers on a
 * space's host; where it says "not found", the platform-only route tells the platform host (it
 * answers 401 there without a session) from an address that belongs to no space (404).
 */
export type Site =
  | { kind: 'tenant'; tenant: PublicTenant }
  | { kind: 'platform' }
  | { kind: 'unknown' }
  | { kind: 'suspended' }
  /** The browser presents a session of another space (cookies are per host, so only a planted one): the API refuses it everywhere. */
  | { kind: 'foreignSession' };

export function useSiteQuery() {
  const tenant = useApiQuery(shellRoutes.getTenant, undefined, { staleTime: 60_000 });
  const notATenant = tenant.error instanceof ApiError && tenant.error.status === 404;
  const platform = useApiQuery(shellRoutes.listTenants, { query: { limit: 1 } }, { enabled: notATenant, retry: false });
  let site: Site | null = null;
  if (tenant.data) site = { kind: 'tenant', tenant: tenant.data };
  else if (tenant.error instanceof ApiError && tenant.error.code === 'tenant_suspended') site = { kind: 'suspended' };
  else if (tenant.error instanceof ApiError && tenant.error.code === 'forbidden') site = { kind: 'foreignSession' };
  else if (notATenant && (platform.data || platform.error)) {
    site = platform.error instanceof ApiError && platform.error.status === 404 ? { kind: 'unknown' } : { kind: 'platform' };
  }
  const error = !site && !notATenant ? tenant.error : !site && platform.error && !(platform.error instanceof ApiError) ? platform.error : null;
  return { site, error, retry: () => void (notATenant ? platform.refetch() : tenant.refetch()) };
}

const SiteContext = createContext<Site | null>(null);
export const SiteProvider = (p: { site: Site; children: ReactNode }) => <SiteContext.Provider value={p.site}>{p.children}</SiteContext.Provider>;

export function useSite(): Site {
  const s = useContext(SiteContext);
  if (!s) throw new Error('useSite outside SiteProvider');
  return s;
}

/** The space of this host (only under tenant pages). */
export function useTenant(): PublicTenant {
  const s = useSite();
  if (s.kind !== 'tenant') throw new Error('useTenant on a non-tenant host');
  return s.tenant;
}

/** Who is signed in on this host, or null. A session of another realm is simply "nobody" here. */
export function useMe(): { user: PublicUser | null; loading: boolean } {
  const me = useApiQuery(shellRoutes.me, undefined, { retry: false, staleTime: 60_000 });
  return { user: me.data?.user ?? null, loading: me.isPending && me.fetchStatus !== 'idle' };
}

// core's `hasRole(role, 'operator')`, written out: importing it would bring core's schemas (and zod)
// into the first load.
const STAFF_ROLES: readonly Role[] = ['owner', 'operator'];
export const isStaff = (u: PublicUser | null): boolean => !!u && STAFF_ROLES.includes(u.role as Role);

// core's MODULES and runsModule, written out for the same reason (the type says they are the same).
const ALL_MODULES: readonly Module[] = ['coworking', 'machines', 'events', 'shop', 'till'];
/** Bookings (the booking page, my bookings, the calendar, resources) serve desks, rooms and machines. */
export const BOOKABLE: readonly Module[] = ['coworking', 'machines'];
/** Whether a space runs a module (a list: any one of them). Pages and links of the others are not shown. */
export function runs(tenant: Pick<PublicTenant, 'modules'>, m: Module | readonly Module[]): boolean {
  const on = tenant.modules ?? ALL_MODULES;
  return typeof m === 'string' ? on.includes(m) : m.some((x) => on.includes(x));
}
/** `runs` for this host's space (false off a space). */
export function useRuns(): (m: Module | readonly Module[]) => boolean {
  const s = useSite();
  return (m) => s.kind === 'tenant' && runs(s.tenant, m);
}
