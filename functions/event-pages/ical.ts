import type { Tenant } from '@lieu/core';
import type { EventRecord } from '@lieu/core/events';
import ical from 'ical-generator';

/**
 * The space's public events as an iCalendar document (ical-generator). Instants are written in UTC,
 * which every calendar application shows in its own zone; the UID is stable per event.
 */
export function eventsCalendar(tenant: Tenant, events: EventRecord[], origin: string, now: Date): string {
  const cal = ical({ name: tenant.name, prodId: { company: 'Lieu', product: 'events', language: tenant.locale.toUpperCase() } });
  for (const e of events) {
    cal.createEvent({
      id: `${e.id}@${tenant.slug}.lieu`, start: new Date(e.start), end: new Date(e.end), stamp: now, summary: e.title,
      ...(e.description ? { description: e.description } : {}), ...(e.placeName ? { location: e.placeName } : {}),
      url: `${origin}/api/v1/public/events/${e.id}`, categories: e.tags.map((name) => ({ name })),
    });
  }
  return cal.toString();
}
