import { AppError, newId, ruleViolation, type Dues, type Pass, type Payment, type PaymentEffect, type Plan } from '@lieu/core';
import { commit, idempotencyRepo, memberTerms, nowEpochSeconds, WriteSet, type Catalogue, type MemberBilling } from '@lieu/db';
import type { SignedScope } from '../scope';
import { findEntry } from './catalogue';
import { actingFor } from './members';
import { presentPayment } from './present';
import { runQuote, toPriceItems } from './quote';

export interface PurchaseInput { kind: 'pass' | 'plan' | 'dues'; id: string; memberId?: string | undefined }

const IDEMPOTENCY_KEY = /^[\w-]{8,100}$/;

/** What paying for a catalogue entry will grant, fixed now (a later catalogue change does not alter it). */
export function effectOf(kind: 'pass' | 'plan' | 'dues', entry: Pass | Plan | Dues): PaymentEffect {
  if (kind === 'pass') {
    const p = entry as Pass;
    return { kind: 'credit', passId: p.id, name: p.name, unit: p.unit, amount: p.amount, resourceKinds: p.resourceKinds, validityDays: p.validityDays };
  }
  if (kind === 'plan') {
    const p = entry as Plan;
    return { kind: 'subscription', plan: { id: p.id, name: p.name, interval: p.interval, priceCents: p.priceCents, entitlements: p.entitlements } };
  }
  const d = entry as Dues;
  return { kind: 'dues', duesId: d.id, interval: d.interval, grantsCategory: d.grantsCategory };
}

/** Dues that every purchase needs, or that this plan needs, must cover today. */
function checkDues(catalogue: Catalogue, b: MemberBilling, kind: PurchaseInput['kind'], entry: Pass | Plan | Dues, day: string) {
  if (kind === 'dues') return;
  const needed = catalogue.dues.some((d) => d.active && d.requiredForAll) || (kind === 'plan' && (entry as Plan).requiresDues);
  if (needed && !(b.profile.duesValidUntil && b.profile.duesValidUntil >= day)) {
    throw ruleViolation('dues_required', 'Membership dues must be paid first');
  }
}

/**
 * Buys a pass, a plan or dues: a pending payment, "to pay on site" (or online through Checkout).
 * With an Idempotency-Key, a retry answers the stored payment; the key and the payment are one
 * transaction, so two concurrent first tries cannot both create one.
 */
export async function purchase(scope: SignedScope, catalogue: Catalogue, input: PurchaseInput, idempotencyKey?: string) {
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) throw new AppError('invalid_input', 'Idempotency-Key: 8 to 100 letters, digits, - or _');
  const fingerprint = JSON.stringify({ ...input, by: scope.actor.id });
  const idem = idempotencyRepo(scope.db, scope.tenantId);
  const nowSec = nowEpochSeconds(scope.now);
  if (idempotencyKey) {
    const seen = await idem.get(idempotencyKey, nowSec);
    if (seen) {
      if (seen.fingerprint !== fingerprint) throw ruleViolation('idempotency_key_reused', 'This Idempotency-Key was used for another request');
      return presentPayment(seen.response as Payment);
    }
  }
  const member = await actingFor(scope, input.memberId);
  const day = scope.today;
  const billing = await scope.repos.memberBilling.load(member.id);
  const entry = findEntry(catalogue, input.kind, input.id);
  if (!entry.active) throw ruleViolation('not_for_sale', 'This is no longer sold');
  checkDues(catalogue, billing, input.kind, entry, day);
  const q = runQuote(scope.tenant, catalogue, memberTerms(billing), toPriceItems([{ kind: input.kind, id: input.id }], catalogue, day), day);
  const payment: Payment = {
    id: newId(scope.now.getTime()), memberId: member.id, memberName: member.name,
    item: { kind: input.kind, refId: entry.id, label: entry.name }, revenueCategory: q.lines[0]!.revenueCategory,
    lines: q.lines.map((l) => ({ label: l.label, revenueCategory: l.revenueCategory, quantity: l.quantity, amountCents: l.amountCents, vatRateBp: l.vatRateBp, netCents: l.netCents, vatCents: l.vatCents })),
    currency: q.currency, totalCents: q.totalCents, netCents: q.netCents, vatCents: q.vatCents, ...(q.vatMention ? { vatMention: q.vatMention } : {}),
    status: 'pending', channel: 'desk', createdAt: scope.now.toISOString(), createdBy: scope.actor.id, effect: effectOf(input.kind, entry), version: 1,
  };
  const set = new WriteSet().add('payment', scope.repos.payments.createOp(payment));
  if (idempotencyKey) set.add('idempotency', idem.putOp(idempotencyKey, fingerprint, payment, nowSec));
  await commit(scope.db, set, () => new AppError('conflict', 'The same request is being processed; retry it with the same Idempotency-Key', { rule: 'busy' }), { clientRequestToken: scope.requestId });
  return presentPayment(payment);
}
