import { PLATFORM_REALM, tenantRealm, type Realm } from '@lieu/db';

/** The realm an outbox partition key belongs to: `T#<tenantId>#OUTBOX` or `P#OUTBOX`; null for anything else. */
export function realmOfOutboxPk(pk: string): Realm | null {
  if (pk === 'P#OUTBOX') return PLATFORM_REALM;
  const m = /^T#([^#]+)#OUTBOX$/.exec(pk);
  return m ? tenantRealm(m[1]!) : null;
}
