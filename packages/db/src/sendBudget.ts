import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';
import { keys } from './keys';
import { isConditionFailed } from './transact';

/** How long a day's count is kept (TTL): the day itself and the next, for staff to read. */
const KEEP_SECONDS = 2 * 86_400;

/**
 * A space's emails of one UTC day, counted with one atomic UpdateItem each: `spend` adds one only
 * while the count is under `max`, so concurrent requests never pass the budget together.
 */
export const sendBudgetRepo = (db: Db, tenantId: string) => ({
  /** One more email on `day`; false (nothing counted) once `max` were counted. */
  async spend(day: string, max: number, now: Date): Promise<boolean> {
    try {
      await db.doc.send(new UpdateCommand({
        TableName: db.table, Key: keys.sendBudget(tenantId, day),
        UpdateExpression: 'ADD sent :one SET #t = :type, expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(sent) OR sent < :max',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':max': max, ':type': 'SendBudget', ':exp': Math.floor(now.getTime() / 1000) + KEEP_SECONDS },
      }));
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  },
  /** The emails counted on `day` (an expired item counts none). */
  async sent(day: string, now: Date): Promise<number> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.sendBudget(tenantId, day) }));
    if (!r.Item || (r.Item.expiresAt as number) * 1000 <= now.getTime()) return 0;
    return (r.Item.sent as number | undefined) ?? 0;
  },
});
