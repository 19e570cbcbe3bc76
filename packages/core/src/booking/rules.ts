import { ruleViolation } from '../errors';
import type { Role } from '../identity';
import type { OpeningHours } from '../tenant';
import { closureOverlapping, openIntervals, type Interval } from './hours';
import type { Booking, OpeningCalendar, Qualification, Resource, Training } from './schemas';
import { onGrid } from './slots';
import { localDateOf, localTimeOf } from './time';

export interface BookingContext {
  resource: Resource;
  /** The space's zone and weekly hours, and its exceptional days and closures. */
  timeZone: string;
  openingHours: OpeningHours;
  calendar: OpeningCalendar;
  now: number;
  /** The role of the person making the booking (staff book on anyone's behalf). */
  actorRole: Role;
}

/**
 * Checks a requested span against the resource's rules. Each refusal is a 422 whose `rule` and
 * message say which rule: the member can fix the request from the message alone.
 */
export function checkBookingRules(span: Interval, c: BookingContext): void {
  const { resource: r, timeZone: tz } = c;
  const rules = r.rules;
  const staff = c.actorRole === 'operator' || c.actorRole === 'owner';
  if (!r.active) throw ruleViolation('inactive', `${r.name} is not bookable at the moment`);
  if (!staff && !rules.roles.includes(c.actorRole)) throw ruleViolation('role', `${r.name} is not bookable by ${c.actorRole}s`);
  if (span.end <= span.start) throw ruleViolation('range', 'A booking ends after it starts');
  if (span.start < c.now) throw ruleViolation('in_past', 'This time has already passed');
  if (span.start > c.now + rules.maxDaysAhead * 86_400_000) {
    throw ruleViolation('max_days_ahead', `${r.name} can be booked at most ${rules.maxDaysAhead} days ahead`);
  }
  const minutes = (span.end - span.start) / 60_000;
  if (minutes < rules.minMinutes) throw ruleViolation('min_duration', `A booking of ${r.name} lasts at least ${rules.minMinutes} minutes`);
  if (minutes > rules.maxMinutes) throw ruleViolation('max_duration', `A booking of ${r.name} lasts at most ${rules.maxMinutes} minutes`);

  const closure = closureOverlapping(span, c.calendar, rules.closures);
  if (closure) throw ruleViolation('closure', `${r.name} is closed then: ${closure.label}`);
  const weekly = rules.hours ?? c.openingHours;
  const date = localDateOf(span.start, tz);
  const interval = openIntervals(date, tz, weekly, c.calendar, rules.closures).find((i) => i.start <= span.start && span.end <= i.end);
  if (!interval) {
    throw ruleViolation('opening_hours', `${r.name} is bookable only during opening hours (${localTimeOf(span.start, tz)}–${localTimeOf(span.end, tz)} on ${date} is outside them)`);
  }
  if (!onGrid(span.start, interval, rules.slotMinutes) || minutes % rules.slotMinutes !== 0) {
    throw ruleViolation('granularity', `${r.name} is booked in slots of ${rules.slotMinutes} minutes`);
  }
}

/**
 * A machine needs the member to hold every training it requires, valid on the booking's date.
 * Returns the refusal, or nothing when the member is qualified.
 */
export function checkQualified(
  resource: Resource, trainings: Training[], held: Qualification[], onDate: string,
  /** Staff booking for this member: the refusal speaks about them to staff, who may override it with a reason. */
  forMember?: { name: string },
): void {
  const missing = missingTraining(resource, trainings, held, onDate);
  if (!missing) return;
  if (forMember) {
    throw ruleViolation('member_not_qualified', `${forMember.name} is not qualified for ${resource.name} — training '${missing}' required; staff may book with a reason`, { member: forMember.name, training: missing, resource: resource.name });
  }
  throw ruleViolation('qualification', `Not qualified for ${resource.name} — training '${missing}' required`, { training: missing, resource: resource.name });
}

/** The name of the first training the resource requires that the member does not hold on `onDate`, if any. */
export function missingTraining(resource: Resource, trainings: Training[], held: Qualification[], onDate: string): string | null {
  for (const id of resource.requiredTrainingIds) {
    const q = held.find((h) => h.trainingId === id);
    if (q && (!q.expiresOn || q.expiresOn >= onDate)) continue;
    return trainings.find((t) => t.id === id)?.name ?? q?.trainingName ?? 'required training';
  }
  return null;
}

/** The last instant a member may cancel a booking online: `cancelBeforeHours` before its start. */
export const cancelDeadlineOf = (b: Pick<Booking, 'start'>, cancelBeforeHours: number): string =>
  new Date(Date.parse(b.start) - cancelBeforeHours * 3_600_000).toISOString();

/** Members cancel until the deadline (included); staff at any time (with a reason). */
export function checkCancellable(b: Booking, cancelBeforeHours: number, now: number, staff: boolean): void {
  if (b.status !== 'held' && b.status !== 'confirmed') throw ruleViolation('status', `A ${b.status.replace('_', ' ')} booking cannot be cancelled`);
  const deadline = cancelDeadlineOf(b, cancelBeforeHours);
  if (!staff && now > Date.parse(deadline)) {
    throw ruleViolation('cancellation_deadline', `Bookings can be cancelled up to ${cancelBeforeHours} hours before they start (here until ${deadline}); ask the staff`, { deadline, hours: cancelBeforeHours });
  }
}

/**
 * Members move their own booking until the same deadline as cancelling (a move frees the old time,
 * which is what the deadline protects); staff at any time.
 */
export function checkMovable(b: Booking, cancelBeforeHours: number, now: number, staff: boolean): void {
  const deadline = cancelDeadlineOf(b, cancelBeforeHours);
  if (!staff && now > Date.parse(deadline)) {
    throw ruleViolation('move_deadline', `Bookings can be moved up to ${cancelBeforeHours} hours before they start (here until ${deadline}); ask the staff`, { deadline, hours: cancelBeforeHours });
  }
}

/** Check-in opens 30 minutes before the start and closes at the end. */
export const CHECK_IN_EARLY_MS = 30 * 60_000;
export function checkCheckIn(b: Booking, now: number): void {
  if (b.status !== 'confirmed') throw ruleViolation('status', `A ${b.status.replace('_', ' ')} booking cannot be checked in`);
  if (now < Date.parse(b.start) - CHECK_IN_EARLY_MS) throw ruleViolation('too_early', 'Check-in opens 30 minutes before the start');
  if (now >= Date.parse(b.end)) throw ruleViolation('too_late', 'This booking is over');
}

/** A no-show is recorded once the booking has started without a check-in. */
export function checkNoShow(b: Booking, now: number): void {
  if (b.status !== 'confirmed') throw ruleViolation('status', `A ${b.status.replace('_', ' ')} booking cannot be marked as a no-show`);
  if (now < Date.parse(b.start)) throw ruleViolation('not_started', 'This booking has not started yet');
}

/** A hold that has passed its expiry is a cancelled booking, whatever the stored item says. */
export function effectiveBooking(b: Booking, now: number): Booking {
  if (b.status === 'held' && b.holdExpiresAt && Date.parse(b.holdExpiresAt) <= now) {
    return { ...b, status: 'cancelled', cancelReason: 'hold_expired', cancelledAt: b.holdExpiresAt };
  }
  return b;
}
