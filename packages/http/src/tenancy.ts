import { AppError, verifiedDomain, type Tenant } from '@lieu/core';
import { tenantsRepo } from '@lieu/db';
import type { Deps } from './route';

export type HostResolution = { kind: 'platform' } | { kind: 'tenant'; tenant: Tenant };

/** Strips the port and lower-cases: `Machinerie.localhost:3000` → `machinerie.localhost`. */
export function hostName(hostHeader: string | undefined): string {
  const h = (hostHeader ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d+$/, '');
}

const PLATFORM_ALIASES = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Resolves the tenant from the request's host, never from the body:
 * `<slug>.<platformDomain>` → by slug; the platform domain itself (or `www.`) → the platform;
 * anything else → a custom domain. Results are cached briefly per process, so a warm Lambda
 * spends no round trip on it; a suspension therefore takes effect within `tenantCacheMs`.
 */
export function createTenantResolver(deps: Deps) {
  const cache = new Map<string, { at: number; value: HostResolution | null }>();
  const repo = tenantsRepo(deps.db);

  async function lookup(host: string): Promise<HostResolution | null> {
    const apex = deps.platformDomain;
    if (host === apex || host === `www.${apex}` || (apex === 'localhost' && PLATFORM_ALIASES.has(host))) {
      return { kind: 'platform' };
    }
    let id: string | null;
    const custom = !host.endsWith(`.${apex}`);
    if (!custom) {
      const slug = host.slice(0, -(apex.length + 1));
      if (!/^[a-z0-9-]{1,63}$/.test(slug)) return null;
      id = await repo.idBySlug(slug);
    } else {
      if (!/^[a-z0-9.-]{1,253}$/.test(host)) return null;
      id = await repo.idByDomain(host);
    }
    if (!id) return null;
    const tenant = await repo.get(id);
    if (!tenant) return null;
    // A custom domain serves its space only while the space still has it, verified (a marker left
    // from before verification existed, or a space that moved on, serves nothing).
    if (custom && verifiedDomain(tenant) !== host) return null;
    return { kind: 'tenant', tenant };
  }

  return {
    async resolve(hostHeader: string | undefined, nowMs: number): Promise<HostResolution> {
      const host = hostName(hostHeader);
      const hit = cache.get(host);
      let value: HostResolution | null;
      if (hit && nowMs - hit.at < deps.tenantCacheMs) value = hit.value;
      else {
        value = await lookup(host);
        if (deps.tenantCacheMs > 0) {
          if (cache.size > 5000) cache.clear();
          cache.set(host, { at: nowMs, value });
        }
      }
      if (!value) throw new AppError('not_found', 'There is no space at this address');
      return value;
    },
    /** Forget a host (after a settings change in this process). */
    forget(tenantId: string) {
      for (const [k, v] of cache) if (v.value?.kind === 'tenant' && v.value.tenant.id === tenantId) cache.delete(k);
    },
  };
}
export type TenantResolver = ReturnType<typeof createTenantResolver>;
