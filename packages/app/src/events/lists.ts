import { neutralize } from '@lieu/core';
import { ordered } from '@lieu/core/events';
import type { SignedScope, TenantScope } from '../scope';
import { eventOf, myRegistrationOf, positionOf } from './access';
import { presentEvent, presentRegistration } from './present';

const FAR = '9999-12-31';

/** Staff list: events from a date on (yesterday by default), drafts included. */
export async function listEvents(scope: SignedScope, q: { from?: string | undefined; limit: number; cursor?: string | undefined }) {
  const from = q.from ? new Date(q.from).toISOString() : new Date(scope.now.getTime() - 86_400_000).toISOString();
  const page = await scope.repos.events.list(from, FAR, q.limit, q.cursor);
  return { items: page.items.map((e) => presentEvent(scope, e)), nextCursor: page.nextCursor };
}

/** Registered people, then the waitlist in order (positions 1, 2, …), then cancellations. */
export async function listRegistrations(scope: SignedScope, eventId: string) {
  const e = await eventOf(scope, eventId);
  return { items: ordered(await scope.repos.events.registrations(e.id)).map(({ r, position }) => presentRegistration(r, position)) };
}

/** The caller's registration, with the same waitlist position as the staff list. */
export async function myRegistration(scope: SignedScope, eventId: string) {
  const e = await eventOf(scope, eventId);
  const r = await myRegistrationOf(scope, e);
  return presentRegistration(r, await positionOf(scope, r));
}

/** The list as CSV (no cell opens as a formula). */
export async function registrationsCsv(scope: SignedScope, eventId: string): Promise<{ file: string; body: string }> {
  const e = await eventOf(scope, eventId);
  const header = ['name', 'email', 'member_id', 'status', 'waitlist_position', 'attendance', 'price_cents', 'payment_id', 'registered_at'];
  const rows = ordered(await scope.repos.events.registrations(e.id)).map(({ r, position }) =>
    [r.name, r.email, r.memberId, r.status, position, r.attendance, r.priceCents, r.paymentId, r.createdAt].map(cell).join(','));
  const file = `${e.title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}-${e.start.slice(0, 10)}.csv`;
  return { file, body: `\ufeff${[header.join(','), ...rows].join('\r\n')}\r\n` };
}

const cell = (v: unknown) => {
  const s = neutralize(v === undefined || v === null ? '' : String(v));
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
