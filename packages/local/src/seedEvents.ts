import { newId } from '@lieu/core';
import { addDays, localDateOf, zonedInstant } from '@lieu/core/booking';
import { bookingsRepo, eventsRepo, tenantsRepo, transact, usersRepo, tenantRealm, type Db, type EventRecord } from '@lieu/db';
import { placeBooking } from '@lieu/app/events';

/** Demo events of the demo spaces: a "café pédagogique" series and a laser training session. */
interface DemoEvent {
  title: string;
  description: string;
  /** Days from the next occurrence of `weekday` (0 = Sunday). */
  weekday: number;
  from: string;
  to: string;
  place?: string;
  training?: string;
  capacity: number;
  audience: EventRecord['audience'];
  price: EventRecord['price'];
  tags: string[];
  weeks: number;
}

const DEMO_EVENTS: Record<string, { staff: string; events: DemoEvent[] }> = {
  machinerie: {
    staff: 'hugo@machinerie.example',
    events: [
      {
        title: 'Café pédagogique', description: 'Un jeudi sur deux, on parle pédagogie et outils numériques autour d’un café. Ouvert à tous.',
        weekday: 4, from: '18:00', to: '19:30', place: 'Salle Picardie', capacity: 8, audience: 'public', price: { cents: 0 }, tags: ['café', 'pédagogie'], weeks: 4,
      },
      {
        title: 'Formation découpe laser', description: 'Les bases de la Trotec : sécurité, réglages, premier projet. Donne l’habilitation laser.',
        // No `place`: the demo laser keeps an empty calendar (tests count every booking of it); the session uses the Fab Lab floor.
        weekday: 6, from: '10:00', to: '12:00', training: 'Découpe laser — bases', capacity: 4, audience: 'members',
        price: { cents: 3000, categoryCents: { adherent: 1500, student: 1000 } }, tags: ['formation', 'laser'], weeks: 1,
      },
    ],
  },
  // La Coloc' does not run events: its breakfast waits for the day it turns them on (and gives the
  // isolation proofs a foreign event).
  coloc: {
    staff: 'accueil@coloc.example',
    events: [
      {
        title: 'Petit-déjeuner des coworkers', description: 'Croissants et présentations : qui fait quoi à La Coloc’.',
        weekday: 2, from: '09:00', to: '10:00', capacity: 20, audience: 'public', price: { cents: 0 }, tags: ['communauté'], weeks: 1,
      },
    ],
  },
};

/** The next `weekday` (0 = Sunday) strictly after `date`. */
function nextWeekday(date: string, weekday: number): string {
  let d = addDays(date, 1);
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== weekday) d = addDays(d, 1);
  return d;
}

/**
 * Seeds a demo space's events once (nothing when it already has events), each with its room booked
 * through the booking engine in the event's transaction, as the events area does.
 */
export async function seedEvents(db: Db, slug: string, now = new Date()): Promise<boolean> {
  const demo = DEMO_EVENTS[slug];
  const tenantId = await tenantsRepo(db).idBySlug(slug);
  if (!demo || !tenantId) return false;
  const tenant = (await tenantsRepo(db).get(tenantId))!;
  const events = eventsRepo(db, tenantId);
  if ((await events.list('0', '9999-12-31', 1)).items.length) return false;
  const rooms = bookingsRepo(db, tenantId, tenant.timeZone);
  const [resources, trainings, staff] = await Promise.all([
    rooms.listResources(), rooms.listTrainings(), usersRepo(db, tenantRealm(tenantId)).getByEmail(demo.staff),
  ]);
  if (!staff) return false;
  const by = { id: staff.id, name: staff.name };
  for (const d of demo.events) {
    const place = d.place ? resources.find((r) => r.name === d.place) : undefined;
    const training = d.training ? trainings.find((t) => t.name === d.training) : undefined;
    const first = nextWeekday(localDateOf(now.getTime(), tenant.timeZone), d.weekday);
    const seriesId = d.weeks > 1 ? newId(now.getTime()) : undefined;
    for (let w = 0; w < d.weeks; w++) {
      const day = addDays(first, 7 * w);
      const e: EventRecord = {
        id: newId(now.getTime()), title: d.title, description: d.description,
        start: new Date(zonedInstant(day, d.from, tenant.timeZone)).toISOString(), end: new Date(zonedInstant(day, d.to, tenant.timeZone)).toISOString(),
        ...(place ? { placeId: place.id, placeName: place.name } : {}), capacity: d.capacity, audience: d.audience, price: d.price, tags: d.tags,
        published: true, cancelBeforeHours: 24, ...(training ? { trainingId: training.id, trainingName: training.name } : {}),
        ...(seriesId ? { seriesId } : {}), status: 'active', registered: 0, createdAt: now.toISOString(), createdBy: by.id, version: 1,
      };
      try {
        await transact(db, [events.createItem(e), ...(place ? rooms.createItems(placeBooking(tenant, e, place, by), 1, now) : [])], () => new Error('taken'));
      } catch (err) {
        if ((err as Error).message !== 'taken') throw err; // a demo booking already holds the room then: skip that date
      }
    }
  }
  return true;
}
