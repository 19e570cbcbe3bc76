import { notFound } from '@lieu/core';
import { listedPublicly, type EventRecord } from '@lieu/core/events';
import type { TenantScope } from '../scope';
import { presentEvent } from './present';

const FAR = '9999-12-31';
const DAY_MS = 86_400_000;

/** Upcoming events a visitor (or a member, for members-only ones) may see, optionally one tag or one training's sessions. */
export async function publicEvents(scope: TenantScope, q: { limit: number; cursor?: string | undefined; tag?: string | undefined; trainingId?: string | undefined }) {
  const from = new Date(scope.now.getTime() - DAY_MS).toISOString();
  const page = await scope.repos.events.list(from, FAR, q.limit, q.cursor);
  const items = page.items.filter((e) => listedPublicly(e, scope.now, !!scope.actor) && (!q.tag || e.tags.includes(q.tag)) && (!q.trainingId || e.trainingId === q.trainingId));
  return { items: items.map((e) => presentEvent(scope, e)), nextCursor: page.nextCursor };
}

/** One public event page (members-only ones need a session of this space). */
export async function publicEvent(scope: TenantScope, eventId: string) {
  const e = await scope.repos.events.get(eventId);
  if (!e || !e.published || e.status !== 'active' || (e.audience === 'members' && !scope.actor)) throw notFound('Event');
  return presentEvent(scope, e);
}

/** The public events of the calendar feed: a month back, a year ahead. */
export async function feedEvents(scope: TenantScope): Promise<EventRecord[]> {
  const from = new Date(scope.now.getTime() - 30 * DAY_MS).toISOString();
  const to = new Date(scope.now.getTime() + 366 * DAY_MS).toISOString();
  return (await scope.repos.events.all(from, to)).filter((e) => e.published && e.status === 'active' && e.audience === 'public');
}
