import { outboxRepo, tenantRealm, type Db } from '@lieu/db';
import { Browser, DEMO, hosts } from '../support/http';
import type { TestEnv } from '../support/env';

/** The clock of the events tests: Tuesday 1 Dec 2026, 09:00 in Paris. Events go on Tuesday 8 Dec. */
export const NOW = new Date('2026-12-01T08:00:00Z');
export const DAY = '2026-12-08';
/** An instant on a day, local Paris time (UTC+1 in December). */
export const at = (hhmm: string, date = DAY) => `${date}T${hhmm}:00+01:00`;

export async function signIn(env: TestEnv, host: keyof typeof hosts, email: string) {
  return new Browser(env.url, hosts[host]).login(email, DEMO.password);
}
export const visitor = (env: TestEnv, host: keyof typeof hosts = 'machinerie') => new Browser(env.url, hosts[host]);

export async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
export const post = (b: Browser, path: string, body?: unknown) => b.fetch(path, { method: 'POST', ...(body !== undefined ? { json: body } : {}) });

/** A valid event body, free and public, published, on DAY 18:00–20:00; override what a test needs. */
export const eventBody = (over: Record<string, unknown> = {}) => ({
  title: 'Café pédagogique', description: 'On parle pédagogie autour d’un café', start: at('18:00'), end: at('20:00'),
  capacity: 12, audience: 'public', price: { cents: 0 }, tags: ['café'], published: true, ...over,
});

/** Creates an event as staff and returns the first occurrence (throws on anything but 201). */
export async function createEvent(staff: Browser, over: Record<string, unknown> = {}) {
  const res = await post(staff, '/api/v1/events', eventBody(over));
  if (res.status !== 201) throw new Error(`createEvent: ${res.status} ${await res.text()}`);
  return (await json(res)).items[0] as Record<string, any>;
}

export async function resourceNamed(b: Browser, name: string): Promise<{ id: string; name: string }> {
  const { items } = await json<{ items: Array<{ id: string; name: string }> }>(await b.fetch('/api/v1/resources'));
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

export async function tenantIdOf(b: Browser): Promise<string> {
  return (await json<{ id: string }>(await b.fetch('/api/v1/tenant'))).id;
}

/** The space's outbox (newest first). */
export const outbox = (db: Db, tenantId: string) => outboxRepo(db, tenantRealm(tenantId)).list(1000);

export const tally = (xs: Array<string | number>) => xs.reduce<Record<string, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
