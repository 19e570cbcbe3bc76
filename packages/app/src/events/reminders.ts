import { jobEmails } from '@lieu/core';
import { commit, WriteSet } from '@lieu/db';
import type { TenantScope } from '../scope';

class AlreadyReminded extends Error {}

/**
 * The day-before reminders of one space: for each active event starting in [from, to) (the space's
 * local tomorrow), an email to every registered person. The email and `remindedAt` are written in
 * one transaction under `attribute_not_exists(remindedAt)`, so a second run sends nothing twice.
 */
export async function remindTomorrow(scope: TenantScope, tomorrow: { from: string; to: string }): Promise<{ examined: number; changed: number }> {
  let examined = 0, changed = 0;
  const events = scope.repos.events;
  for (const e of await events.all(tomorrow.from, tomorrow.to)) {
    if (e.status !== 'active' || e.start >= tomorrow.to) continue;
    for (const r of await events.registrations(e.id)) {
      if (r.status !== 'registered' || r.remindedAt) continue;
      examined++;
      const email = jobEmails.eventReminder(scope.tenant.locale, scope.tenant.name, scope.zone, e.title, e.start, e.placeName);
      try {
        await commit(scope.db, new WriteSet().add('reminded', events.remindedItem(r, scope.now)).add('email', scope.repos.outbox.putItem({ to: r.email, ...email }, scope.now)),
          () => new AlreadyReminded());
        changed++;
      } catch (err) {
        if (!(err instanceof AlreadyReminded)) throw err;
      }
    }
  }
  return { examined, changed };
}
