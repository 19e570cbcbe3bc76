import { DEMO, hosts } from '../support/http';
import type { BenchServer } from './roundTrips';
import type { BenchResult } from './types';

const json = async (r: Response) => (await r.json()) as any;
const rt = (name: string, r: { calls: number; byCommand: Record<string, number> }, target: number | null): BenchResult =>
  ({ name: `roundtrips.${name}`, value: r.calls, unit: `calls (${Object.entries(r.byCommand).map(([k, v]) => `${k.replace('Command', '')}×${v}`).join(', ')})`, target, better: 'lower' });

/** A weekday 8+ days ahead (Paris is UTC+1 or +2; 10:00–12:00 local is inside every demo space's hours). */
function weekdayAhead(days: number): string {
  const d = new Date(Date.now() + days * 86400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The figures: DynamoDB round trips of a booking, of one resource-day's availability and of a
 * cancel (warm caches, as a warm Lambda), and create-booking throughput on the local server under
 * concurrent load, each request on its own free slot, with the error rate.
 */
export async function benchBookings(s: BenchServer): Promise<BenchResult[]> {
  const member = await s.browser(hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
  const op = await s.browser(hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
  const room = (await json(await member.fetch('/api/v1/resources'))).items.find((r: { name: string }) => r.name === 'Salle Somme');
  const date = weekdayAhead(9);
  await member.fetch(`/api/v1/resources/${room.id}/availability?date=${date}`); // warms the tenant and rules caches
  // A first booking warms the catalogue cache, as in a warm Lambda (it is reused for the tenant cache's time).
  const warm = await member.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: room.id, start: `${date}T12:00:00+01:00`, end: `${date}T13:00:00+01:00` } });
  if (warm.status !== 201) throw new Error(`bench booking: ${warm.status} ${await warm.text()}`);
  let bookingId = '';
  const create = await s.count(async () => {
    const r = await member.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: room.id, start: `${date}T10:00:00+01:00`, end: `${date}T11:00:00+01:00` } });
    if (r.status !== 201) throw new Error(`bench booking: ${r.status} ${await r.text()}`);
    bookingId = (await json(r)).id;
  });
  const availability = await s.count(() => member.fetch(`/api/v1/resources/${room.id}/availability?date=${date}`));
  const cancel = await s.count(() => member.fetch(`/api/v1/bookings/${bookingId}/cancel`, { method: 'POST', json: {} }));

  // Throughput: a 24/7 desk with 15-minute slots; every request books the next free quarter-hour.
  const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '24:00' }]]));
  const desk = await json(await op.fetch('/api/v1/resources', {
    method: 'POST', json: { kind: 'desk', name: 'Bench desk', rules: { slotMinutes: 15, minMinutes: 15, maxMinutes: 60, hours: allDay, maxDaysAhead: 730 } },
  }));
  const first = Date.parse(`${weekdayAhead(2)}T00:00:00Z`);
  let next = 0, ok = 0, failed = 0;
  const until = Date.now() + 4000;
  const worker = async () => {
    while (Date.now() < until) {
      const start = first + (next++) * 15 * 60_000;
      const r = await member.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: desk.id, start: new Date(start).toISOString(), end: new Date(start + 15 * 60_000).toISOString() } });
      await r.arrayBuffer();
      if (r.status === 201) ok++; else failed++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 16 }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return [
    rt('bookings.create', create, 2),
    rt('bookings.availabilityResourceDay', availability, 1),
    rt('bookings.cancel', cancel, 2),
    { name: 'bookings.createThroughput', value: Math.round(ok / seconds), unit: 'bookings/s (16 concurrent, local server + DynamoDB Local)', target: null, better: 'higher' },
    { name: 'bookings.createErrorRate', value: +(failed / Math.max(1, ok + failed) * 100).toFixed(2), unit: '% of requests not 201', target: 0, better: 'lower' },
  ];
}
