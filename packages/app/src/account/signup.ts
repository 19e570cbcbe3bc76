import { emails, newId, type Locale, type User } from '@lieu/core';
import { commit, emailTaken, userPutItems, WriteSet } from '@lieu/db';
import { identityRepos, localeOf, spaceName, WINDOW_SECONDS, type IdentityScope } from './identity';
import { hashPassword } from './password';

export interface MemberSignup { name: string; email: string; password: string; locale?: Locale | undefined }

/**
 * A new member account on this space, in one transaction with its welcome email, the caller's
 * session item (`sessionFor`, from the HTTP layer) and the address's sign-up counter. A taken email still counts against the address
 * (outside the failed transaction), so addresses cannot probe the member list at will.
 */
export async function signUpMember(s: IdentityScope & { tenant: NonNullable<IdentityScope['tenant']> }, input: MemberSignup, sessionFor: (user: User) => Promise<WriteSet>): Promise<User> {
  const { sessions, outbox } = identityRepos(s);
  const user: User = {
    id: newId(s.now.getTime()), tenantId: s.tenant.id, email: input.email, name: input.name, role: 'member',
    status: 'active', locale: input.locale, passwordHash: await hashPassword(input.password), createdAt: s.now.toISOString(), version: 1,
  };
  const [account, marker] = userPutItems(s.db, s.realm, user);
  const set = new WriteSet()
    .add('user', account!)
    .add('email', marker!)
    .add('welcome', outbox.putItem({ to: input.email, ...emails.welcome(localeOf(s, user), spaceName(s), s.links.origin) }, s.now))
    .merge(await sessionFor(user))
    .add('ip-limit', sessions.hitItem('signup-ip', s.ip, s.limits.signupsPerIp, WINDOW_SECONDS, s.now));
  try {
    await commit(s.db, set, (failed) => (failed.has('email') ? emailTaken() : sessions.rateLimited(WINDOW_SECONDS, s.now)), { clientRequestToken: s.requestId });
  } catch (e) {
    if ((e as { reason?: string }).reason === 'email_taken') {
      await sessions.hit('signup-ip', s.ip, s.limits.signupsPerIp, WINDOW_SECONDS, s.now);
    }
    throw e;
  }
  return user;
}
