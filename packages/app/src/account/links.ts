import { AppError, emails, type Locale, type User } from '@lieu/core';
import { identityRepos, expiry, localeOf, spaceName, MAGIC_LINK_SECONDS, RESET_SECONDS, WINDOW_SECONDS, type IdentityScope } from './identity';
import { hashToken, newLinkToken } from './tokens';

export const linkExpired = () => new AppError('unauthenticated', 'This link has expired or was already used', { rule: 'link_expired' });

const LINKS = {
  magic_link: { ttl: MAGIC_LINK_SECONDS, path: '/login/magic', text: emails.magicLink },
  password_reset: { ttl: RESET_SECONDS, path: '/reset-password', text: emails.passwordReset },
} as const;

/**
 * Emails a one-time link (magic link, password reset) to an active account with that email. Rate
 * limited per email; the caller answers the same whether or not the email is known. The token
 * records the account's version: a password reset or a role change (both bump it) voids it.
 */
export async function requestLink(s: IdentityScope, email: string, purpose: keyof typeof LINKS): Promise<void> {
  const { users, sessions, outbox } = identityRepos(s);
  await sessions.hit('link-email', email, s.limits.linksPerEmail, WINDOW_SECONDS, s.now);
  const user = await users.getByEmail(email);
  if (!user || user.status !== 'active') return;
  const { token, hash } = newLinkToken();
  const link = LINKS[purpose];
  await sessions.putToken(hash, { purpose, userId: user.id, email, userVersion: user.version, expiresAt: expiry(s, link.ttl) });
  const url = s.links.to(link.path, { token });
  await outbox.enqueue({ to: email, ...link.text(localeOf(s, user) as Locale, spaceName(s), url) }, s.now);
}

/** Consumes a magic-link or reset token: the active account it was issued to, unchanged since, or 401. */
export async function consumeLink(s: IdentityScope, token: string, purpose: keyof typeof LINKS): Promise<User> {
  const { users, sessions } = identityRepos(s);
  const t = await sessions.consumeToken(hashToken(token), purpose, s.now);
  const user = t?.userId ? await users.get(t.userId) : null;
  if (!user || user.status !== 'active') throw linkExpired();
  if (t!.userVersion !== undefined && t!.userVersion !== user.version) throw linkExpired();
  return user;
}
