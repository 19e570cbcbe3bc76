import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { describe, expect, it } from 'vitest';
import { icsFeed } from '../../functions/feeds/ical';

describe('the iCalendar writer of the feeds', () => {
  it('escapes text and folds long lines so that two parsers read back exactly what was written, instants in UTC', () => {
    const summary = 'Découpeuse laser; atelier, « réservé »\nligne 2 \\ fin — ' + 'é'.repeat(80);
    const ics = icsFeed('Mes réservations, La Machinerie', 'Europe/Paris', [
      // 02:30 summer time to 02:30 winter time: the same wall clock twice, an hour apart.
      { id: 'b1@machinerie.lieu', start: '2026-10-25T00:30:00.000Z', end: '2026-10-25T01:30:00.000Z', summary, description: 'Confirmée' },
    ], new Date('2026-10-01T00:00:00Z'));
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const cal = new ICAL.Component(ICAL.parse(ics));
    const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe(summary);
    expect([event.startDate.toJSDate().toISOString(), event.endDate.toJSDate().toISOString()]).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
    const other = Object.values(nodeIcal.sync.parseICS(ics)).find((c) => c?.type === 'VEVENT') as { start: Date; end: Date; summary: string };
    expect([other.start.toISOString(), other.end.toISOString(), other.summary]).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', summary]);
    expect(ics).not.toMatch(/VTIMEZONE/);
  });
});
