import { emailLastMonthStatements } from '@lieu/app/shop';
import { createScope, linksFor } from '@lieu/app';
import type { Job } from './jobs';
import { allTenants } from './tenants';

export { previousMonth } from '@lieu/app/shop';

/**
 * Monthly statements of the CoBoutique: for every space, the month before the space's current local
 * month, and every consignor with sales or refunds in it, an email with the statement as the shop
 * computes it (the same as the statement routes), in the consignor's language, sent once whatever the
 * number of runs (the use-case writes a "sent" marker with the email). Scheduled at noon UTC on the
 * 1st, when the 1st (or the 2nd) has begun in every zone from UTC−12 to UTC+14, so the month before
 * is closed everywhere.
 */
export const consignorStatements: Job = {
  name: 'consignor-statements',
  description: "Email each consignor last month's statement (once)",
  schedule: 'cron(0 12 1 * ? *)',
  async run({ db, now, log }) {
    let examined = 0;
    let changed = 0;
    for (const tenant of await allTenants(db)) {
      const r = await emailLastMonthStatements(createScope({ db, tenant, now, requestId: `consignor-statements:${tenant.id}:${now.toISOString()}`, actor: null, links: linksFor('') }));
      examined += r.examined;
      changed += r.sent;
    }
    if (changed) log?.('info', 'consignor statements emailed', { changed });
    return { examined, changed };
  },
};
