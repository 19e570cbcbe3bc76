import { bookingKeys, bookingsRepo, outboxRepo, tenantRealm, transact, usersRepo } from '@lieu/db';
import { jobEmails } from '@lieu/core';
import { branded, linksFor } from '@lieu/app';
import type { Booking } from '@lieu/core/booking';
import type { Job } from './jobs';
import { forEachTenantTomorrow } from './tenants';

/** Where the reminder of a member's day is recorded (TTL a week later). */
export const reminderKey = bookingKeys.reminder;

/**
 * The day-before reminders of bookings: for every space, its confirmed bookings starting on its local
 * "tomorrow" (its resources, Query `T#t#RESOURCES`, then each resource's bookings by start, Query GSI1
 * `T#t#RES#r#BOOKINGS`; no Scan), grouped by member, and one email per member listing them, in the
 * member's language (the space's when the member chose none). The email and a marker for
 * (space, day, member) are written in one transaction, the marker under `attribute_not_exists`, so a
 * second run (or two at once) sends nothing twice. A booking made after the run is not reminded.
 */
export const bookingReminders: Job = {
  name: 'reminders',
  description: 'Email members their bookings of the next day (one email per member and day)',
  schedule: 'cron(0 16 * * ? *)',
  async run({ db, now, log }) {
    const result = await forEachTenantTomorrow(db, now, async (tenant, tomorrow) => {
      const repo = bookingsRepo(db, tenant.id, tenant.timeZone);
      const byMember = new Map<string, Booking[]>();
      for (const resource of await repo.listResources()) {
        for (const b of await repo.forResource(resource.id, tomorrow.from, tomorrow.to)) {
          if (b.status !== 'confirmed' || b.start < tomorrow.from || b.start >= tomorrow.to) continue;
          byMember.set(b.memberId, [...(byMember.get(b.memberId) ?? []), b]);
        }
      }
      const realm = tenantRealm(tenant.id);
      const users = usersRepo(db, realm);
      const outbox = outboxRepo(db, realm);
      // No origin is configured for jobs: the layout leaves out links it could only give as paths.
      const links = linksFor('');
      let changed = 0;
      for (const [memberId, bookings] of byMember) {
        const user = await users.get(memberId);
        if (!user || user.status !== 'active' || !user.email) continue; // erased or suspended: no email
        bookings.sort((a, b) => a.start.localeCompare(b.start));
        const email = jobEmails.bookingReminder(user.locale ?? tenant.locale, tenant.name, tenant.timeZone, bookings);
        const marker = {
          ...reminderKey(tenant.id, tomorrow.date, memberId), type: 'BookingReminder', bookingIds: bookings.map((b) => b.id),
          sentAt: now.toISOString(), expiresAt: Math.floor(Date.parse(tomorrow.to) / 1000) + 7 * 86_400,
        };
        try {
          await transact(db, [
            { Put: { TableName: db.table, Item: marker, ConditionExpression: 'attribute_not_exists(PK)' } },
            outbox.putItem(branded({ tenant, links }, user.locale ?? tenant.locale, { to: user.email, ...email }), now),
          ], () => new Error('already reminded'));
          changed++;
        } catch (err) {
          if ((err as Error).message !== 'already reminded') throw err;
        }
      }
      return { examined: byMember.size, changed };
    });
    if (result.changed) log?.('info', 'booking reminders written', { changed: result.changed });
    return result;
  },
};
