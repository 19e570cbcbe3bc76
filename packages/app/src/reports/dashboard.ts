import { runsModule, type Payment, type User } from '@lieu/core';
import { addDays, localDateOf, mondayOf, occupancyBp, occupancyMinutes, type Booking, type ResourceKind } from '@lieu/core/booking';
import { bookingsRepo, eventsRepo, paymentsRepo, shopRepo, stripeLedgerRepo, tenantRealm, usersRepo, type Db } from '@lieu/db';
import type { SignedScope } from '../scope';
import { activeMembersByWeek, subscriptionsByWeek } from './series';

/**
 * The back office's figures, read-only. Every read is a Query or a GetItem on the tenant's own keys:
 * one dashboard is 7 + R Queries (R = resources; the seventh: open Stripe alerts; one fewer each for a
 * space without the events or the shop module), each paged when it outgrows 1 MB — see
 * packages/db/README.md, "Reports".
 */

/** A product at or under this many units on the shelf is "low stock" on the dashboard. */
export const LOW_STOCK = 3;

async function allUsers(db: Db, tenantId: string): Promise<User[]> {
  const repo = usersRepo(db, tenantRealm(tenantId));
  const out: User[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await repo.list(100, cursor ?? undefined);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The staff dashboard over the last `weeks` weeks, in the space's zone. */
export async function dashboard(scope: SignedScope, query: { weeks: number }) {
  const { tenant, db } = scope;
  const tz = tenant.timeZone;
  const now = scope.now.getTime();
  const dayOf = (iso: string) => localDateOf(Date.parse(iso), tz);
  const today = scope.today;
  const thisMonday = mondayOf(today);
  const weeks = Array.from({ length: query.weeks }, (_, i) => addDays(thisMonday, -7 * (query.weeks - 1 - i)));
  const instant = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 14 * 3_600_000).toISOString(); // a day early: zones up to UTC+14
  const spanFrom = instant(weeks[0]!);
  const spanTo = instant(addDays(thisMonday, 8));

  const bookings = bookingsRepo(db, tenant.id, tz);
  const runsEvents = runsModule(tenant, 'events');
  const runsShop = runsModule(tenant, 'shop');
  // Independent reads, in parallel: resources then their bookings; calendar; people; payments; events; shop.
  const [withBookings, calendar, users, payments, events, shop, alerts] = await Promise.all([
    bookings.listResources().then((rs) => Promise.all(rs.filter((r) => r.active).map(async (r) => ({ r, list: await bookings.forResource(r.id, spanFrom, spanTo) })))),
    bookings.getCalendar(),
    allUsers(db, tenant.id),
    // A yearly plan paid 12 months before the first week still covers it.
    paymentsRepo(db, tenant.id).all(addDays(weeks[0]!, -366)),
    // A space that does not run events or the shop has none to read: those figures are left out.
    runsEvents ? eventsRepo(db, tenant.id).all(instant(today), instant(addDays(today, 2))) : null,
    runsShop ? shopRepo(db, tenant.id).load() : null,
    stripeLedgerRepo(db, tenant.id).alerts(),
  ]);

  // Occupancy: per resource and week, then summed per kind (minutes, not averages of ratios).
  const kinds = new Map<ResourceKind, { open: number[]; booked: number[] }>();
  const resources = withBookings.map(({ r, list }) => {
    const perWeek = weeks.map((w) => occupancyMinutes({ resource: r, bookings: list, weekly: tenant.openingHours, calendar, timeZone: tz, now }, w, addDays(w, 7)));
    const k = kinds.get(r.kind) ?? { open: weeks.map(() => 0), booked: weeks.map(() => 0) };
    perWeek.forEach((m, i) => { k.open[i]! += m.openMinutes; k.booked[i]! += m.bookedMinutes; });
    kinds.set(r.kind, k);
    const weeklyBp = perWeek.map(occupancyBp);
    return { id: r.id, name: r.name, kind: r.kind, thisWeekBp: weeklyBp[weeklyBp.length - 1]!, weeklyBp };
  });
  const byKind = [...kinds].map(([kind, k]) => {
    const weeklyBp = k.open.map((open, i) => occupancyBp({ openMinutes: open, bookedMinutes: k.booked[i]! }));
    return { kind, thisWeekBp: weeklyBp[weeklyBp.length - 1]!, weeklyBp };
  });

  const todays = (b: Booking) => b.status !== 'cancelled' && dayOf(b.start) <= today && dayOf(new Date(Date.parse(b.end) - 1).toISOString()) >= today;
  const todayBookings = withBookings.flatMap(({ list }) => list.filter(todays))
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((b) => ({ id: b.id, resourceName: b.resourceName, memberName: b.memberName, start: b.start, end: b.end, status: b.status }));
  const todayEvents = events?.filter((e) => e.status === 'active' && dayOf(e.start) === today)
    .map((e) => ({ id: e.id, title: e.title, start: e.start, end: e.end, registered: e.registered, capacity: e.capacity }));

  const unpaid = payments.filter((p: Payment) => p.status === 'pending' && p.channel === 'desk').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const members = activeMembersByWeek(users, weeks, today, dayOf);
  const subscriptions = subscriptionsByWeek(payments, weeks, today, dayOf);
  const low = shop?.products.filter((p) => p.published && p.stock <= LOW_STOCK).sort((a, b) => a.stock - b.stock || a.title.localeCompare(b.title));

  return {
    today, timeZone: tz, currency: tenant.currency, weeks,
    occupancy: { resources, kinds: byKind },
    members: { now: members[members.length - 1]!, weekly: members },
    subscriptions: { now: subscriptions[subscriptions.length - 1]!, weekly: subscriptions },
    todayBookings, ...(todayEvents ? { todayEvents } : {}),
    unpaid: {
      count: unpaid.length, totalCents: unpaid.reduce((s, p) => s + p.totalCents, 0),
      items: unpaid.slice(0, 20).map((p) => ({ id: p.id, memberId: p.memberId, memberName: p.memberName, label: p.item.label, totalCents: p.totalCents, createdAt: p.createdAt })),
    },
    alerts: alerts.filter((a) => a.status === 'open').map(({ status: _s, resolvedAt: _r, resolvedBy: _b, ...a }) => a),
    ...(low ? { lowStock: { threshold: LOW_STOCK, items: low.map((p) => ({ id: p.id, title: p.title, stock: p.stock })) } } : {}),
  };
}
