import { AppError, type Tenant } from '@lieu/core';
import { sendBudgetRepo } from '@lieu/db';
import type { TenantScope } from './scope';

/**
 * A new space's email budget: while younger than `newSpaceDays`, it may have at most `perDay` emails
 * a day sent by requests (invitations, visitor registrations), so a space made to spam reaches few
 * inboxes before staff of the platform see it. Older spaces have no such budget.
 */
export interface SendBudget {
  newSpaceDays: number;
  perDay: number;
}
export const DEFAULT_SEND_BUDGET: SendBudget = { newSpaceDays: 30, perDay: 200 };

const DAY_MS = 86_400_000;

/** Whether the space is still under the new-space budget at `now`. */
export const underSendBudget = (t: Pick<Tenant, 'createdAt'>, budget: SendBudget, now: Date): boolean =>
  now.getTime() - Date.parse(t.createdAt) < budget.newSpaceDays * DAY_MS;

/** The budget's day (UTC) and when the next one starts. */
const dayOf = (now: Date) => {
  const day = now.toISOString().slice(0, 10);
  return { day, next: Date.parse(`${day}T00:00:00.000Z`) + DAY_MS };
};

/**
 * Counts one request-triggered email against the space's budget, before it is written. Refused
 * (429, reason `send_budget`) rather than held: a held email would reach its recipient a day late,
 * when a confirmation or invitation link is stale, and the person asking can try again tomorrow.
 */
export async function spendSendBudget(scope: TenantScope): Promise<void> {
  const budget = scope.sendBudget;
  if (!underSendBudget(scope.tenant, budget, scope.now)) return;
  const { day, next } = dayOf(scope.now);
  if (await sendBudgetRepo(scope.db, scope.tenantId).spend(day, budget.perDay, scope.now)) return;
  throw new AppError('rate_limited', `This space may send ${budget.perDay} emails a day during its first ${budget.newSpaceDays} days; try again tomorrow`, {
    rule: 'send_budget', retryAfterSeconds: Math.ceil((next - scope.now.getTime()) / 1000),
  }, { params: { limit: budget.perDay, days: budget.newSpaceDays } });
}

/** What staff see of the budget (settings): none once the space is old enough. */
export async function sendBudgetView(scope: TenantScope) {
  const budget = scope.sendBudget;
  if (!underSendBudget(scope.tenant, budget, scope.now)) return undefined;
  const { day } = dayOf(scope.now);
  const sent = await sendBudgetRepo(scope.db, scope.tenantId).sent(day, scope.now);
  return {
    day, sent, perDay: budget.perDay,
    until: new Date(Date.parse(scope.tenant.createdAt) + budget.newSpaceDays * DAY_MS).toISOString(),
  };
}
