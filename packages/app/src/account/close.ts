import { conflict, type User } from '@lieu/core';
import { commit, deleteWrite, itemsAt, personalData, scrubWrite, sessionsRepo, tenantRealm, WriteSet, type Erasable } from '@lieu/db';
import type { SignedScope } from '../scope';
import { ERASERS } from './erasers';

/** DynamoDB's limit of writes per transaction. */
const PER_TRANSACTION = 100;

/**
 * Closes the signed-in person's account (GDPR erasure). Each area's eraser settles first (future
 * bookings cancelled under the normal rules), then every item that names the person is scrubbed or
 * dropped, a hundred writes per transaction; the profile is anonymised last. Each step finds what is
 * left by searching again, so a close that was cut off simply runs again from the start and finishes
 * (the account stays usable until its last step).
 */
export async function closeAccount(scope: SignedScope, me: User): Promise<void> {
  const who: Erasable = { id: me.id, name: me.name, email: me.email, pseudonym: scope.tenant.locale === 'fr' ? 'Membre supprimé' : 'Deleted member' };
  for (const eraser of ERASERS) await eraser.settle?.(scope, who);
  for (let attempt = 1; ; attempt++) {
    try {
      await eraseEverywhere(scope, who);
      break;
    } catch (e) {
      // A concurrent change of an item being scrubbed: read again and scrub what is there now.
      if ((e as { code?: string }).code !== 'conflict' || attempt >= 3) throw e;
    }
  }
  // Personal data goes; the id stays so that payments and receipts remain whole, detached from the person.
  const erased: User = { id: me.id, tenantId: me.tenantId, email: null, name: who.pseudonym, role: me.role, status: 'erased', createdAt: me.createdAt, version: me.version };
  const fresh = await scope.memberOrFail(me.id);
  await scope.repos.users.update(fresh, { ...erased, version: fresh.version });
  const realm = tenantRealm(scope.tenantId);
  await personalData(scope.db, realm).eraseOwnedItems(me.id);
  await sessionsRepo(scope.db, realm).revokeAllOf(me.id);
}

async function eraseEverywhere(scope: SignedScope, who: Erasable): Promise<number> {
  const found = await Promise.all(ERASERS.map(async (eraser) => {
    const places = await eraser.places(scope, who);
    const items = (await Promise.all(places.map((p) => itemsAt(scope.db, p)))).flat();
    return items.map((item) => ({ eraser, item }));
  }));
  const seen = new Set<string>();
  const writes: { area: string; op: NonNullable<ReturnType<typeof scrubWrite>> | ReturnType<typeof deleteWrite> }[] = [];
  for (const { eraser, item } of found.flat()) {
    const key = `${item.PK}|${item.SK}`;
    if (seen.has(key) || item.SK === 'USER') continue; // the profile is anonymised last, on its own
    seen.add(key);
    const op = eraser.drop?.(item, who) ? deleteWrite(scope.db, item) : scrubWrite(scope.db, item, who);
    if (op) writes.push({ area: eraser.area, op });
  }
  for (let i = 0; i < writes.length; i += PER_TRANSACTION) {
    const set = new WriteSet();
    for (const w of writes.slice(i, i + PER_TRANSACTION)) set.add(w.area, w.op);
    await commit(scope.db, set, () => conflict('Some records changed while the account was being closed; try again'));
  }
  return writes.length;
}
