import type { User } from '@lieu/core';
import { identityRepos, type IdentityScope } from './identity';
import { consumeLink } from './links';
import { hashPassword } from './password';

/**
 * Sets a new password from a reset link. The account's version moves, so every other link issued
 * before (magic links, resets) is void; every session ends (the caller opens a new one).
 */
export async function confirmPasswordReset(s: IdentityScope, token: string, password: string): Promise<User> {
  const { users, sessions } = identityRepos(s);
  const user = await consumeLink(s, token, 'password_reset');
  const updated = await users.update(user, { ...user, passwordHash: await hashPassword(password) });
  await sessions.revokeAllOf(user.id);
  return updated;
}
