import type { OpeningHours, TimeRange } from '../tenant';
import type { Closure, OpeningCalendar } from './schemas';
import { addDays, weekdayOf, zonedInstant, type LocalDate } from './time';

/** A half-open span of instants [start, end) in epoch milliseconds. */
export interface Interval { start: number; end: number }

/**
 * The hours that apply on a local date: an exceptional day (closed on 25 Dec, late opening for an
 * event) replaces the weekly hours; the resource's own hours, when set, replace the space's.
 */
export function hoursOn(date: LocalDate, weekly: OpeningHours, calendar: OpeningCalendar): { ranges: TimeRange[]; exceptional?: string } {
  const exception = calendar.exceptionalDays.find((d) => d.date === date);
  if (exception) return { ranges: exception.hours, exceptional: exception.label };
  return { ranges: weekly[weekdayOf(date)] ?? [] };
}

/**
 * The bookable intervals of a local date, as instants: the day's hours converted in the tenant's
 * zone (so 00:00–24:00 lasts 23 h on the spring-forward day and 25 h in autumn), minus closures.
 */
export function openIntervals(date: LocalDate, tz: string, weekly: OpeningHours, calendar: OpeningCalendar, closures: Closure[] = []): Interval[] {
  const { ranges } = hoursOn(date, weekly, calendar);
  let out: Interval[] = ranges
    .map((r) => ({ start: zonedInstant(date, r.open, tz), end: zonedInstant(date, r.close, tz) }))
    .filter((i) => i.start < i.end)
    .sort((a, b) => a.start - b.start);
  for (const c of [...calendar.closures, ...closures]) out = subtract(out, { start: Date.parse(c.from), end: Date.parse(c.to) });
  return out;
}

function subtract(list: Interval[], cut: Interval): Interval[] {
  const out: Interval[] = [];
  for (const i of list) {
    if (cut.end <= i.start || cut.start >= i.end) { out.push(i); continue; }
    if (cut.start > i.start) out.push({ start: i.start, end: cut.start });
    if (cut.end < i.end) out.push({ start: cut.end, end: i.end });
  }
  return out;
}

/** The closure (space-wide or the resource's) that overlaps a span, if any: its label names the refusal. */
export function closureOverlapping(span: Interval, calendar: OpeningCalendar, closures: Closure[] = []): Closure | undefined {
  return [...calendar.closures, ...closures].find((c) => Date.parse(c.from) < span.end && Date.parse(c.to) > span.start);
}

/** The local dates a span of instants touches (a booking may cross midnight). */
export function datesSpanned(span: Interval, localDateOf: (ms: number) => LocalDate): LocalDate[] {
  const first = localDateOf(span.start);
  const last = localDateOf(span.end - 1);
  const out = [first];
  while (out[out.length - 1]! < last) out.push(addDays(out[out.length - 1]!, 1));
  return out;
}
