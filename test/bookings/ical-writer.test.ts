import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { icsFeed } from '../../functions/feeds/ical';

describe('the iCalendar writer of the feeds', () => {
  it('escapes text and folds long lines so that a real parser reads back exactly what was written', () => {
    const summary = 'Découpeuse laser; atelier, « réservé »\nligne 2 \\ fin — ' + 'é'.repeat(80);
    const ics = icsFeed('Mes réservations, La Machinerie', 'Europe/Paris', [
      { id: 'b1@machinerie.lieu', start: '2026-10-25T00:30:00.000Z', end: '2026-10-25T01:30:00.000Z', summary, description: 'confirmed' },
    ], new Date('2026-10-01T00:00:00Z'));
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const cal = new ICAL.Component(ICAL.parse(ics));
    const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe(summary);
    expect(event.startDate.toString()).toBe('2026-10-25T02:30:00'); // local wall clock with its TZID (instants: dst-ical.test.ts)
    expect(cal.getFirstSubcomponent('vevent')!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Paris');
  });
});
