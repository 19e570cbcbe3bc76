import { eventKeys, itemsAt } from '@lieu/db';
import type { Eraser } from '../account/erasers';

/** Registrations stay counted (capacity, attendance, tickets paid) under the pseudonym, without the email. */
export const eventsEraser: Eraser = {
  area: 'events',
  places: async (scope) => {
    const events = await itemsAt(scope.db, { index: eventKeys.list(scope.tenantId) });
    return events.map((e) => ({ partition: e.PK as string }));
  },
};
