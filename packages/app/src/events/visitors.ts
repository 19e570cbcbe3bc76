import { createHash, randomBytes } from 'node:crypto';
import { notFound, ruleViolation } from '@lieu/core';
import { checkOpen, isFree, type EventRecord } from '@lieu/core/events';
import { commit, sessionsRepo, tenantRealm, WriteSet } from '@lieu/db';
import type { TenantScope } from '../scope';
import { spendSendBudget } from '../sendBudget';
import { cancelRegistration } from './cancel';
import { emailContext, eventEmails } from './emails';
import { register } from './register';

/**
 * Visitors (no account) register in two steps, so the platform cannot be used to send mail to
 * arbitrary addresses: the request only sends a confirmation link (rate limited per IP and per
 * recipient) and holds no place; the click registers. Limits are per space and per hour.
 */
export const VISITOR_LIMITS = {
  /** Confirmation requests from one address per hour. */
  perIp: 10,
  /** Confirmation emails to one recipient per hour (all events of the space). */
  perRecipient: 3,
  windowSeconds: 3600,
  /** How long a confirmation link works. */
  linkSeconds: 24 * 3600,
};

const token = () => {
  const t = randomBytes(32).toString('base64url');
  return { token: t, hash: hashOf(t) };
};
const hashOf = (t: string) => createHash('sha256').update(t).digest('base64url');

/** The path of the portal page a confirmation link opens (it posts the token back). */
export const confirmPath = (eventId: string) => `/events/${eventId}`;

/** A visitor asks to register: a confirmation email, nothing counted yet. */
export async function requestVisitorRegistration(scope: TenantScope, e: EventRecord, who: { name: string; email: string; ip: string }) {
  if (e.audience !== 'public') throw notFound('Event');
  checkOpen(e, scope.now);
  if (!isFree(e)) throw ruleViolation('account_required', 'A paid ticket needs a member account: sign in or create one first');
  const limits = sessionsRepo(scope.db, tenantRealm(scope.tenantId));
  await limits.hit('event-visitor-ip', who.ip, VISITOR_LIMITS.perIp, VISITOR_LIMITS.windowSeconds, scope.now);
  await limits.hit('event-visitor-email', who.email, VISITOR_LIMITS.perRecipient, VISITOR_LIMITS.windowSeconds, scope.now);
  await spendSendBudget(scope);
  const { token: t, hash } = token();
  const expiresAt = Math.floor(scope.now.getTime() / 1000) + VISITOR_LIMITS.linkSeconds;
  const url = scope.links.to(confirmPath(e.id), { confirm: t });
  await commit(scope.db, new WriteSet()
    .add('pending', scope.repos.events.pendingItem(hash, { eventId: e.id, name: who.name, email: who.email, createdAt: scope.now.toISOString(), expiresAt }))
    .add('email', scope.repos.outbox.putItem({ to: who.email, ...eventEmails.confirmVisitor(emailContext(scope), e.title, e.start, url) }, scope.now)),
  () => new Error('unconditional writes'));
  return { confirmationSent: true as const, email: who.email, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** The click in the confirmation email: the registration (or waitlist entry) is made now, once. */
export async function confirmVisitorRegistration(scope: TenantScope, confirmToken: string) {
  const hash = hashOf(confirmToken);
  const pending = await scope.repos.events.pendingVisitor(hash);
  if (!pending) throw notFound('Registration');
  if (pending.expiresAt * 1000 <= scope.now.getTime()) throw ruleViolation('link_expired', 'This confirmation link has expired; register again');
  const e = await scope.repos.events.get(pending.eventId);
  if (!e || !e.published || e.audience !== 'public') throw notFound('Event');
  const cancel = token();
  const out = await register(scope, e, { name: pending.name, email: pending.email }, {
    cancelTokenHash: cancel.hash,
    extra: new WriteSet().add('confirmation', scope.repos.events.pendingUse(hash)),
    onExtraFailed: () => notFound('Registration'),
  });
  return { ...out, cancelToken: cancel.token };
}

/** A visitor cancels with the token they received. */
export async function visitorCancel(scope: TenantScope, cancelToken: string): Promise<void> {
  const r = await scope.repos.events.registrationOfToken(hashOf(cancelToken));
  const e = r ? await scope.repos.events.get(r.eventId) : null;
  if (!r || !e || r.status === 'cancelled') throw notFound('Registration');
  await cancelRegistration(scope, e, r);
}
