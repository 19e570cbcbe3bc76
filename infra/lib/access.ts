import type { AreaRoute } from './areas';

/** What a function serves: its routes and the features (functions/<area>) they belong to. */
export interface Served { routes: AreaRoute[]; areas: { name: string }[] }

/**
 * What each function may do on the table, and on which partition keys (`dynamodb:LeadingKeys`).
 *
 * Why the fence is per key-space and not per tenant: one Lambda serves every tenant (the tenant comes
 * from the request's Host), so its role cannot name one tenant id. A per-tenant fence would need an
 * STS AssumeRole with a `tenantId` session tag per request (AWS SaaS Factory's pattern), adding a round
 * trip and ~100 KB of STS client to every cold tenant; and every HTTP function must still read the
 * platform's markers (`SLUG#`, `DOMAIN#`) to resolve the Host. What the fence does give:
 * - HTTP areas reach only tenant-owned keys (`T#…`) and the host markers, plus the platform realm
 *   (`P#…`) only when the area serves platform-host routes, and the `TENANTS` list only for `tenants`;
 * - the stream consumer reaches only outbox partitions (`T#*#OUTBOX`, `P#OUTBOX`);
 * - the job runner reaches only the outboxes and the tenant list.
 * Per-tenant isolation inside a function is enforced by the key builders (packages/db/src/keys.ts) and
 * proven by the isolation tests. No function may Scan (no request path needs one), and no action is `*`.
 */
export const HTTP_ACTIONS = [
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query',
  'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem',
] as const;

/**
 * Partition-key prefixes (IAM StringLike patterns) an HTTP function may touch: the union of what its
 * features need (a function serving several features holds each one's keys).
 */
export function leadingKeysFor(fn: Served): string[] {
  const keys = ['T#*', 'SLUG#*', 'DOMAIN#*'];
  if (fn.routes.some((r) => r.host !== 'tenant')) keys.push('P#*');
  for (const a of fn.areas) keys.push(...(PLATFORM_KEYS[a.name] ?? []));
  return keys;
}

/** One feature as a function would serve it alone. */
export const servedAlone = (area: { name: string; routes: AreaRoute[] }): Served => ({ routes: area.routes, areas: [area] });

/** Platform-level partitions (neither `T#` nor `P#`) an area needs besides the host markers. */
export const PLATFORM_KEYS: Record<string, string[]> = {
  tenants: ['TENANTS'], // GSI1 list of tenants, for platform admins
  webhooks: ['STRIPE_ACCOUNT#*'], // connected account → tenant (Connect onboarding, webhook routing)
};

/** Features that read the Stripe secrets (API key and webhook signing secret): their function may. */
export const STRIPE_AREAS = new Set(['webhooks']);

/** Features that sign media-bucket requests (the shop's photos): their function gets the bucket's grant. */
export const MEDIA_AREAS = new Set(['shop-media']);

export const servesAny = (fn: Served, set: Set<string>): boolean => fn.areas.some((a) => set.has(a.name));

export const OUTBOX_KEYS = ['T#*#OUTBOX', 'P#OUTBOX'];
