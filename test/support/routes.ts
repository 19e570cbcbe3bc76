import type { RouteSpec } from '@lieu/api';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '@lieu/db';
import { allRoutes } from '../../packages/local/src/routes';

/** Every route the local server mounts (each area's routes plus the dev routes), as declared. */
export const mountedSpecs = (): RouteSpec[] => allRoutes(true).map((r) => r.spec);

/** A concrete path for a spec: each `:param` replaced by `value(name)`. */
export const pathOf = (spec: RouteSpec, value: (name: string) => string) =>
  spec.path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(value(k)));

/**
 * The table's items, for "nothing changed" checks (tests only: a Scan is fine on a test table).
 * Rate-limit counters and one-time tokens are left out: they are meant to move on failed attempts.
 */
export async function snapshot(db: Db, filter: (item: Record<string, unknown>) => boolean = () => true): Promise<string[]> {
  const out: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(new ScanCommand({ TableName: db.table, ExclusiveStartKey: start }));
    for (const i of r.Items ?? []) if (i.type !== 'RateLimit' && filter(i)) out.push(JSON.stringify(i, Object.keys(i).sort()));
    start = r.LastEvaluatedKey;
  } while (start);
  return out.sort();
}
