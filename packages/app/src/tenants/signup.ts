import { conflict, DEFAULT_BRANDING, MODULES, newId, type Tenant, type User } from '@lieu/core';
import { commit, PLATFORM_REALM, sessionsRepo, tenantRealm, tenantsRepo, WriteSet, type Db } from '@lieu/db';
import { hashPassword, newLinkToken, type IdentityLimits } from '../account';
import type { Links } from '../scope';

const DEFAULT_HOURS = {
  mon: [{ open: '09:00', close: '18:00' }], tue: [{ open: '09:00', close: '18:00' }], wed: [{ open: '09:00', close: '18:00' }],
  thu: [{ open: '09:00', close: '18:00' }], fri: [{ open: '09:00', close: '18:00' }],
};
const SIGN_IN_SECONDS = 900;
const WINDOW_SECONDS = 900;

/** What the platform's own use-cases (no space yet, or across spaces) take. */
export interface PlatformScope {
  readonly db: Db;
  readonly now: Date;
  readonly requestId: string;
  /** The signed-in platform admin, on admin routes. */
  readonly actorId: string | null;
}

export interface SpaceSignup {
  slug: string; name: string; timeZone: string; currency: Tenant['currency']; locale: Tenant['locale'];
  vat: Tenant['vat']; legalForm: Tenant['legalForm']; modules?: Tenant['modules'];
  owner: { email: string; name: string; password: string };
}

/**
 * A new space with its owner, in one transaction: slug marker, space, owner and email marker, the
 * owner's one-time sign-in token and the address's counter. Answers the space's address and the
 * owner's sign-in link, both from configuration (`linksOf` the new space).
 */
export async function signUpSpace(p: PlatformScope & { ip: string; limits: IdentityLimits; linksOf: (slug: string) => Links }, body: SpaceSignup) {
  const id = newId(p.now.getTime());
  const tenant: Tenant = {
    id, slug: body.slug, name: body.name, status: 'active', timeZone: body.timeZone, currency: body.currency,
    locale: body.locale, vat: body.vat, legalForm: body.legalForm, branding: DEFAULT_BRANDING,
    openingHours: DEFAULT_HOURS, modules: MODULES.filter((m) => !body.modules || body.modules.includes(m)), createdAt: p.now.toISOString(), version: 1,
  };
  const owner: User = {
    id: newId(p.now.getTime()), tenantId: id, email: body.owner.email, name: body.owner.name, role: 'owner',
    status: 'active', locale: body.locale, passwordHash: await hashPassword(body.owner.password),
    createdAt: p.now.toISOString(), version: 1,
  };
  const { token, hash } = newLinkToken();
  const platform = sessionsRepo(p.db, PLATFORM_REALM);
  const repo = tenantsRepo(p.db);
  const [slug, space, account, marker] = repo.createItems(tenant, owner);
  const set = new WriteSet()
    .add('slug', slug!).add('tenant', space!).add('owner', account!).add('owner-email', marker!)
    .add('sign-in', sessionsRepo(p.db, tenantRealm(id)).tokenPut(hash, { purpose: 'magic_link', userId: owner.id, email: owner.email!, userVersion: owner.version, expiresAt: Math.floor(p.now.getTime() / 1000) + SIGN_IN_SECONDS }))
    .add('ip-limit', platform.hitItem('space-signup-ip', p.ip, p.limits.spacesPerIp, WINDOW_SECONDS, p.now));
  await commit(p.db, set, (failed) => {
    if (failed.has('slug')) return repo.slugTaken(tenant.slug);
    if (failed.has('ip-limit')) return platform.rateLimited(WINDOW_SECONDS, p.now);
    return conflict('This space could not be created; try again');
  }, { clientRequestToken: p.requestId });
  const links = p.linksOf(tenant.slug);
  return { tenant, url: links.origin, signInUrl: links.to('/login/magic', { token }) };
}
