/**
 * Key builders. Every item a tenant owns has a partition key starting with `T#<tenantId>#`, so an
 * IAM `dynamodb:LeadingKeys` condition can fence a function to one tenant and no Query can cross
 * tenants. Platform-level items (slug and domain markers, platform admins) start with other prefixes.
 * The access patterns these keys serve are listed in this package's README.
 */

/** A realm is where identities live: one tenant, or the platform (its admins). */
export type Realm = { kind: 'tenant'; tenantId: string } | { kind: 'platform' };
export const tenantRealm = (tenantId: string): Realm => ({ kind: 'tenant', tenantId });
export const PLATFORM_REALM: Realm = { kind: 'platform' };
export const realmPrefix = (r: Realm): string => (r.kind === 'tenant' ? `T#${r.tenantId}#` : 'P#');

export const keys = {
  tenant: (tenantId: string) => ({ PK: `T#${tenantId}#TENANT`, SK: 'TENANT' }),
  tenantList: () => 'TENANTS', // GSI1PK of every tenant, for platform admins
  slug: (slug: string) => ({ PK: `SLUG#${slug}`, SK: 'SLUG' }),
  domain: (domain: string) => ({ PK: `DOMAIN#${domain}`, SK: 'DOMAIN' }),

  user: (r: Realm, userId: string) => ({ PK: `${realmPrefix(r)}USER#${userId}`, SK: 'USER' }),
  userList: (r: Realm) => `${realmPrefix(r)}USERS`, // GSI1PK
  email: (r: Realm, email: string) => ({ PK: `${realmPrefix(r)}EMAIL#${email}`, SK: 'EMAIL' }),

  session: (r: Realm, sessionId: string) => ({ PK: `${realmPrefix(r)}SESSION#${sessionId}`, SK: 'SESSION' }),
  userSessions: (r: Realm, userId: string) => `${realmPrefix(r)}USER#${userId}#SESSIONS`, // GSI1PK
  token: (r: Realm, tokenHash: string) => ({ PK: `${realmPrefix(r)}TOKEN#${tokenHash}`, SK: 'TOKEN' }),
  rateLimit: (r: Realm, scope: string, subject: string, window: number) => ({
    PK: `${realmPrefix(r)}RL#${scope}#${subject}`,
    SK: `W#${window}`,
  }),
  outbox: (r: Realm) => `${realmPrefix(r)}OUTBOX`,
  counter: (tenantId: string, name: string) => ({ PK: `T#${tenantId}#COUNTER`, SK: name }),
};

export const nowEpochSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);
