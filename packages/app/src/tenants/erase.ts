import { auditPk } from '@lieu/db';
import type { Eraser } from '../account/erasers';

/** The audit log keeps who did what by id; the person's name leaves its summaries. */
export const auditEraser: Eraser = {
  area: 'audit',
  places: async (scope) => [{ partition: auditPk(scope.tenantId) }],
};
