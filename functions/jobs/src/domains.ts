import { checkDomain, dnsTxtResolver } from '@lieu/app/tenants';
import type { Job } from './jobs';
import { allTenants } from './tenants';

/**
 * Custom domains waiting for proof of control: each pending domain's TXT record is looked up; found
 * (and the domain free), the space's domain marker is claimed and it serves the space. Idempotent: a
 * verified domain is not looked at again, and the claim is conditional.
 */
export const verifyDomains: Job = {
  name: 'verify-domains',
  description: 'Verify pending custom domains by their TXT record, then let them route',
  schedule: 'rate(15 minutes)',
  async run({ db, now, log, dns }) {
    let examined = 0;
    let changed = 0;
    for (const tenant of await allTenants(db)) {
      if (!tenant.customDomain || tenant.domainStatus !== 'pending') continue;
      examined++;
      try {
        const after = await checkDomain(db, tenant, dns ?? dnsTxtResolver, now);
        if (after.domainStatus === 'verified') changed++;
      } catch (e) {
        // One space's failure (its settings changed meanwhile) does not hold up the others.
        log?.('warn', 'domain check failed', { tenantId: tenant.id, error: (e as Error).message });
      }
    }
    if (changed) log?.('info', 'custom domains verified', { changed });
    return { examined, changed };
  },
};
