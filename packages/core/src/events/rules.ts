import { ruleViolation } from '../errors';
import type { Locale } from '../tenant';
import { addDays, localDateOf, localTimeOf, zonedInstant } from '../booking/time';
import { GRANULE_MINUTES } from '../booking/schemas';
import { CHECK_IN_EARLY_MS } from '../booking/rules';
import type { Attendance, EventRecord, Registration, RegistrationStatus } from './model';

const GRANULE_MS = GRANULE_MINUTES * 60_000;
const HOUR_MS = 3_600_000;

/** A new event's times: it ends after it starts, starts in the future, on the booking grid. */
export function checkEventTimes(start: number, end: number, now: number): void {
  if (!(end > start)) throw ruleViolation('range', 'An event ends after it starts');
  if (start < now) throw ruleViolation('past', 'An event starts in the future');
  if (start % GRANULE_MS || end % GRANULE_MS) throw ruleViolation('grid', `An event starts and ends on a ${GRANULE_MINUTES}-minute boundary`);
}

/**
 * The occurrences of an event repeated weekly. The first is the instants as given, exactly (they
 * arrive with their offset, so a time in the repeated autumn hour is not ambiguous). Later weeks keep
 * the local start time (a DST change does not shift the event on the wall clock) and the duration.
 * When that local time is itself ambiguous or skipped on a later week, the zone's reading is used.
 */
export function weeklyOccurrences(startIso: string, endIso: string, weeks: number, zone: string): Array<{ start: string; end: string }> {
  const start = Date.parse(startIso), end = Date.parse(endIso);
  const day = localDateOf(start, zone), time = localTimeOf(start, zone);
  const out = [{ start: new Date(start).toISOString(), end: new Date(end).toISOString() }];
  for (let w = 1; w < weeks; w++) {
    const s = zonedInstant(addDays(day, 7 * w), time, zone);
    out.push({ start: new Date(s).toISOString(), end: new Date(s + (end - start)).toISOString() });
  }
  return out;
}

/** Who may see an event: staff everything; others published active ones, members-only with a session. */
export function visibleTo(e: EventRecord, who: { isStaff: boolean; signedIn: boolean }): boolean {
  if (who.isStaff) return true;
  if (!e.published || e.status !== 'active') return false;
  return e.audience === 'public' || who.signedIn;
}

/** What the public listing shows, even to staff (drafts stay in the staff list). */
export const listedPublicly = (e: EventRecord, now: Date, signedIn: boolean) =>
  e.published && e.status === 'active' && e.end > now.toISOString() && (e.audience === 'public' || signedIn);

/** A person can register: the event is on and not over. */
export function checkOpen(e: EventRecord, now: Date): void {
  if (e.status !== 'active') throw ruleViolation('event_cancelled', 'This event is cancelled');
  if (Date.parse(e.end) <= now.getTime()) throw ruleViolation('event_over', 'This event is over');
}

/** A place may be taken directly only while one is free and nobody is waiting for it. */
export const hasFreePlace = (e: EventRecord) => e.registered < e.capacity && (e.waiting ?? 0) === 0;
/** Nobody holds a turn still to be written (see EventRecord.ticketSeq). */
export const noTurnPending = (e: EventRecord) => (e.ticketSeq ?? 0) === (e.waitSeq ?? 0);
/** Free places while people wait (a capacity increase): the waitlist moves up first. */
export const waitlistShouldMove = (e: EventRecord) => e.registered < e.capacity && (e.waiting ?? 0) > 0;

/** The registration status machine. */
export const NEXT_REGISTRATION_STATUS: Record<RegistrationStatus, readonly RegistrationStatus[]> = {
  registered: ['cancelled'],
  waitlisted: ['registered', 'cancelled'],
  cancelled: [],
};

export function moveRegistration(r: Registration, to: RegistrationStatus, change: { at: Date; by?: string }): Registration {
  if (!NEXT_REGISTRATION_STATUS[r.status].includes(to)) {
    if (to === 'cancelled') throw ruleViolation('already_cancelled', 'This registration is already cancelled');
    throw ruleViolation('bad_transition', `A ${r.status} registration cannot become ${to}`, { from: r.status, to });
  }
  const at = change.at.toISOString();
  if (to === 'cancelled') return { ...r, status: 'cancelled', waitSeq: undefined, cancelledAt: at, cancelledBy: change.by ?? 'visitor', version: r.version + 1 };
  return { ...r, status: 'registered', waitSeq: undefined, promotedAt: at, version: r.version + 1 };
}

/** The last instant a member or visitor may give up a place (staff: any time; the waitlist: any time). */
export const cancelDeadline = (e: EventRecord) => Date.parse(e.start) - e.cancelBeforeHours * HOUR_MS;

export function checkMayCancel(e: EventRecord, r: Registration, who: { isStaff: boolean }, now: Date): void {
  if (r.status === 'cancelled') throw ruleViolation('already_cancelled', 'This registration is already cancelled');
  if (r.status === 'registered' && !who.isStaff && now.getTime() > cancelDeadline(e)) {
    throw ruleViolation('cancel_deadline', `Registrations can be cancelled until ${e.cancelBeforeHours} h before the start`,
      { hours: e.cancelBeforeHours, deadline: new Date(cancelDeadline(e)).toISOString() });
  }
}

/** A change of capacity keeps everyone already holding a place. */
export function checkCapacity(e: EventRecord, capacity: number | undefined): void {
  if (capacity !== undefined && capacity < e.registered) {
    throw ruleViolation('capacity_below_registered', `${e.registered} people are registered: the capacity cannot go below that`, { registered: e.registered });
  }
}

/** Check-in: a registered person, from 30 minutes before the start, not recorded as a no-show. */
export function checkIn(e: EventRecord, r: Registration, now: Date): Registration {
  if (r.status !== 'registered') throw ruleViolation('not_registered', `A ${r.status} person cannot be checked in`, { status: r.status });
  if (now.getTime() < Date.parse(e.start) - CHECK_IN_EARLY_MS) throw ruleViolation('too_early', 'Check-in opens 30 minutes before the start');
  if (r.attendance === 'no_show') throw ruleViolation('recorded_no_show', 'This person was recorded as a no-show');
  return r.attendance === 'attended' ? r : { ...r, attendance: 'attended', attendanceAt: now.toISOString(), version: r.version + 1 };
}

/** A no-show: a registered person, once the event has started, not checked in. */
export function noShow(e: EventRecord, r: Registration, now: Date): Registration {
  if (r.status !== 'registered') throw ruleViolation('not_registered', `A ${r.status} person cannot be a no-show`, { status: r.status });
  if (now.getTime() < Date.parse(e.start)) throw ruleViolation('not_started', 'A no-show is recorded once the event has started');
  if (r.attendance === 'attended') throw ruleViolation('attended', 'This person was checked in');
  return { ...r, attendance: 'no_show', attendanceAt: now.toISOString(), version: r.version + 1 };
}

/** Registered first (by registration), then the waitlist in ticket order (position 1 = next), then cancellations. */
export function ordered(regs: Registration[]): Array<{ r: Registration; position?: number }> {
  const rank = { registered: 0, waitlisted: 1, cancelled: 2 } as const;
  const sorted = [...regs].sort((a, b) => rank[a.status] - rank[b.status]
    || (a.status === 'waitlisted' ? (a.waitSeq ?? 0) - (b.waitSeq ?? 0) : a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)));
  let pos = 0;
  return sorted.map((r) => (r.status === 'waitlisted' ? { r, position: ++pos } : { r }));
}

/** The first person on the waitlist (smallest ticket), if any. */
export const firstWaiting = (regs: Registration[]): Registration | null =>
  regs.filter((r) => r.status === 'waitlisted').sort((a, b) => (a.waitSeq ?? 0) - (b.waitSeq ?? 0))[0] ?? null;

/** A free event: nothing to price, nothing to pay. */
export const isFree = (e: EventRecord) => e.price.cents === 0 && !Object.values(e.price.categoryCents ?? {}).some((c) => c > 0);

const WORDS: Record<Locale, Record<RegistrationStatus | Attendance, string>> = {
  fr: { registered: 'Inscrit·e', waitlisted: "Liste d'attente", cancelled: 'Annulé', attended: 'Présent·e', no_show: 'Absent·e' },
  en: { registered: 'Registered', waitlisted: 'Waitlist', cancelled: 'Cancelled', attended: 'Attended', no_show: 'Did not come' },
};

/** A registration's state in the reader's words (calendars, exports), never a raw code. */
export function registrationWords(locale: Locale, r: Pick<Registration, 'status' | 'attendance'>, position?: number): string {
  const w = WORDS[locale] ?? WORDS.en;
  if (r.attendance) return w[r.attendance];
  if (r.status === 'waitlisted' && position) return `${w.waitlisted} (${position})`;
  return w[r.status];
}
