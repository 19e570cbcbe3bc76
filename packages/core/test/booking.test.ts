import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors';
import type { OpeningHours } from '../src/tenant';
import {
  EMPTY_CALENDAR, blockedSpan, checkBookingRules, checkQualified, granulesOf, localIso, localTimeOf, openIntervals, overlaps,
  slotGrid, zonedInstant, type BookingRules, type Resource,
} from '../src/booking';

const TZ = 'Europe/Paris';
const ALL_DAY: OpeningHours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '24:00' }]]));
const WEEKDAYS_9_19: OpeningHours = { mon: [{ open: '09:00', close: '19:00' }], tue: [{ open: '09:00', close: '19:00' }], wed: [{ open: '09:00', close: '19:00' }], thu: [{ open: '09:00', close: '19:00' }], fri: [{ open: '09:00', close: '19:00' }] };

const rules = (r: Partial<BookingRules> = {}): BookingRules => ({
  slotMinutes: 30, minMinutes: 30, maxMinutes: 180, bufferMinutes: 0, closures: [], maxDaysAhead: 30, cancelBeforeHours: 24,
  roles: ['member', 'operator', 'owner'], ...r,
});
const laser = (r: Partial<BookingRules> = {}): Resource => ({
  id: 'r1', kind: 'machine', name: 'Laser cutter', active: true, capacity: 1, priceCentsPerHour: 1800,
  requiredTrainingIds: ['t1'], rules: rules(r), createdAt: '', version: 1,
});
const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-12-01T08:00:00Z');
const ctx = (r = laser(), calendar = EMPTY_CALENDAR) => ({ resource: r, timeZone: TZ, openingHours: WEEKDAYS_9_19, calendar, now: NOW, actorRole: 'member' as const });

function refusal(fn: () => void): { rule: unknown; message: string } {
  try { fn(); } catch (e) { if (e instanceof AppError) return { rule: e.details?.rule, message: e.message }; throw e; }
  throw new Error('expected a refusal');
}

describe('time zones and DST (Europe/Paris)', () => {
  it('the spring-forward day (last Sunday of March) has 23 hours and no 02:30 slot', () => {
    const day = openIntervals('2027-03-28', TZ, ALL_DAY, EMPTY_CALENDAR);
    expect(day).toEqual([{ start: at('2027-03-27T23:00:00Z'), end: at('2027-03-28T22:00:00Z') }]);
    const grid = slotGrid(day, 30);
    expect(grid).toHaveLength(46);
    const times = grid.map((s) => localTimeOf(s.start, TZ));
    expect(times.filter((t) => t.startsWith('02:'))).toEqual([]);
    expect(times.slice(2, 5)).toEqual(['01:00', '01:30', '03:00']);
  });

  it('the fall-back day (last Sunday of October) has 25 hours and two distinct 02:30 slots', () => {
    const grid = slotGrid(openIntervals('2026-10-25', TZ, ALL_DAY, EMPTY_CALENDAR), 30);
    expect(grid).toHaveLength(50);
    const twoThirty = grid.filter((s) => localTimeOf(s.start, TZ) === '02:30');
    expect(twoThirty.map((s) => localIso(s.start, TZ))).toEqual(['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00']);
    expect(twoThirty[1]!.start - twoThirty[0]!.start).toBe(3_600_000);
  });

  it('a local time that does not exist is shifted forward by the gap; 24:00 is the next midnight', () => {
    expect(localIso(zonedInstant('2027-03-28', '02:30', TZ), TZ)).toBe('2027-03-28T03:30:00+02:00');
    expect(zonedInstant('2026-12-08', '24:00', TZ)).toBe(zonedInstant('2026-12-09', '00:00', TZ));
  });

  it('opening hours follow the local clock on both sides of a change: 09:00 is 07:00Z in summer time, 08:00Z in winter', () => {
    const summer = openIntervals('2026-10-23', TZ, WEEKDAYS_9_19, EMPTY_CALENDAR)[0]!;
    const winter = openIntervals('2026-10-26', TZ, WEEKDAYS_9_19, EMPTY_CALENDAR)[0]!;
    expect(new Date(summer.start).toISOString()).toBe('2026-10-23T07:00:00.000Z');
    expect(new Date(winter.start).toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });
});

describe('overlap, touching and buffer', () => {
  const span = (a: string, b: string) => ({ start: at(`2026-12-08T${a}:00+01:00`), end: at(`2026-12-08T${b}:00+01:00`) });
  const shared = (x: number[], y: number[]) => x.filter((g) => y.includes(g));

  it('10:00–12:00 and 11:30–13:00 share granules (a conflict)', () => {
    expect(overlaps(span('10:00', '12:00'), span('11:30', '13:00'))).toBe(true);
    expect(shared(granulesOf(span('10:00', '12:00')), granulesOf(span('11:30', '13:00')))).toHaveLength(2);
  });

  it('10:00–11:00 and 11:00–12:00 touch without sharing a granule, unless a buffer extends the first', () => {
    const a = span('10:00', '11:00'), b = span('11:00', '12:00');
    expect(overlaps(a, b)).toBe(false);
    expect(shared(granulesOf(a), granulesOf(b))).toHaveLength(0);
    expect(shared(granulesOf(blockedSpan(a.start, a.end, 15)), granulesOf(blockedSpan(b.start, b.end, 15)))).toHaveLength(1);
  });
});

describe('booking rules name the rule they enforce', () => {
  const span = (a: string, b: string, date = '2026-12-08') => ({ start: at(`${date}T${a}:00+01:00`), end: at(`${date}T${b}:00+01:00`) });

  it('accepts a booking inside the hours, on the grid, within the limits', () => {
    expect(() => checkBookingRules(span('10:00', '11:30'), ctx())).not.toThrow();
  });

  it.each([
    ['opening_hours', span('08:00', '09:30'), /only during opening hours/],
    ['opening_hours', span('10:00', '11:00', '2026-12-12'), /only during opening hours/], // a Saturday
    ['granularity', span('10:10', '10:40'), /slots of 30 minutes/],
    ['max_duration', span('10:00', '14:00'), /at most 180 minutes/],
    ['max_days_ahead', span('10:00', '11:00', '2027-01-15'), /at most 30 days ahead/],
    ['in_past', { start: NOW - 3_600_000, end: NOW }, /already passed/],
  ])('refuses with rule %s', (rule, s, message) => {
    const r = refusal(() => checkBookingRules(s, ctx()));
    expect(r.rule).toBe(rule);
    expect(r.message).toMatch(message);
  });

  it('an exceptional day replaces the weekly hours: closed on 25 Dec, open late for an event', () => {
    const calendar = { closures: [], exceptionalDays: [{ date: '2026-12-25', hours: [], label: 'Noël' }, { date: '2026-12-10', hours: [{ open: '09:00', close: '23:00' }], label: 'Soirée makers' }] };
    expect(refusal(() => checkBookingRules(span('10:00', '11:00', '2026-12-25'), ctx(laser(), calendar))).rule).toBe('opening_hours');
    expect(() => checkBookingRules(span('21:00', '22:00', '2026-12-10'), ctx(laser(), calendar))).not.toThrow();
  });

  it('a closure (maintenance) refuses with its label', () => {
    const r = laser({ closures: [{ from: '2026-12-08T09:00:00Z', to: '2026-12-08T11:00:00Z', label: 'Maintenance du tube' }] });
    expect(refusal(() => checkBookingRules(span('11:00', '12:00'), ctx(r)))).toEqual({ rule: 'closure', message: 'Laser cutter is closed then: Maintenance du tube' });
  });

  it('a machine needs the training, and an expired qualification does not count', () => {
    const t = [{ id: 't1', name: 'Laser basics', createdAt: '' }];
    expect(refusal(() => checkQualified(laser(), t, [], '2026-12-08'))).toEqual({ rule: 'qualification', message: "Not qualified for Laser cutter — training 'Laser basics' required" });
    const q = { trainingId: 't1', trainingName: 'Laser basics', grantedAt: '', grantedBy: 'x' };
    expect(() => checkQualified(laser(), t, [q], '2026-12-08')).not.toThrow();
    expect(refusal(() => checkQualified(laser(), t, [{ ...q, expiresOn: '2026-12-01' }], '2026-12-08')).rule).toBe('qualification');
  });
});

