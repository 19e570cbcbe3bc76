import { createScope, linksFor } from '@lieu/app';
import { remindTomorrow } from '@lieu/app/events';
import type { Job } from './jobs';
import { forEachTenantTomorrow } from './tenants';

/**
 * The day-before reminders of events: for every space, the active events starting on the space's
 * local "tomorrow", and for each registered person an email in the outbox, once (see remindTomorrow).
 */
export const eventReminders: Job = {
  name: 'event-reminders',
  description: 'Email registered people the day before their event',
  schedule: 'cron(0 16 * * ? *)',
  async run({ db, now, log }) {
    const result = await forEachTenantTomorrow(db, now, (tenant, tomorrow) =>
      // The reminder carries no link: the scope's links are not used.
      remindTomorrow(createScope({ db, tenant, now, requestId: `event-reminders:${tenant.id}:${now.toISOString()}`, actor: null, links: linksFor('') }), tomorrow));
    if (result.changed) log?.('info', 'event reminders written', { changed: result.changed });
    return result;
  },
};
