import { conflict, notFound, type Tenant } from '@lieu/core';
import { auditPut, commit, stripeRepo, tenantsRepo, WriteSet } from '@lieu/db';
import type { PlatformScope } from './signup';

/** What platform admins see of a space. */
export const platformView = (t: Tenant) => ({ id: t.id, slug: t.slug, name: t.name, status: t.status, createdAt: t.createdAt, legalForm: t.legalForm });

export async function listSpaces(p: PlatformScope, limit: number, cursor?: string) {
  const page = await tenantsRepo(p.db).list(limit, cursor);
  return { items: page.items.map(platformView), nextCursor: page.nextCursor };
}

export async function setSpaceStatus(p: PlatformScope, tenantId: string, status: Tenant['status']) {
  return platformView(await tenantsRepo(p.db).setStatus(tenantId, status));
}

/**
 * The platform's fee on a space's online payments (Checkout's application fee): the fee and its audit
 * entry, in the space's own log so its owner sees who changed it, are one transaction.
 */
export async function setPlatformFee(p: PlatformScope & { actorId: string }, tenantId: string, feeBp: number) {
  const t = await tenantsRepo(p.db).get(tenantId);
  if (!t) throw notFound('Space');
  const stripe = stripeRepo(p.db);
  const [before, settings] = await Promise.all([stripe.platformFee(t.id), stripe.settings(t.id)]);
  const from = before?.feeBp ?? settings?.feeBp ?? null;
  const fee = { feeBp, setBy: p.actorId, setAt: p.now.toISOString() };
  const set = new WriteSet()
    .add('fee', stripe.platformFeeOp(t.id, fee))
    .add('audit', auditPut(p.db, t.id, {
      actorId: p.actorId, action: 'platform.fee_changed', targetType: 'tenant', targetId: t.id,
      summary: `platform fee ${from === null ? 'default' : `${from / 100} %`} → ${feeBp / 100} %`, changes: { feeBp: { from, to: feeBp } },
    }, p.now));
  await commit(p.db, set, () => conflict('The space changed meanwhile; try again'), { clientRequestToken: p.requestId });
  return { tenantId: t.id, feeBp: fee.feeBp, setAt: fee.setAt };
}
