import { buildStatement, localDate, vatRateBp } from '@lieu/core';
import { jobEmails } from '@lieu/core';
import { outboxRepo, shopKeys, shopRepo, tenantRealm, transact, usersRepo } from '@lieu/db';
import type { Job } from './jobs';
import { allTenants } from './tenants';

/** The month before the one of `date` (YYYY-MM-DD → YYYY-MM). */
export function previousMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Where "this month's statement was emailed" is recorded: in the consignor's partition, next to the payout records. */
export const statementSentKey = (tenantId: string, memberId: string, month: string) => ({ PK: shopKeys.consignor(tenantId, memberId), SK: `SENT#${month}` });

/**
 * Monthly statements of the CoBoutique: for every space, the month before the space's current local
 * month, and every consignor with sales or refunds in it (the shop, Query `T#t#SHOP`; each consignor's
 * moves, Query `T#t#CONSIGNOR#m` on `MOVE#<month>`), an email with the statement as the shop computes
 * it (`buildStatement`, the same as the statement routes), in the consignor's language. The email and a
 * `SENT#<month>` marker are written in one transaction, the marker under `attribute_not_exists`, so it
 * is sent once whatever the number of runs. Scheduled at noon UTC on the 1st, when the 1st (or the
 * 2nd) has begun in every zone from UTC−12 to UTC+14, so the month before is closed everywhere.
 */
export const consignorStatements: Job = {
  name: 'consignor-statements',
  description: "Email each consignor last month's statement (once)",
  schedule: 'cron(0 12 1 * ? *)',
  async run({ db, now, log }) {
    let examined = 0;
    let changed = 0;
    for (const tenant of await allTenants(db)) {
      const month = previousMonth(localDate(now, tenant.timeZone));
      const shop = shopRepo(db, tenant.id);
      const { consignors } = await shop.load();
      const realm = tenantRealm(tenant.id);
      for (const c of consignors) {
        const moves = await shop.moves(c.memberId, `${month}-01`, `${month}-31`);
        if (!moves.length) continue;
        examined++;
        const statement = buildStatement(moves, vatRateBp(tenant.vat));
        const user = await usersRepo(db, realm).get(c.memberId);
        if (!user || user.status === 'erased' || !user.email) continue;
        const email = jobEmails.consignorStatement(user.locale ?? tenant.locale, tenant.name, month, tenant.currency, statement.lines, statement.totals);
        try {
          await transact(db, [
            {
              Put: {
                TableName: db.table, ConditionExpression: 'attribute_not_exists(PK)',
                Item: { ...statementSentKey(tenant.id, c.memberId, month), type: 'StatementSent', month, netDueCents: statement.totals.netDueCents, at: now.toISOString() },
              },
            },
            outboxRepo(db, realm).putItem({ to: user.email, ...email }, now),
          ], () => new Error('already sent'));
          changed++;
        } catch (err) {
          if ((err as Error).message !== 'already sent') throw err;
        }
      }
    }
    if (changed) log?.('info', 'consignor statements emailed', { changed });
    return { examined, changed };
  },
};
