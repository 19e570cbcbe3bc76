import { newId, type Dues, type Pass, type Plan, type Rate } from '@lieu/core';
import { catalogueRepo, tenantsRepo, type Db } from '@lieu/db';

/** Demo catalogues: La Machinerie's adhésion, rates by category, plans and passes; La Coloc's unlimited coworking. */
type Demo = { rates: Omit<Rate, 'id'>[]; plans: Omit<Plan, 'id'>[]; passes: Omit<Pass, 'id'>[]; dues: Omit<Dues, 'id'>[] };

export const DEMO_CATALOGUES: Record<string, Demo> = {
  machinerie: {
    dues: [{ name: 'Adhésion annuelle', priceCents: 2000, interval: 'year', grantsCategory: 'adherent', requiredForAll: false, active: true }],
    rates: [
      {
        name: 'Open-space', resourceKind: 'desk_area',
        prices: { standard: { hourCents: 300, dayCents: 1500 }, adherent: { hourCents: 200, dayCents: 1000 }, student: { hourCents: 150, dayCents: 800 }, job_seeker: { hourCents: 150, dayCents: 800 }, social: { hourCents: 0, dayCents: 0 } },
      },
      {
        name: 'Salles de réunion', resourceKind: 'room',
        prices: { standard: { hourCents: 2500, halfDayCents: 8000, dayCents: 14000 }, adherent: { hourCents: 2000, halfDayCents: 6500, dayCents: 11000 }, social: { hourCents: 0 } },
      },
      {
        name: 'Machines du Fab Lab', resourceKind: 'machine',
        prices: { standard: { hourCents: 1800 }, adherent: { hourCents: 1000 }, student: { hourCents: 900 }, job_seeker: { hourCents: 900 }, social: { hourCents: 0 } },
      },
    ],
    plans: [
      {
        name: 'Fab Lab mensuel', interval: 'month', priceCents: 3000, requiresDues: true, active: true,
        description: '-25 % sur les machines et 4 h de salle de réunion par mois',
        entitlements: [{ kind: 'discount', resourceKinds: ['machine'], percentBp: 2500 }, { kind: 'quota', resourceKind: 'room', amount: 240, unit: 'minute' }],
      },
      {
        name: 'Temps partiel 10 jours/mois', interval: 'month', priceCents: 12000, active: true,
        entitlements: [{ kind: 'quota', resourceKind: 'desk_area', amount: 10, unit: 'day' }],
      },
    ],
    passes: [
      { name: 'Pass journée', priceCents: 1500, amount: 1, unit: 'day', resourceKinds: ['desk_area'], validityDays: 30, active: true },
      { name: 'Carte 10 jours', priceCents: 12000, amount: 10, unit: 'day', resourceKinds: ['desk_area'], validityDays: 365, active: true },
      { name: '5 h de découpe laser', priceCents: 7500, amount: 300, unit: 'minute', resourceKinds: ['machine'], validityDays: 180, active: true },
    ],
  },
  coloc: {
    dues: [],
    rates: [
      { name: 'Plateau coworking', resourceKind: 'desk_area', prices: { standard: { hourCents: 250, dayCents: 2000 } } },
      { name: 'Salle de réunion', resourceKind: 'room', prices: { standard: { hourCents: 2000, halfDayCents: 6000, dayCents: 10000 } } },
    ],
    plans: [{
      name: 'Coworking illimité', interval: 'month', priceCents: 15000, active: true, description: 'Poste en accès libre et 4 h de salle par mois',
      entitlements: [{ kind: 'included', resourceKinds: ['desk_area', 'desk'] }, { kind: 'quota', resourceKind: 'room', amount: 240, unit: 'minute' }],
    }],
    passes: [{ name: 'Pass journée', priceCents: 2000, amount: 1, unit: 'day', resourceKinds: ['desk_area'], validityDays: 30, active: true }],
  },
};

/** Seeds a demo space's catalogue once (does nothing when it already has one). */
export async function seedBilling(db: Db, slug: string, now: Date): Promise<void> {
  const demo = DEMO_CATALOGUES[slug];
  const tenantId = await tenantsRepo(db).idBySlug(slug);
  if (!demo || !tenantId) return;
  const repo = catalogueRepo(db, tenantId);
  const existing = await repo.load();
  if (existing.rates.length + existing.plans.length + existing.passes.length + existing.dues.length > 0) return;
  const id = () => newId(now.getTime());
  for (const r of demo.rates) await repo.put('rate', { ...r, id: id() }, 'create');
  for (const p of demo.plans) await repo.put('plan', { ...p, id: id() }, 'create');
  for (const p of demo.passes) await repo.put('pass', { ...p, id: id() }, 'create');
  for (const d of demo.dues) await repo.put('dues', { ...d, id: id() }, 'create');
}
