import type { Rate } from './catalogue';
import { priceQuote, type MemberTerms, type PriceItem, type PriceQuoteInput } from './engine';

/**
 * A fixed, realistic workload for timing the engine (`pnpm bench`): a member with a plan (quota and
 * discount), two credit packs, quoting a cart of a room booking, a machine booking and a shop line.
 * Returns quotes per second over `iterations` quotes.
 */
export function benchmarkQuotes(iterations = 100_000): { quotesPerSecond: number; iterations: number; ms: number } {
  const input = benchInput();
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) sink += priceQuote(input).totalCents;
  const ms = performance.now() - started;
  if (sink < 0) throw new Error('unreachable');
  return { quotesPerSecond: Math.round((iterations / ms) * 1000), iterations, ms: Math.round(ms) };
}

export function benchInput(): PriceQuoteInput {
  const rates: Rate[] = [
    { id: 'r1', name: 'Meeting room', resourceKind: 'meeting_room', prices: { standard: { hourCents: 2500, halfDayCents: 8000, dayCents: 14000 }, student: { hourCents: 1200 } } },
    { id: 'r2', name: 'Laser cutter', resourceKind: 'laser_cutter', prices: { standard: { hourCents: 3000 }, adherent: { hourCents: 1500 } } },
    { id: 'r3', name: 'Desk', resourceKind: 'desk', prices: { standard: { hourCents: 500, dayCents: 2500 } } },
  ];
  const member: MemberTerms = {
    category: 'adherent',
    subscription: {
      planId: 'p1', status: 'active', validFrom: '2026-01-01',
      plan: { id: 'p1', name: 'Fab Lab monthly', entitlements: [
        { kind: 'quota', resourceKind: 'meeting_room', amount: 240, unit: 'minute' },
        { kind: 'discount', resourceKinds: ['laser_cutter'], percentBp: 2000 },
      ] },
    },
    credits: [
      { id: 'c1', name: '10-day card', unit: 'day', remaining: 7, resourceKinds: ['desk'], validFrom: '2026-01-01', validUntil: '2026-12-31', grantedBy: { kind: 'pass', passId: 'x' } },
      { id: 'c2', name: '5 h laser', unit: 'minute', remaining: 120, resourceKinds: ['laser_cutter'], validFrom: '2026-01-01', validUntil: '2026-12-31', grantedBy: { kind: 'pass', passId: 'y' } },
    ],
    usage: { 'meeting_room#2026-11': 180 },
  };
  const items: PriceItem[] = [
    { kind: 'booking', label: 'Salle Verrière', resourceId: 'room1', resourceKind: 'meeting_room', date: '2026-11-26', minutes: 150 },
    { kind: 'booking', label: 'Laser', resourceId: 'laser1', resourceKind: 'laser_cutter', date: '2026-11-26', minutes: 180 },
    { kind: 'booking', label: 'Desk', resourceId: 'desk1', resourceKind: 'desk', date: '2026-11-27', minutes: 480 },
    { kind: 'product', label: 'Plywood 3 mm', unitCents: 450, quantity: 3 },
  ];
  return { currency: 'EUR', vat: { mode: 'standard', rateBp: 2000 }, rates, member, items, today: '2026-11-25' };
}
