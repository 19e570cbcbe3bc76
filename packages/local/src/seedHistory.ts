import { newId, splitGross, type Payment, type RevenueCategory } from '@lieu/core';
import { addDays, localDateOf, mondayOf, weekdayOf, zonedInstant, type Booking, type Resource } from '@lieu/core/booking';
import { bookingsRepo, catalogueRepo, paymentsRepo, tenantsRepo, tenantRealm, transact, usersRepo, type Db } from '@lieu/db';
import { DeskGateway } from '@lieu/payments';

/**
 * Twelve weeks of past activity for La Machinerie, so that the back office's dashboard has something
 * to draw on a fresh `pnpm dev`: bookings of its desks, rooms and machines (more each week, as a space
 * that is taking off), plans and passes paid at the desk month by month, and two items still to pay.
 * Deterministic (no randomness: the same pattern from the same day) and written once (skipped when
 * the open-space already has a booking in the last 12 weeks). Not part of `seedDemo`: the API tests
 * count bookings and payments of the demo spaces from zero, so only the dev server and the dashboard's
 * browser test call it.
 */
const WEEKS = 12;

export async function seedHistory(db: Db, now = new Date()): Promise<boolean> {
  const tenantId = await tenantsRepo(db).idBySlug('machinerie');
  if (!tenantId) return false;
  const tenant = (await tenantsRepo(db).get(tenantId))!;
  const tz = tenant.timeZone;
  const repo = bookingsRepo(db, tenantId, tz);
  const resources = (await repo.listResources()).filter((r) => r.active);
  const today = localDateOf(now.getTime(), tz);
  const firstMonday = addDays(mondayOf(today), -7 * (WEEKS - 1));
  const openSpace = resources.find((r) => r.kind === 'desk_area');
  if (!openSpace) return false;
  if ((await repo.forResource(openSpace.id, new Date(zonedInstant(firstMonday, '00:00', tz)).toISOString(), now.toISOString())).length) return false;

  const users = usersRepo(db, tenantRealm(tenantId));
  const people = (await Promise.all(['lea@machinerie.example', 'yanis@machinerie.example', 'sophie@machinerie.example'].map((e) => users.getByEmail(e)))).filter((u) => !!u);
  const staff = await users.getByEmail('hugo@machinerie.example');
  if (!people.length || !staff) return false;
  const at = (day: string, hhmm: string) => new Date(zonedInstant(day, hhmm, tz)).toISOString();

  // Bookings: which resource is booked when, from a fixed pattern that grows week after week.
  const plan: Record<Resource['kind'], string[][]> = {
    desk_area: [['09:00', '18:00'], ['09:30', '13:00'], ['14:00', '18:00']],
    room: [['10:00', '12:00'], ['14:00', '16:00']],
    machine: [['10:00', '12:00'], ['14:00', '17:00']],
    desk: [['09:00', '18:00']], other: [['10:00', '12:00']],
  };
  let n = 0;
  const pending: Promise<void>[] = [];
  for (let w = 0; w < WEEKS; w++) {
    for (let d = 0; d < 6; d++) {
      const day = addDays(firstMonday, 7 * w + d);
      if (day >= today) break;
      const hours = tenant.openingHours[weekdayOf(day)] ?? [];
      if (!hours.length) continue;
      resources.forEach((r, ri) => {
        // Each slot is booked when the pattern says so: fuller as weeks go by, busier mid-week.
        plan[r.kind].forEach(([from, to], si) => {
          const busy = (w * 3 + d * 5 + ri * 7 + si * 11) % 12 < 1 + Math.floor(w / 3) - (d === 5 ? 1 : 0);
          if (!busy || to! > hours[hours.length - 1]!.close || from! < hours[0]!.open) return;
          const member = people[(w + d + ri + si) % people.length]!;
          const start = at(day, from!), end = at(day, to!);
          const b: Booking = {
            id: newId(Date.parse(start)), resourceId: r.id, resourceName: r.name, resourceKind: r.kind, memberId: member.id, memberName: member.name,
            start, end, blockedUntil: new Date(Date.parse(end) + r.rules.bufferMinutes * 60_000).toISOString(), seats: r.kind === 'desk_area' && r.capacity > 1,
            status: d % 4 === 3 && si === 1 ? 'no_show' : 'checked_in',
            quote: { currency: tenant.currency, lines: [], netCents: 0, vatRateBp: 0, vatCents: 0, totalCents: 0, source: 'demo history' },
            createdAt: new Date(Date.parse(start) - 86_400_000).toISOString(), createdBy: member.id, version: 1,
          };
          n++;
          pending.push(repo.create(b, r.capacity, new Date(b.createdAt)));
        });
      });
    }
    await Promise.all(pending.splice(0));
  }

  // Payments recorded at the desk: plans monthly, passes, dues, meeting rooms; two still to pay.
  const catalogue = await catalogueRepo(db, tenantId).load();
  const fabPlan = catalogue.plans.find((p) => p.name.startsWith('Fab Lab'));
  const pass = catalogue.passes.find((p) => p.name === 'Pass journée');
  const card = catalogue.passes.find((p) => p.name === 'Carte 10 jours');
  const dues = catalogue.dues[0];
  const passEffect = (id: string): Payment['effect'] => {
    const p = catalogue.passes.find((x) => x.id === id);
    return p ? { kind: 'credit', passId: p.id, name: p.name, unit: p.unit, amount: p.amount, resourceKinds: p.resourceKinds, validityDays: p.validityDays } : { kind: 'none' };
  };
  const pay = (member: (typeof people)[number], day: string, kind: Payment['item']['kind'], refId: string, label: string, category: RevenueCategory, cents: number, paid: boolean): Payment => {
    const { netCents, vatCents } = splitGross(cents, 2000);
    const createdAt = at(day, '10:15');
    return {
      id: newId(Date.parse(createdAt)), memberId: member.id, memberName: member.name, item: { kind, refId, label }, revenueCategory: category,
      lines: [{ label, revenueCategory: category, quantity: 1, amountCents: cents, vatRateBp: 2000, netCents, vatCents }],
      currency: tenant.currency, totalCents: cents, netCents, vatCents, status: paid ? 'paid' : 'pending', channel: 'desk',
      ...(paid ? { method: 'card_terminal' as const, paidAt: at(day, '10:20'), recordedBy: staff.id } : {}),
      ...(kind === 'plan' && fabPlan ? { effect: { kind: 'subscription' as const, plan: { id: fabPlan.id, name: fabPlan.name, interval: fabPlan.interval, priceCents: fabPlan.priceCents, entitlements: fabPlan.entitlements } } } : {}),
      ...(kind === 'dues' && dues ? { effect: { kind: 'dues' as const, duesId: dues.id, interval: dues.interval, grantsCategory: dues.grantsCategory } } : {}),
      ...(kind === 'pass' ? { effect: passEffect(refId) } : {}),
      createdAt, createdBy: staff.id, version: 1,
    };
  };
  const payments: Payment[] = [];
  for (let w = 0; w < WEEKS; w++) {
    const monday = addDays(firstMonday, 7 * w);
    if (monday >= today) break;
    people.forEach((m, i) => {
      if (fabPlan && w % 4 === i && (i === 0 || w >= 4)) payments.push(pay(m, addDays(monday, 1), 'plan', fabPlan.id, fabPlan.name, 'plans', fabPlan.priceCents, true));
      if (pass && (w + i) % 3 === 0) payments.push(pay(m, addDays(monday, 2), 'pass', pass.id, pass.name, 'passes', pass.priceCents, true));
    });
    if (card && w % 5 === 2) payments.push(pay(people[1 % people.length]!, addDays(monday, 3), 'pass', card.id, card.name, 'passes', card.priceCents, true));
    if (dues && w === 1) for (const m of people) payments.push(pay(m, addDays(monday, 0), 'dues', dues.id, dues.name, 'dues', dues.priceCents, true));
    if (w % 2 === 1) payments.push(pay(people[w % people.length]!, addDays(monday, 4), 'booking', newId(now.getTime()), 'Salle Picardie — 2 h', 'bookings', 5000, true));
  }
  const yesterday = addDays(today, -1);
  if (pass) payments.push(pay(people[0]!, yesterday, 'pass', pass.id, pass.name, 'passes', pass.priceCents, false));
  if (card) payments.push(pay(people[people.length - 1]!, yesterday, 'pass', card.id, card.name, 'passes', card.priceCents, false));
  // Written as the desk writes them: created pending, then recorded, so each paid one has its receipt
  // and what it grants (plan, dues and their category, credits) in the same transaction, in date order.
  const pr = paymentsRepo(db, tenantId);
  for (let i = 0; i < payments.length; i += 25) {
    await transact(db, payments.slice(i, i + 25).map((p) => pr.createOp({ ...p, status: 'pending', method: undefined, paidAt: undefined, recordedBy: undefined })), () => new Error('demo history: payment exists'));
  }
  const desk = new DeskGateway(db);
  for (const p of payments.filter((x) => x.status === 'paid').sort((a, b) => (a.paidAt! < b.paidAt! ? -1 : 1))) {
    const pending = (await pr.get(p.memberId, p.id))!;
    const paidAt = new Date(p.paidAt!);
    await desk.record(tenant, pending, { method: 'card_terminal', by: staff.id, now: paidAt, today: localDateOf(paidAt.getTime(), tz) });
  }
  return n > 0;
}
