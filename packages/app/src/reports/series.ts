import type { Payment, User } from '@lieu/core';
import { addDays } from '@lieu/core/booking';

/**
 * Counts over time for the dashboard, pure. A week is named by its Monday (local date) and counted
 * at its end (the next Monday, exclusive), or at `today` for the week in progress.
 */
export const weekEnd = (monday: string, today: string): string => {
  const end = addDays(monday, 7);
  return end > today ? addDays(today, 1) : end;
};

/** People with an active account created before each week's end (today's status: suspensions are not dated). */
export function activeMembersByWeek(users: readonly Pick<User, 'createdAt' | 'status'>[], weeks: readonly string[], today: string, dayOf: (iso: string) => string): number[] {
  const active = users.filter((u) => u.status === 'active').map((u) => dayOf(u.createdAt));
  return weeks.map((w) => { const end = weekEnd(w, today); return active.filter((d) => d < end).length; });
}

/** The last day a paid plan payment covers: one interval from the day it was paid. */
export function planCoverage(p: Payment, dayOf: (iso: string) => string): { memberId: string; from: string; to: string } | null {
  if (p.item.kind !== 'plan' || p.status !== 'paid' || !p.paidAt) return null;
  const from = dayOf(p.paidAt);
  const months = p.effect?.kind === 'subscription' && p.effect.plan.interval === 'year' ? 12 : 1;
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const to = addDays(new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10), -1);
  return { memberId: p.memberId, from, to };
}

/** Members whose paid plan covered the last day of each week. */
export function subscriptionsByWeek(payments: readonly Payment[], weeks: readonly string[], today: string, dayOf: (iso: string) => string): number[] {
  const spans = payments.map((p) => planCoverage(p, dayOf)).filter((s): s is NonNullable<typeof s> => !!s);
  return weeks.map((w) => {
    const last = addDays(weekEnd(w, today), -1);
    return new Set(spans.filter((s) => s.from <= last && s.to >= last).map((s) => s.memberId)).size;
  });
}
