import type { Interval } from './hours';
import { GRANULE_MINUTES } from './schemas';

export const GRANULE_MS = GRANULE_MINUTES * 60_000;

/**
 * The 15-minute granules a span occupies, as instants. Two bookings conflict exactly when they share
 * a granule: 10:00–12:00 and 11:30–13:00 share 11:30 and 11:45; 10:00–11:00 and 11:00–12:00 share
 * none. A buffer extends the occupied span past the end, so touching bookings then collide.
 */
export function granulesOf(span: Interval): number[] {
  const out: number[] = [];
  for (let t = span.start; t < span.end; t += GRANULE_MS) out.push(t);
  return out;
}

/** The span a booking blocks: its own time plus the buffer after it. */
export const blockedSpan = (start: number, end: number, bufferMinutes: number): Interval => ({ start, end: end + bufferMinutes * 60_000 });

/** The sort key of a granule's slot item: its UTC instant, so the two 02:30s of an autumn night differ. */
export const granuleKey = (ms: number): string => new Date(ms).toISOString().slice(0, 16) + 'Z';

/**
 * The slot grid of a day: slots of `slotMinutes` laid from the start of each open interval, stepping
 * in real time. On the spring-forward day there is no 02:30 to offer; in autumn both 02:30s appear,
 * each with its own offset.
 */
export function slotGrid(intervals: Interval[], slotMinutes: number): Interval[] {
  const step = slotMinutes * 60_000;
  const out: Interval[] = [];
  for (const i of intervals) for (let t = i.start; t + step <= i.end; t += step) out.push({ start: t, end: t + step });
  return out;
}

/** True when `t` lies on the slot grid of the open interval that contains it. */
export const onGrid = (t: number, interval: Interval, slotMinutes: number): boolean =>
  (t - interval.start) % (slotMinutes * 60_000) === 0;

/** True when two spans share at least one instant (touching ends do not). */
export const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;
