import { eventsRepo, outboxRepo, tenantRealm, transact } from '@lieu/db';
import { jobEmails } from '@lieu/core';
import type { Job } from './jobs';
import { forEachTenantTomorrow } from './tenants';

/**
 * The day-before reminders of events: for every space, the active events starting on the space's
 * local "tomorrow" (Query GSI1 `T#t#EVENTS` on that day's instants), and for each registered person
 * an email in the outbox. The email and `remindedAt` are written in one transaction under
 * `attribute_not_exists(remindedAt)`, so a second run (or two runs at once) sends nothing twice.
 */
export const eventReminders: Job = {
  name: 'event-reminders',
  description: 'Email registered people the day before their event',
  schedule: 'cron(0 16 * * ? *)',
  async run({ db, now, log }) {
    const result = await forEachTenantTomorrow(db, now, async (tenant, tomorrow) => {
      let examined = 0;
      let changed = 0;
      const repo = eventsRepo(db, tenant.id);
      const outbox = outboxRepo(db, tenantRealm(tenant.id));
      for (const e of await repo.all(tomorrow.from, tomorrow.to)) {
        if (e.status !== 'active' || e.start >= tomorrow.to) continue;
        for (const r of await repo.registrations(e.id)) {
          if (r.status !== 'registered' || r.remindedAt) continue;
          examined++;
          const email = jobEmails.eventReminder(tenant.locale, tenant.name, tenant.timeZone, e.title, e.start, e.placeName);
          try {
            await transact(db, [
              {
                Update: {
                  TableName: db.table, Key: repo.keys.registration(tenant.id, e.id, r.id), UpdateExpression: 'SET remindedAt = :now',
                  ConditionExpression: 'attribute_not_exists(remindedAt) AND #s = :registered', ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':now': now.toISOString(), ':registered': 'registered' },
                },
              },
              outbox.putItem({ to: r.email, ...email }, now),
            ], () => new Error('already reminded'));
            changed++;
          } catch (err) {
            if ((err as Error).message !== 'already reminded') throw err;
          }
        }
      }
      return { examined, changed };
    });
    if (result.changed) log?.('info', 'event reminders written', { changed: result.changed });
    return result;
  },
};
