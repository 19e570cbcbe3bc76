import { AppError, type User } from '@lieu/core';
import { identityRepos, WINDOW_SECONDS, type IdentityScope } from './identity';
import { hashPassword, needsRehash, verifyPassword } from './password';

export const invalidCredentials = () => new AppError('unauthenticated', 'Wrong email or password', { rule: 'invalid_credentials' });
export const accountLocked = () => new AppError('forbidden', 'This account is suspended; contact the space', { rule: 'account_locked' });

/** How long failures of one (email, address) are remembered after the last one. */
const FAILURES_KEPT_SECONDS = 86_400;
/** The first wait once the free attempts are spent; each further failure doubles it, up to the cap. */
const FIRST_WAIT_SECONDS = 30;
const MAX_WAIT_SECONDS = 15 * 60;

/** Seconds still to wait before the next attempt, after `fails` failures of which `free` cost nothing. */
export function loginWait(fails: number, lastAt: number, free: number, nowSec: number): number {
  if (fails < free) return 0;
  const wait = Math.min(FIRST_WAIT_SECONDS * 2 ** (fails - free), MAX_WAIT_SECONDS);
  return Math.max(0, lastAt + wait - nowSec);
}

/**
 * Checks an email and password. Attempts are limited per address (a window) and, per (email,
 * address), by a delay that grows with each failure once the free attempts are spent, never by a
 * lock on the email: someone guessing a member's password from their own address slows only
 * themselves, and the real member signs in from theirs. A success clears the count. A hash weaker
 * than today's cost is replaced on success.
 */
export async function checkCredentials(s: IdentityScope, email: string, password: string): Promise<User> {
  const { users, sessions } = identityRepos(s);
  await sessions.hit('login-ip', s.ip, s.limits.loginsPerIp, WINDOW_SECONDS, s.now);
  const subject = `${email}|${s.ip}`;
  const [failures, user] = await Promise.all([sessions.backoff('login-fail', subject, s.now), users.getByEmail(email)]);
  const nowSec = Math.floor(s.now.getTime() / 1000);
  const wait = failures ? loginWait(failures.fails, failures.lastAt, s.limits.loginsPerEmail, nowSec) : 0;
  if (wait > 0) throw new AppError('rate_limited', 'Too many failed attempts; wait before trying again', { retryAfterSeconds: wait });
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!user || !ok) {
    await sessions.recordFailure('login-fail', subject, s.now, FAILURES_KEPT_SECONDS);
    throw invalidCredentials();
  }
  if (failures) await sessions.clearBackoff('login-fail', subject);
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
