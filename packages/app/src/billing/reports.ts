import type { CsvFormat } from '@lieu/core';
import { isActiveSubscription, paymentsCsv, revenueByMonth } from '@lieu/payments';
import type { SignedScope } from '../scope';
import { presentPayment } from './present';

/** Revenue by month and category (in the space's zone), active subscriptions and what is still unpaid. */
export async function revenueReport(scope: SignedScope, year: number) {
  // Payments are listed by creation time; a payment made in December may be paid in January.
  const payments = await scope.repos.payments.all(`${year - 1}-12-01`, `${year}-12-31`);
  const { months, totalCents } = revenueByMonth(payments, year, scope.zone);
  const subscribers = new Set<string>();
  for (const p of payments) if (p.item.kind === 'plan' && p.status === 'paid') subscribers.add(p.memberId);
  const profiles = await Promise.all([...subscribers].map((m) => scope.repos.memberBilling.load(m)));
  return {
    year, currency: scope.tenant.currency, months, totalCents,
    activeSubscriptions: profiles.filter((b) => isActiveSubscription(b.profile.subscription, scope.today)).length,
    unpaid: payments.filter((p) => p.status === 'pending').map(presentPayment),
  };
}

/** Every payment of a period as CSV for the accountant, oldest first. */
export async function paymentsExport(scope: SignedScope, input: { from?: string | undefined; to?: string | undefined; format: CsvFormat }) {
  const payments = await scope.repos.payments.all(input.from, input.to);
  return { filename: `paiements-${scope.tenant.slug}.csv`, csv: paymentsCsv(payments.reverse(), input.format) };
}

/** The space's payments, newest first, a page at a time. */
export async function paymentsPage(scope: SignedScope, query: { limit: number; cursor?: string | undefined }) {
  const page = await scope.repos.payments.list({ limit: query.limit, cursor: query.cursor });
  return { ...page, items: page.items.map(presentPayment) };
}
