import type { RouteSpec } from '@lieu/api';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '@lieu/db';
import { Browser } from './http';
import { pathOf, snapshot } from './routes';

/**
 * The tenant-isolation matrix as reusable checks that return violations (rather than assert), so
 * that a test can also prove the matrix catches a deliberately broken route.
 */
export const label = (s: RouteSpec) => `${s.method.toUpperCase()} ${s.path}`;
/** Path params that are not object ids (a feed's secret, a receipt's number in its own tenant). */
export const NOT_IDS = new Set(['token', 'number', 'tenantId']);

/** A tenant's items (tests only: a Scan is fine on a test table). */
export async function itemsOf(db: Db, tenantId: string) {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(new ScanCommand({ TableName: db.table, ExclusiveStartKey: start }));
    for (const i of r.Items ?? []) if (String(i.PK).startsWith(`T#${tenantId}#`)) out.push(i);
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Ids of a tenant's objects that a param named `name` could take (`memberId` → users, `bookingId` → bookings…). */
export function idsFor(items: Record<string, unknown>[], name: string): string[] {
  const base = name.replace(/Id$/, '').toLowerCase();
  const types: Record<string, string[]> = { member: ['User'], resource: ['Resource'], booking: ['Booking'], training: ['Training'], payment: ['Payment'] };
  const wanted = types[base] ?? null;
  const ids = items
    .filter((i) => (wanted ? wanted.includes(String(i.type)) : true))
    .map((i) => (typeof i.id === 'string' ? i.id : typeof i[name] === 'string' ? (i[name] as string) : null))
    .filter((x): x is string => !!x && /^[0-9a-z]{26}$/.test(x));
  return [...new Set(ids)].slice(0, 3);
}

/**
 * Calls every tenant route that takes an object id, as `caller` (staff of tenant A, on A's host),
 * with the ids of tenant B's objects. Violations: a non-4xx answer, a body that shows any of B's
 * ids or B's name, or any change to B's items.
 */
export async function foreignIdViolations(opts: {
  db: Db; specs: RouteSpec[]; caller: Browser; itemsA: Record<string, unknown>[]; itemsB: Record<string, unknown>[];
  tenantB: string; nameB: string;
}): Promise<{ violations: string[]; tried: number }> {
  const { db, caller, itemsA, itemsB, tenantB, nameB } = opts;
  const ofB = (i: Record<string, unknown>) => String(i.PK).startsWith(`T#${tenantB}#`);
  const before = await snapshot(db, ofB);
  const bIds = new Set(itemsB.flatMap((i) => (typeof i.id === 'string' ? [i.id] : [])));
  const violations: string[] = [];
  let tried = 0;
  for (const spec of opts.specs.filter((s) => s.params && s.host === 'tenant')) {
    const names = [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter((n) => !NOT_IDS.has(n));
    for (const name of names) {
      for (const foreign of idsFor(itemsB, name)) {
        const path = pathOf(spec, (k) => (k === name ? foreign : idsFor(itemsA, k)[0] ?? foreign));
        const res = await caller.fetch(path, { method: spec.method.toUpperCase(), ...(spec.body ? { json: {} } : {}) });
        const text = await res.text();
        tried++;
        if (res.status < 400 || res.status >= 500) violations.push(`${label(spec)} with B's ${name}: ${res.status}`);
        if (text.includes(nameB) || [...bIds].some((id) => id !== foreign && text.includes(id))) violations.push(`${label(spec)} with B's ${name}: shows B's data`);
      }
    }
  }
  const after = await snapshot(db, ofB);
  if (JSON.stringify(after) !== JSON.stringify(before)) violations.push("B's items changed");
  return { violations, tried };
}

export { Browser };
