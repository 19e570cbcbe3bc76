import { eventsRepo, outboxRepo, tenantRealm, tenantsRepo, transact, type Db } from '@lieu/db';
import type { Locale, Tenant } from '@lieu/core';
import { addDays, localDateOf, localIso, zonedInstant } from '@lieu/core/booking';
import type { Job } from './jobs';

const reminderText = (l: Locale, space: string, title: string, localStart: string, place: string | undefined) => {
  const [date, time] = localStart.slice(0, 16).split('T');
  return l === 'fr'
    ? { subject: `Demain : ${title}`, text: `Bonjour,\n\nPetit rappel : « ${title} » a lieu demain, le ${date} à ${time}${place ? ` (${place})` : ''} — ${space}.\n\nSi vous ne pouvez pas venir, annulez pour laisser votre place.` }
    : { subject: `Tomorrow: ${title}`, text: `Hello,\n\nA reminder: "${title}" takes place tomorrow, ${date} at ${time}${place ? ` (${place})` : ''} — ${space}.\n\nIf you cannot come, cancel so someone else gets your place.` };
};

async function tenants(db: Db): Promise<Tenant[]> {
  const out: Tenant[] = [];
  let cursor: string | undefined;
  do {
    const page = await tenantsRepo(db).list(100, cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

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
    let examined = 0;
    let changed = 0;
    for (const tenant of await tenants(db)) {
      const tz = tenant.timeZone;
      const tomorrow = addDays(localDateOf(now.getTime(), tz), 1);
      const from = new Date(zonedInstant(tomorrow, '00:00', tz)).toISOString();
      const to = new Date(zonedInstant(addDays(tomorrow, 1), '00:00', tz)).toISOString();
      const repo = eventsRepo(db, tenant.id);
      const outbox = outboxRepo(db, tenantRealm(tenant.id));
      for (const e of await repo.all(from, to)) {
        if (e.status !== 'active' || e.start >= to) continue;
        for (const r of await repo.registrations(e.id)) {
          if (r.status !== 'registered' || r.remindedAt) continue;
          examined++;
          const email = reminderText(tenant.locale, tenant.name, e.title, localIso(Date.parse(e.start), tz), e.placeName);
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
    }
    if (changed) log?.('info', 'event reminders written', { changed });
    return { examined, changed };
  },
};
