import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { bookingKeys, type Db } from '@lieu/db';
import { Browser, DEMO, hosts } from '../support/http';
import type { TestEnv } from '../support/env';

/** The clock of every bookings test: Tuesday 1 Dec 2026, 09:00 in Paris. Bookings go on Tuesday 8 Dec. */
export const NOW = new Date('2026-12-01T08:00:00Z');
export const DAY = '2026-12-08';
/** An instant on the booking day, local Paris time (UTC+1 in December). */
export const at = (hhmm: string, date = DAY) => `${date}T${hhmm}:00+01:00`;

export interface Resource { id: string; name: string; kind: string; capacity: number; rules: Record<string, unknown> }

export async function signIn(env: TestEnv, host: keyof typeof hosts, email: string) {
  return new Browser(env.url, hosts[host]).login(email, DEMO.password);
}

export async function resourceNamed(b: Browser, name: string): Promise<Resource> {
  const r = await b.fetch('/api/v1/resources');
  const { items } = (await r.json()) as { items: Resource[] };
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

export async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export const book = (b: Browser, body: Record<string, unknown>) => b.fetch('/api/v1/bookings', { method: 'POST', json: body });

/** The slot items of one resource-day, straight from the table (what availability reads). */
export async function slotItems(db: Db, tenantId: string, resourceId: string, date: string) {
  const r = await db.doc.send(new QueryCommand({
    TableName: db.table, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': bookingKeys.day(tenantId, resourceId, date) },
  }));
  return r.Items ?? [];
}

export async function tenantIdOf(b: Browser): Promise<string> {
  return ((await json(await b.fetch('/api/v1/tenant'))) as { id: string }).id;
}
