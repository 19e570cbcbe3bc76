import { benchmarkQuotes } from '@lieu/core';
import { DEMO, hosts } from '../support/http';
import type { BenchServer } from './roundTrips';
import type { BenchResult } from './types';

/**
 * The figures: the pricing engine's quotes per second (pure, median of 5 runs), and the
 * DynamoDB round trips of a quote and of a booking priced with a plan (warm caches, as a warm Lambda).
 */
export async function benchBilling(s: BenchServer): Promise<BenchResult[]> {
  const runs = Array.from({ length: 5 }, () => benchmarkQuotes(50_000).quotesPerSecond).sort((a, b) => a - b);
  const json = async (r: Response) => (await r.json()) as any;

  const member = await s.browser(hosts.coloc).login(DEMO.coloc.member, DEMO.password);
  const op = await s.browser(hosts.coloc).login(DEMO.coloc.operator, DEMO.password);
  const plan = (await json(await member.fetch('/api/v1/billing/catalogue'))).plans[0];
  const p = await json(await member.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'plan', id: plan.id } }));
  await op.fetch(`/api/v1/billing/members/${p.memberId}/payments/${p.id}/record`, { method: 'POST', json: { method: 'cash' } });
  const room = (await json(await member.fetch('/api/v1/resources'))).items.find((r: { kind: string }) => r.kind === 'room');
  // A weekday a week or two ahead, in the space's opening hours.
  const d = new Date(Date.now() + 8 * 86400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  const date = d.toISOString().slice(0, 10);
  const item = { kind: 'booking', resourceKind: 'room', resourceId: room.id, minutes: 120, date };
  await member.fetch(`/api/v1/resources/${room.id}/availability?date=${date}`); // warms tenant and rules caches
  await member.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [item] } }); // warms the catalogue
  const quote = await s.count(() => member.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [item] } }));
  const book = await s.count(async () => {
    const r = await member.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: room.id, start: `${date}T10:00:00+01:00`, end: `${date}T12:00:00+01:00` } });
    if (r.status !== 201) throw new Error(`bench booking: ${r.status} ${await r.text()}`);
  });
  const rt = (name: string, r: { calls: number; byCommand: Record<string, number> }, target: number): BenchResult =>
    ({ name: `roundtrips.${name}`, value: r.calls, unit: `calls (${Object.entries(r.byCommand).map(([k, v]) => `${k.replace('Command', '')}×${v}`).join(', ')})`, target, better: 'lower' });
  return [
    { name: 'pricing.quotesPerSecond', value: runs[2]!, unit: 'quotes/s (4-item cart, plan + credits; median of 5)', target: 20_000, better: 'higher' },
    rt('billing.quote', quote, 1),
    rt('billing.bookWithPlan', book, 3),
  ];
}
