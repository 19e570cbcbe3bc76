import { addDays, zonedInstant } from '@lieu/core/booking';
import type { SignedScope } from '../scope';
import { presentBooking } from './present';

interface PageQuery { when: 'upcoming' | 'past'; limit: number; cursor?: string | undefined }

/** [from, to) of `days` local days from `date`, as instants. */
function localRange(scope: SignedScope, date: string, days: number) {
  const tz = scope.zone;
  return { from: new Date(zonedInstant(date, '00:00', tz)).toISOString(), to: new Date(zonedInstant(addDays(date, days), '00:00', tz)).toISOString() };
}

/** A member's bookings, upcoming or past, a page at a time. */
async function bookingsOf(scope: SignedScope, memberId: string, q: PageQuery) {
  const page = await scope.repos.bookings.forMember(memberId, q.when, scope.now, q.limit, q.cursor);
  return { items: page.items.map((b) => presentBooking(scope, b)), nextCursor: page.nextCursor };
}

/** The caller's own bookings. */
export const myBookings = (scope: SignedScope, q: PageQuery) => bookingsOf(scope, scope.actor.id, q);

/** A member's bookings, for the back office's member page (the member is checked first: 404 from another space). */
export async function memberBookings(scope: SignedScope, memberId: string, q: PageQuery) {
  await scope.memberOrFail(memberId);
  return bookingsOf(scope, memberId, q);
}

/** The operator's calendar: every resource's bookings over `days` local days from `date`. */
export async function operatorCalendar(scope: SignedScope, q: { date: string; days: number }) {
  const { from, to } = localRange(scope, q.date, q.days);
  const resources = await scope.repos.bookings.listResources();
  return {
    from, to, timeZone: scope.zone,
    resources: await Promise.all(resources.map(async (r) => ({
      resourceId: r.id, name: r.name, kind: r.kind,
      bookings: (await scope.repos.bookings.forResource(r.id, from, to)).map((b) => presentBooking(scope, b)),
    }))),
  };
}
