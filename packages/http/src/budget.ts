import { AppError } from '@lieu/core';

/** Requests one space may make per second in this process, and the burst it may spend at once. */
export interface TenantBudget {
  perSecond: number;
  burst: number;
}

/**
 * One token bucket per space, in this process: a space that floods the API is answered 429 with
 * Retry-After once its burst is spent, while the others keep theirs, so that it cannot take every
 * warm container's time. API Gateway's stage throttle bounds the whole API and the WAF's rate rule
 * keyed on the host bounds each space across containers (infra/lib/edge.ts); this is the part that
 * holds without the WAF and costs no round trip.
 */
export function tenantBudgets(budget: TenantBudget | undefined) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(tenantId: string, nowMs: number): void {
      if (!budget) return;
      const b = buckets.get(tenantId) ?? { tokens: budget.burst, at: nowMs };
      b.tokens = Math.min(budget.burst, b.tokens + (Math.max(0, nowMs - b.at) / 1000) * budget.perSecond);
      b.at = Math.max(b.at, nowMs);
      buckets.set(tenantId, b);
      if (b.tokens < 1) {
        throw new AppError('rate_limited', 'This space is receiving too many requests; retry shortly', {
          retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / budget.perSecond)),
        });
      }
      b.tokens -= 1;
    },
  };
}
