import { randomBytes } from 'node:crypto';
import { resolveTxt } from 'node:dns/promises';
import { AppError, domainTxtName, domainTxtValue, notFound, type Tenant, type TxtResolver } from '@lieu/core';
import { tenantsRepo, type Db } from '@lieu/db';
import type { SignedScope } from '../scope';

/** A space's verification token: random, stored on the space, the same for every domain it asks for. */
export const newDomainToken = (): string => randomBytes(16).toString('hex');

/** The DNS itself (AWS): a name without TXT records (or no such name) answers none. */
export const dnsTxtResolver: TxtResolver = async (name) => {
  try {
    return (await resolveTxt(name)).map((chunks) => chunks.join(''));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
    throw e;
  }
};

/**
 * Checks a space's pending domain: when `_lieu-verify.<domain>` carries `lieu-verify=<its token>`,
 * the domain marker is claimed (unless another space holds the domain) and the space is verified;
 * otherwise what was found is recorded for staff. A resolver failure counts as "no record yet".
 * Anything but a pending domain is returned as it is.
 */
export async function checkDomain(db: Db, t: Tenant, resolve: TxtResolver, now: Date): Promise<Tenant> {
  if (!t.customDomain || t.domainStatus !== 'pending' || !t.domainToken) return t;
  const repo = tenantsRepo(db);
  let records: string[];
  try { records = await resolve(domainTxtName(t.customDomain)); } catch { records = []; }
  const at = now.toISOString();
  if (!records.map((r) => r.trim()).includes(domainTxtValue(t.domainToken))) {
    return repo.recordDomainCheck(t, { at, result: 'record_not_found' });
  }
  try {
    return await repo.claimDomain(t, now);
  } catch (e) {
    if (e instanceof AppError && e.reason === 'domain_taken') return repo.recordDomainCheck(t, { at, result: 'domain_taken' });
    throw e;
  }
}

/** Staff's "verify now": the same check as the job, on this space, read fresh. */
export async function verifyDomainNow(scope: SignedScope, resolve: TxtResolver): Promise<Tenant> {
  const current = await tenantsRepo(scope.db).get(scope.tenantId);
  if (!current) throw notFound('Space');
  if (!current.customDomain) throw notFound('Custom domain');
  return checkDomain(scope.db, current, resolve, scope.now);
}
