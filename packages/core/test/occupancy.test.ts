import { describe, expect, it } from 'vitest';
import { occupancyBp, occupancyMinutes, type OccupancyInput } from '../src/booking';
import type { OpeningHours } from '../src/tenant';

const allDay: OpeningHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [{ open: '00:00', close: '24:00' }] };
const weekdays: OpeningHours = { mon: [{ open: '09:00', close: '19:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const rules = { slotMinutes: 30 as const, minMinutes: 30, maxMinutes: 600, bufferMinutes: 0, closures: [], maxDaysAhead: 60, cancelBeforeHours: 24, roles: ['member' as const] };
const input = (over: Partial<OccupancyInput> & Pick<OccupancyInput, 'bookings'>): OccupancyInput => ({
  resource: { id: 'r', kind: 'room', capacity: 1, rules }, weekly: weekdays, calendar: { exceptionalDays: [], closures: [] }, timeZone: 'Europe/Paris', now: Date.parse('2026-11-25T12:00:00Z'), ...over,
});
const booking = (start: string, end: string, status: 'confirmed' | 'cancelled' | 'held' | 'no_show' = 'confirmed', holdExpiresAt?: string) => ({ start, end, status, ...(holdExpiresAt ? { holdExpiresAt } : {}) });

describe('occupancy: booked minutes over open minutes in the tenant zone', () => {
  it('counts 23 open hours on the spring-forward Sunday and 25 on the autumn one (Europe/Paris)', () => {
    expect(occupancyMinutes(input({ weekly: allDay, bookings: [] }), '2026-03-29', '2026-03-30').openMinutes).toBe(23 * 60);
    expect(occupancyMinutes(input({ weekly: allDay, bookings: [] }), '2026-10-25', '2026-10-26').openMinutes).toBe(25 * 60);
  });

  it('counts only the part of a booking inside opening hours, and no cancelled booking or expired hold', () => {
    // Monday 23 Nov 2026, open 09:00–19:00 Paris (08:00–18:00 UTC): 600 open minutes.
    const m = occupancyMinutes(input({
      bookings: [
        booking('2026-11-23T07:00:00Z', '2026-11-23T09:00:00Z'), // 08:00–10:00 local: 60 min inside
        booking('2026-11-23T12:00:00Z', '2026-11-23T13:00:00Z', 'no_show'), // kept the slot: 60
        booking('2026-11-23T14:00:00Z', '2026-11-23T15:00:00Z', 'cancelled'),
        booking('2026-11-23T15:00:00Z', '2026-11-23T16:00:00Z', 'held', '2026-11-23T15:10:00Z'), // hold expired before now
      ],
    }), '2026-11-23', '2026-11-30');
    expect(m).toEqual({ openMinutes: 600, bookedMinutes: 120 });
    expect(occupancyBp(m)).toBe(2000);
  });

  it('multiplies open minutes by the seats of a desk area, and is 0 when closed all along', () => {
    const desk = { id: 'd', kind: 'desk_area' as const, capacity: 20, rules };
    const m = occupancyMinutes(input({ resource: desk, bookings: [booking('2026-11-23T08:00:00Z', '2026-11-23T18:00:00Z'), booking('2026-11-23T08:00:00Z', '2026-11-23T13:00:00Z')] }), '2026-11-23', '2026-11-24');
    expect(m).toEqual({ openMinutes: 600 * 20, bookedMinutes: 900 });
    expect(occupancyBp(m)).toBe(750);
    expect(occupancyBp(occupancyMinutes(input({ bookings: [] }), '2026-11-24', '2026-11-29'))).toBe(0);
  });

  it('uses the resource own hours and closures before the space ones', () => {
    const own = { ...rules, hours: { ...weekdays, mon: [{ open: '14:00', close: '16:00' }] }, closures: [{ from: '2026-11-23T13:00:00Z', to: '2026-11-23T14:00:00Z', label: 'Maintenance' }] };
    const m = occupancyMinutes(input({ resource: { id: 'm', kind: 'machine', capacity: 1, rules: own }, bookings: [booking('2026-11-23T13:00:00Z', '2026-11-23T15:00:00Z')] }), '2026-11-23', '2026-11-24');
    expect(m).toEqual({ openMinutes: 60, bookedMinutes: 60 });
  });
});
