import { noticeEmails, paymentEmails, type Payment } from '@lieu/core';
import type { Qualification } from '@lieu/core/booking';
import { receiptPath } from './billing/present';
import { memberEmail, type MailMember } from './mail';
import type { TenantScope } from './scope';

/** The member's "qualification granted" email (or none), for the grant's own transaction. */
export function qualificationEmailPut(scope: TenantScope, member: MailMember, q: Qualification) {
  const email = memberEmail(scope, member, 'qualificationGranted', (l) => noticeEmails.qualificationGranted(l, scope.tenant.name, q.trainingName, q.expiresOn));
  return email ? [scope.repos.outbox.putItem(email, scope.now)] : [];
}

/** The outbox item (or none) of a payment received at the desk: its receipt's number and amount, for the payment's own transaction. */
export function receiptEmailPut(scope: TenantScope, member: MailMember, paid: Payment) {
  const number = paid.receiptNumber;
  const email = number ? memberEmail(scope, member, 'paymentReceived', (l) => paymentEmails.receipt(
    l, scope.tenant.name, number, paid.item.label, paid.totalCents, paid.currency, scope.links.to(receiptPath(number)), 'desk',
  )) : null;
  return email ? [scope.repos.outbox.putItem(email, scope.now)] : [];
}
