import type { Locale, Tenant } from '@lieu/core';
import { outboxRepo, sessionsRepo, usersRepo, type Db, type Realm } from '@lieu/db';
import { brandedOutbox } from '../mail';
import type { Links } from '../scope';

/** Rate limits of the identity routes, per 15-minute window. */
export interface IdentityLimits {
  /** Failed logins per (email, address) before each further one waits, longer each time. */
  loginsPerEmail: number;
  loginsPerIp: number;
  linksPerEmail: number;
  signupsPerIp: number;
  spacesPerIp: number;
}

/**
 * What the sign-in use-cases need: they also run on the platform's host (its admins sign in there),
 * so they take a realm and an optional space rather than a TenantScope.
 */
export interface IdentityScope {
  readonly db: Db;
  readonly realm: Realm;
  readonly tenant: Tenant | null;
  readonly now: Date;
  readonly requestId: string;
  readonly links: Links;
  /** The caller's address, for rate limits (see the HTTP layer's client address). */
  readonly ip: string;
  readonly limits: IdentityLimits;
}

export const WINDOW_SECONDS = 900;
export const MAGIC_LINK_SECONDS = 15 * 60;
export const RESET_SECONDS = 60 * 60;
export const INVITE_SECONDS = 7 * 86400;

export const identityRepos = (s: IdentityScope) => ({
  users: usersRepo(s.db, s.realm),
  sessions: sessionsRepo(s.db, s.realm),
  // A space's account emails in its brand; the platform's own (no space) stay plain.
  outbox: s.tenant ? brandedOutbox(outboxRepo(s.db, s.realm), { tenant: s.tenant, links: s.links }) : outboxRepo(s.db, s.realm),
});

export const spaceName = (s: IdentityScope) => s.tenant?.name ?? 'Lieu';
export const localeOf = (s: IdentityScope, u?: { locale?: Locale | undefined } | null): Locale => u?.locale ?? s.tenant?.locale ?? 'fr';
export const expiry = (s: IdentityScope, seconds: number) => Math.floor(s.now.getTime() / 1000) + seconds;
