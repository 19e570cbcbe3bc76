import { csvWriter, type CsvFormat, type Order } from '@lieu/core';
import { addDays } from '@lieu/core/booking';
import { shopRepo, type Db } from '@lieu/db';
import type { SignedScope } from '../scope';
import { salesRows } from './sales';

async function ordersSince(db: Db, tenantId: string, since: string): Promise<Order[]> {
  const repo = shopRepo(db, tenantId);
  const out: Order[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await repo.orders({ limit: 100, cursor: cursor ?? undefined, since });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The shop's sales between two local dates as CSV text, and its file name. */
export async function salesCsv(scope: SignedScope, query: { from: string; to: string; format: CsvFormat }) {
  // An order is paid within its hold (hours) of being placed: a month's margin finds every sale paid in the range.
  const [orders, shop] = await Promise.all([ordersSince(scope.db, scope.tenantId, addDays(query.from, -31)), scope.repos.shop.load()]);
  const names = new Map(shop.consignors.map((c) => [c.memberId, c.name]));
  const text = salesRows(orders, { from: query.from, to: query.to, timeZone: scope.zone, consignorName: (id) => names.get(id) ?? '' }, csvWriter(query.format), query.format);
  return { text, filename: `ventes-${scope.tenant.slug}-${query.from}-${query.to}.csv` };
}
