// TZDateMini: the zone-aware Date without the string formatting we do not need (a lighter Lambda).
import { TZDateMini as TZDate } from '@date-fns/tz/date/mini';
import { WEEKDAYS, type Weekday } from '../tenant';

/**
 * Local calendar dates and wall-clock times in a tenant's IANA time zone. Every conversion goes
 * through @date-fns/tz (which asks Intl), so DST days come out right without offset arithmetic here.
 * Instants are epoch milliseconds; local dates are `YYYY-MM-DD`; local times `HH:MM`.
 */
export type LocalDate = string;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar date of an instant. */
export function localDateOf(ms: number, tz: string): LocalDate {
  const d = new TZDate(ms, tz);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local wall-clock time of an instant, `HH:MM`. */
export function localTimeOf(ms: number, tz: string): string {
  const d = new TZDate(ms, tz);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant as ISO 8601 with the zone's offset at that instant, e.g. `2026-10-25T02:30:00+01:00`. */
export function localIso(ms: number, tz: string): string {
  const d = new TZDate(ms, tz);
  const off = -d.getTimezoneOffset(); // the zone's offset at that instant, as @date-fns/tz reports it
  const sign = off < 0 ? '-' : '+';
  return `${localDateOf(ms, tz)}T${localTimeOf(ms, tz)}:${pad(d.getSeconds())}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/**
 * The instant of a local wall-clock time on a local date. `24:00` is the next day's midnight. A time
 * that does not exist (02:30 on the spring-forward day) comes out shifted forward by the gap, as Intl does.
 */
export function zonedInstant(date: LocalDate, hhmm: string, tz: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  if (h === 24) return new TZDate(y, m - 1, d + 1, 0, min, tz).getTime();
  return new TZDate(y, m - 1, d, h, min, tz).getTime();
}

/** Calendar arithmetic on local dates (no time zone involved: a date is a date). */
export function addDays(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function weekdayOf(date: LocalDate): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7]!;
}

/** The Monday of the week a date falls in. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, -WEEKDAYS.indexOf(weekdayOf(date)));
}
