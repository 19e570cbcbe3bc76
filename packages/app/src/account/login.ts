import { AppError, type User } from '@lieu/core';
import { identityRepos, WINDOW_SECONDS, type IdentityScope } from './identity';
import { hashPassword, needsRehash, verifyPassword } from './password';

export const invalidCredentials = () => new AppError('unauthenticated', 'Wrong email or password', { rule: 'invalid_credentials' });
export const accountLocked = () => new AppError('forbidden', 'This account is suspended; contact the space', { rule: 'account_locked' });

/**
 * Checks an email and password. Attempts are limited per (email, address) and per address, not per
 * email alone: someone guessing a member's password from their own address cannot lock the real
 * member out, who signs in from theirs. A hash weaker than today's cost is replaced on success.
 */
export async function checkCredentials(s: IdentityScope, email: string, password: string): Promise<User> {
  const { users, sessions } = identityRepos(s);
  await sessions.hit('login-email-ip', `${email}|${s.ip}`, s.limits.loginsPerEmail, WINDOW_SECONDS, s.now);
  await sessions.hit('login-ip', s.ip, s.limits.loginsPerIp, WINDOW_SECONDS, s.now);
  const user = await users.getByEmail(email);
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!user || !ok) throw invalidCredentials();
  if (user.status !== 'active') throw accountLocked();
  if (needsRehash(user.passwordHash)) {
    // Best effort: a concurrent change of the account keeps the old hash until the next login.
    try {
      return await users.update(user, { ...user, passwordHash: await hashPassword(password) });
    } catch { return user; }
  }
  return user;
}

/** The account of a session, if it is still open: used by `me` and by the session checks. */
export async function liveSession(s: IdentityScope, userId: string, sessionId: string): Promise<User | null> {
  const { user, session } = await identityRepos(s).users.getWithSession(userId, sessionId);
  if (!user || !session || (session.expiresAt as number) <= s.now.getTime() / 1000 || user.status !== 'active') return null;
  return user;
}
