import type { Area } from './areas';

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

/** Partition-key prefixes (IAM StringLike patterns) an HTTP area may touch. */
export function leadingKeysFor(area: Area): string[] {
  const keys = ['T#*', 'SLUG#*', 'DOMAIN#*'];
  if (area.routes.some((r) => r.host !== 'tenant')) keys.push('P#*');
  keys.push(...(PLATFORM_KEYS[area.name] ?? []));
  return keys;
}

/** Platform-level partitions (neither `T#` nor `P#`) an area needs besides the host markers. */
export const PLATFORM_KEYS: Record<string, string[]> = {
  tenants: ['TENANTS'], // GSI1 list of tenants, for platform admins
  webhooks: ['STRIPE_ACCOUNT#*'], // connected account → tenant (Connect onboarding, webhook routing)
};

/** Areas that read the Stripe secrets (API key and webhook signing secret). */
export const STRIPE_AREAS = new Set(['webhooks']);

export const OUTBOX_KEYS = ['T#*#OUTBOX', 'P#OUTBOX'];
