import { notFound } from '@lieu/core';
import { auditPut, stripeLedgerRepo, transact, type StaffAlert } from '@lieu/db';
import type { SignedScope } from '../scope';

/** An alert as staff see it. */
export const presentAlert = ({ resolvedBy: _b, ...a }: StaffAlert) => a;

/**
 * Staff mark a Stripe alert handled (a refund reconciled by hand, a chargeback dealt with): it leaves
 * the dashboard; the alert and its audit entry are one write. Handling it again changes nothing.
 */
export async function resolveAlert(scope: SignedScope, alertId: string, note?: string | undefined) {
  const repo = stripeLedgerRepo(scope.db, scope.tenantId);
  const alert = await repo.alert(alertId);
  if (!alert) throw notFound('Alert');
  if (alert.status === 'resolved') return presentAlert(alert);
  const resolved: StaffAlert = { ...alert, status: 'resolved', resolvedAt: scope.now.toISOString() };
  await transact(scope.db, [
    repo.alertPut({ ...resolved, resolvedBy: scope.actor.id }),
    auditPut(scope.db, scope.tenantId, {
      actorId: scope.actor.id, action: 'stripe_alert.resolved', targetType: 'stripe_alert', targetId: alert.id,
      summary: `Stripe alert handled: ${alert.kind}${note ? ` (${note})` : ''}`,
    }, scope.now),
  ], () => new Error('unreachable: unconditional writes'));
  return presentAlert(resolved);
}
