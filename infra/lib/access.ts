import type { AreaRoute } from './areas';

/** What a function serves: its routes and the features (functions/<area>) they belong to. */
export interface Served { routes: AreaRoute[]; areas: { name: string; routes: AreaRoute[] }[] }

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
 * - the job runner reaches only the partitions its jobs read and write (infra/lib/jobs.ts), among them
 *   the domain markers, which `verify-domains` claims once a space proved it controls the domain.
 * Per-tenant isolation inside a function is enforced by the key builders (packages/db/src/keys.ts) and
 * proven by the isolation tests. No function may Scan (no request path needs one), and no action is `*`.
 */
export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const HTTP_ACTIONS = [
  ...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem',
] as const;

/** The platform's host markers: every function reads them (to resolve the Host); only `tenants` (and the job runner's `verify-domains`) writes them. */
export const HOST_MARKERS = ['SLUG#*', 'DOMAIN#*'];
export const HOST_MARKER_WRITERS = new Set(['tenants']);

/** Features whose routes only read (feeds, public event pages, a member's records): their function gets reads only. */
export const READ_ONLY_AREAS = new Set(['feeds', 'event-pages', 'member-records']);

/**
 * Features with routes on any host that still never touch the platform realm (`P#…`): Stripe posts
 * its events to the platform's address, but they concern spaces' keys and the account map only.
 */
export const NO_PLATFORM_REALM = new Set(['webhooks']);

/**
 * Partition-key prefixes (IAM StringLike patterns) an HTTP function may touch: the union of what its
 * features need (a function serving several features holds each one's keys).
 */
export function leadingKeysFor(fn: Served): string[] {
  const keys = ['T#*', ...HOST_MARKERS];
  const platformHost = fn.areas.some((a) => !NO_PLATFORM_REALM.has(a.name) && a.routes.some((r) => r.host !== 'tenant'));
  if (platformHost) keys.push('P#*');
  for (const a of fn.areas) keys.push(...(PLATFORM_KEYS[a.name] ?? []));
  return keys;
}

/** The same without the host markers, which have a statement of their own (`hostMarkerActionsFor`). */
export const dataKeysFor = (fn: Served): string[] => leadingKeysFor(fn).filter((k) => !HOST_MARKERS.includes(k));

/** Reads only when every feature of the function only reads; else the actions of a request path. */
export const tableActionsFor = (fn: Served): readonly string[] =>
  fn.areas.every((a) => READ_ONLY_AREAS.has(a.name)) ? READ_ACTIONS : HTTP_ACTIONS;

/** GetItem on the host markers, except for the feature that creates spaces and moves their domains. */
export const hostMarkerActionsFor = (fn: Served): readonly string[] =>
  servesAny(fn, HOST_MARKER_WRITERS) ? ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'] : ['dynamodb:GetItem'];

/** One feature as a function would serve it alone. */
export const servedAlone = (area: { name: string; routes: AreaRoute[] }): Served => ({ routes: area.routes, areas: [area] });

/** Platform-level partitions (neither `T#` nor `P#`) an area needs besides the host markers. */
export const PLATFORM_KEYS: Record<string, string[]> = {
  tenants: ['TENANTS'], // GSI1 list of tenants, for platform admins
  webhooks: ['STRIPE_ACCOUNT#*'], // connected account → tenant (Connect onboarding, webhook routing)
};

/** Features that read the Stripe secrets (API key and webhook signing secret): their function may. */
export const STRIPE_AREAS = new Set(['webhooks']);

/** Features that sign media-bucket requests (the shop's photos, the space's logo): their function gets the bucket's grant. */
export const MEDIA_AREAS = new Set(['shop-media']);

export const servesAny = (fn: Served, set: Set<string>): boolean => fn.areas.some((a) => set.has(a.name));

export const OUTBOX_KEYS = ['T#*#OUTBOX', 'P#OUTBOX'];
