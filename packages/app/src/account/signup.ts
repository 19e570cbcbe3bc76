import { conflict, emails, newId, type Locale, type User } from '@lieu/core';
import { commit, emailTaken, userPutItems, WriteSet } from '@lieu/db';
import { identityRepos, expiry, localeOf, spaceName, WINDOW_SECONDS, type IdentityScope } from './identity';
import { linkExpired } from './links';
import { hashPassword } from './password';
import { hashToken, newLinkToken } from './tokens';

export interface MemberSignup { name: string; email: string; password: string; locale?: Locale | undefined }

export const SIGNUP_SECONDS = 24 * 3600;

type SpaceScope = IdentityScope & { tenant: NonNullable<IdentityScope['tenant']> };

/**
 * Asks for a member account on this space. The answer is the same whether or not the email already
 * has an account here, so the sign-up form cannot be used to find out who is a member: a new address
 * gets a confirmation link (the account is created when it is opened), a known one a note saying it
 * already has an account. Every attempt counts against the caller's address and the recipient, taken
 * or not, and the password is hashed either way (the time taken tells nothing either).
 */
export async function requestSignUp(s: SpaceScope, input: MemberSignup): Promise<void> {
  const { users, sessions, outbox } = identityRepos(s);
  await sessions.hit('signup-ip', s.ip, s.limits.signupsPerIp, WINDOW_SECONDS, s.now);
  await sessions.hit('link-email', input.email, s.limits.linksPerEmail, WINDOW_SECONDS, s.now);
  const [existing, passwordHash] = await Promise.all([users.getByEmail(input.email), hashPassword(input.password)]);
  const locale = localeOf(s, input);
  if (existing) {
    await outbox.enqueue({ to: input.email, ...emails.accountExists(localeOf(s, existing), spaceName(s), s.links.to('/login'), s.links.to('/forgot-password')) }, s.now);
    return;
  }
  const { token, hash } = newLinkToken();
  await sessions.putToken(hash, {
    purpose: 'signup', email: input.email, name: input.name, passwordHash, ...(input.locale ? { locale: input.locale } : {}),
    expiresAt: expiry(s, SIGNUP_SECONDS),
  });
  await outbox.enqueue({ to: input.email, ...emails.confirmSignup(locale, spaceName(s), s.links.to('/signup', { token })) }, s.now);
}

/**
 * Creates the account a confirmation link was sent for, in one transaction with its welcome email and
 * the caller's session item (`sessionFor`, from the HTTP layer). An address that got an account
 * meanwhile is a 409.
 */
export async function confirmSignUp(s: SpaceScope, token: string, sessionFor: (user: User) => Promise<WriteSet>): Promise<User> {
  const { sessions, outbox } = identityRepos(s);
  const t = await sessions.consumeToken(hashToken(token), 'signup', s.now);
  if (!t || !t.name || !t.passwordHash) throw linkExpired();
  const user: User = {
    id: newId(s.now.getTime()), tenantId: s.tenant.id, email: t.email, name: t.name, role: 'member',
    status: 'active', locale: t.locale, passwordHash: t.passwordHash, createdAt: s.now.toISOString(), version: 1,
  };
  const [account, marker] = userPutItems(s.db, s.realm, user);
  const set = new WriteSet()
    .add('user', account!)
    .add('email', marker!)
    .add('welcome', outbox.putItem({ to: t.email, ...emails.welcome(localeOf(s, user), spaceName(s), s.links.origin) }, s.now))
    .merge(await sessionFor(user));
  await commit(s.db, set, (failed) => (failed.has('email') ? emailTaken() : conflict('The account could not be created; try again')), { clientRequestToken: s.requestId });
  return user;
}
