import { newId } from '@lieu/core';
import type { BookingRules, Resource, ResourceInput, Training } from '@lieu/core/booking';
import { bookingsRepo, tenantRealm, tenantsRepo, usersRepo, type Db } from '@lieu/db';

/** Demo resources, trainings and qualifications of the demo spaces. */
interface DemoResources {
  trainings: string[];
  resources: Array<Omit<ResourceInput, 'requiredTrainingIds' | 'active'> & { trainings?: string[] }>;
  /** email → names of the trainings the person holds, granted by `grantor` (an email). */
  qualified: Record<string, string[]>;
  grantor?: string;
}

const rules = (r: Partial<BookingRules> & Pick<BookingRules, 'slotMinutes' | 'minMinutes' | 'maxMinutes'>): BookingRules => ({
  bufferMinutes: 0, closures: [], maxDaysAhead: 60, cancelBeforeHours: 24, roles: ['member', 'operator', 'owner'], ...r,
});

const LASER = 'Découpe laser — bases';
const PRINT = 'Impression 3D 101';

export const DEMO_RESOURCES: Record<string, DemoResources> = {
  machinerie: {
    trainings: [LASER, PRINT],
    resources: [
      { kind: 'desk_area', name: 'Open-space', description: '20 postes en accès libre, écrans et café', location: 'Rez-de-chaussée', capacity: 20, priceCentsPerHour: 300, rules: rules({ slotMinutes: 30, minMinutes: 60, maxMinutes: 600, cancelBeforeHours: 2 }) },
      { kind: 'room', name: 'Salle Picardie', description: 'Réunion, écran 65", 8 personnes', location: '1er étage', capacity: 8, priceCentsPerHour: 2500, rules: rules({ slotMinutes: 30, minMinutes: 30, maxMinutes: 240, bufferMinutes: 15 }) },
      { kind: 'room', name: 'Salle Somme', description: 'Petite salle, 4 personnes', location: '1er étage', capacity: 4, priceCentsPerHour: 1500, rules: rules({ slotMinutes: 30, minMinutes: 30, maxMinutes: 240 }) },
      { kind: 'machine', name: 'Découpeuse laser', description: 'Trotec Speedy 300, 60 W', location: 'Fab Lab', capacity: 1, priceCentsPerHour: 1800, trainings: [LASER], rules: rules({ slotMinutes: 30, minMinutes: 30, maxMinutes: 180, bufferMinutes: 15, maxDaysAhead: 30 }) },
      { kind: 'machine', name: 'Imprimante 3D Prusa #1', description: 'Prusa MK4, PLA/PETG', location: 'Fab Lab', capacity: 1, priceCentsPerHour: 300, trainings: [PRINT], rules: rules({ slotMinutes: 60, minMinutes: 60, maxMinutes: 480 }) },
      { kind: 'machine', name: 'Imprimante 3D Prusa #2', description: 'Prusa MK4, PLA/PETG', location: 'Fab Lab', capacity: 1, priceCentsPerHour: 300, trainings: [PRINT], rules: rules({ slotMinutes: 60, minMinutes: 60, maxMinutes: 480 }) },
    ],
    qualified: { 'lea@machinerie.example': [LASER, PRINT], 'yanis@machinerie.example': [PRINT] },
    grantor: 'hugo@machinerie.example',
  },
  coloc: {
    trainings: [],
    resources: [
      { kind: 'desk_area', name: 'Plateau coworking', description: '12 postes', location: '2e étage', capacity: 12, priceCentsPerHour: 250, rules: rules({ slotMinutes: 30, minMinutes: 60, maxMinutes: 600, cancelBeforeHours: 2 }) },
      { kind: 'room', name: 'Salle de réunion', description: '6 personnes, visio', location: '2e étage', capacity: 6, priceCentsPerHour: 2000, rules: rules({ slotMinutes: 30, minMinutes: 30, maxMinutes: 240, bufferMinutes: 15 }) },
    ],
    qualified: {},
  },
};

/** Seeds a demo space's bookable things once: does nothing when the space already has resources. */
export async function seedBookings(db: Db, slug: string, now = new Date()): Promise<boolean> {
  const demo = DEMO_RESOURCES[slug];
  const tenantId = await tenantsRepo(db).idBySlug(slug);
  if (!demo || !tenantId) return false;
  const tenant = await tenantsRepo(db).get(tenantId);
  const repo = bookingsRepo(db, tenantId, tenant!.timeZone);
  if ((await repo.listResources()).length) return false;
  const trainings = new Map<string, Training>();
  for (const name of demo.trainings) {
    const t: Training = { id: newId(now.getTime()), name, createdAt: now.toISOString() };
    await repo.putTraining(t);
    trainings.set(name, t);
  }
  for (const { trainings: needs, ...r } of demo.resources) {
    const resource: Resource = {
      ...r, active: true, requiredTrainingIds: (needs ?? []).map((n) => trainings.get(n)!.id),
      id: newId(now.getTime()), createdAt: now.toISOString(), version: 1,
    };
    await repo.putResource(null, resource);
  }
  const users = usersRepo(db, tenantRealm(tenantId));
  const grantor = demo.grantor ? await users.getByEmail(demo.grantor) : null;
  for (const [email, names] of Object.entries(demo.qualified)) {
    const user = await users.getByEmail(email);
    for (const n of names) {
      const t = trainings.get(n)!;
      if (user) await repo.grantQualification(user.id, { trainingId: t.id, trainingName: t.name, grantedAt: now.toISOString(), grantedBy: grantor?.id ?? user.id });
    }
  }
  return true;
}
