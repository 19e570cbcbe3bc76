import { AppError, conflict, emails, forbidden, hasRole, newId, type Role, type User } from '@lieu/core';
import type { SignedScope } from '../scope';
import { spendSendBudget } from '../sendBudget';
import { identityRepos, expiry, INVITE_SECONDS, localeOf, spaceName, WINDOW_SECONDS, type IdentityScope } from './identity';
import { linkExpired } from './links';
import { hashPassword } from './password';
import { hashToken, newLinkToken } from './tokens';

/** Who may invite whom: operators invite members; owners invite anyone. */
const mayInvite = (inviter: Role, role: Role) => (role === 'member' ? hasRole(inviter, 'operator') : inviter === 'owner');

/**
 * Emails an invitation to join the space with a role. Limited per recipient like every emailed link,
 * so that staff (or a stolen staff session) cannot flood an address through the platform.
 */
export async function invite(scope: SignedScope, s: IdentityScope, input: { email: string; role: Role; name?: string }): Promise<void> {
  if (!mayInvite(scope.actor.role, input.role)) throw forbidden('Only owners invite operators and owners', 'role');
  const { users, sessions, outbox } = identityRepos(s);
  await sessions.hit('link-email', input.email, s.limits.linksPerEmail, WINDOW_SECONDS, s.now);
  const inviter = await users.mustGet(scope.actor.id);
  if (await scope.repos.users.getByEmail(input.email)) {
    throw conflict('This person already has an account here', { rule: 'email_taken', fields: [{ path: 'email', message: 'Already registered' }] });
  }
  await spendSendBudget(scope);
  const { token, hash } = newLinkToken();
  await sessions.putToken(hash, { purpose: 'invite', email: input.email, role: input.role, inviterId: inviter.id, inviterVersion: inviter.version, expiresAt: expiry(s, INVITE_SECONDS) });
  // The name the inviter typed rides in the link (it is the reader's own): the acceptance form starts with it.
  const url = scope.links.to('/invitation', { token, ...(input.name ? { name: input.name } : {}) });
  await outbox.enqueue({ to: input.email, ...emails.invitation(localeOf(s), spaceName(s), input.role, url) }, s.now);
}

/**
 * Creates the invited account. The invitation dies with its inviter's rights: one whose inviter was
 * suspended, closed, lost the role to invite that role, or whose account changed since (a password
 * reset or a role change, both of which move its version) is refused.
 */
export async function acceptInvitation(s: IdentityScope & { tenant: NonNullable<IdentityScope['tenant']> }, input: { token: string; name: string; password: string }): Promise<User> {
  const { users, sessions } = identityRepos(s);
  const t = await sessions.consumeToken(hashToken(input.token), 'invite', s.now);
  if (!t) throw new AppError('unauthenticated', 'This invitation has expired or was already used', { rule: 'link_expired' });
  const role: Role = t.role === 'owner' || t.role === 'operator' ? t.role : 'member';
  if (t.inviterId) {
    const inviter = await users.get(t.inviterId);
    if (!inviter || inviter.status !== 'active' || !mayInvite(inviter.role, role)) throw linkExpired();
    if (t.inviterVersion !== undefined && t.inviterVersion !== inviter.version) throw linkExpired();
  }
  const user: User = {
    id: newId(s.now.getTime()), tenantId: s.tenant.id, email: t.email, name: input.name,
    role, status: 'active', passwordHash: await hashPassword(input.password), createdAt: s.now.toISOString(), version: 1,
  };
  await users.create(user);
  return user;
}
