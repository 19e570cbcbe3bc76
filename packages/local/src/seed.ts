import { newId, type Tenant, type User } from '@lieu/core';
import { PLATFORM_REALM, tenantRealm, tenantsRepo, transact, usersRepo, type Db } from '@lieu/db';
import { hashPassword } from '@lieu/http';
import { seedBilling } from './seedBilling';
import { seedEvents } from './seedEvents';
import { seedBookings } from './seedBookings';
import { seedShop } from './seedShop';

export const DEMO_PASSWORD = 'lieu-demo-2026';
export const PLATFORM_ADMIN = { email: 'admin@lieu.localhost', name: 'Platform admin' };

export interface DemoPerson { email: string; name: string; role: User['role'] }
export interface DemoTenant { tenant: Omit<Tenant, 'id' | 'createdAt' | 'version' | 'status'>; people: DemoPerson[] }

export const DEMO_TENANTS: DemoTenant[] = [
  {
    tenant: {
      slug: 'machinerie', name: 'La Machinerie', timeZone: 'Europe/Paris', currency: 'EUR', locale: 'fr',
      vat: { mode: 'standard', rateBp: 2000 }, legalForm: 'association',
      branding: { logoUrl: null, primaryColor: '#c0392b', accentColor: '#2c3e50', tagline: 'Coworking, Fab Lab et CoBoutique à Amiens' },
      address: { line1: '12 rue Dijon', postalCode: '80000', city: 'Amiens', country: 'FR' },
      openingHours: {
        mon: [{ open: '09:00', close: '19:00' }], tue: [{ open: '09:00', close: '19:00' }], wed: [{ open: '09:00', close: '21:00' }],
        thu: [{ open: '09:00', close: '19:00' }], fri: [{ open: '09:00', close: '19:00' }], sat: [{ open: '10:00', close: '17:00' }],
      },
    },
    people: [
      { email: 'camille@machinerie.example', name: 'Camille Lefèvre', role: 'owner' },
      { email: 'hugo@machinerie.example', name: 'Hugo Fab-manager', role: 'operator' },
      { email: 'lea@machinerie.example', name: 'Léa Martin', role: 'member' },
      { email: 'yanis@machinerie.example', name: 'Yanis Benali', role: 'member' },
      { email: 'sophie@machinerie.example', name: 'Sophie Dubois', role: 'member' },
    ],
  },
  {
    tenant: {
      slug: 'coloc', name: "La Coloc'", timeZone: 'Europe/Paris', currency: 'EUR', locale: 'fr',
      vat: { mode: 'standard', rateBp: 2000 }, legalForm: 'public_body',
      branding: { logoUrl: null, primaryColor: '#0b7a75', accentColor: '#f4a259', tagline: "L'espace de coworking de la CCI, au cœur d'Amiens" },
      // Coworking only: no machines, events, shop nor till in its pages or its API.
      modules: ['coworking'],
      address: { line1: '6 boulevard de Belfort', postalCode: '80000', city: 'Amiens', country: 'FR' },
      openingHours: {
        mon: [{ open: '08:30', close: '18:30' }], tue: [{ open: '08:30', close: '18:30' }], wed: [{ open: '08:30', close: '18:30' }],
        thu: [{ open: '08:30', close: '18:30' }], fri: [{ open: '08:30', close: '18:30' }],
      },
    },
    people: [
      { email: 'direction@coloc.example', name: 'Nathalie Roux', role: 'owner' },
      { email: 'accueil@coloc.example', name: 'Karim Accueil', role: 'operator' },
      { email: 'julie@coloc.example', name: 'Julie Moreau', role: 'member' },
      { email: 'thomas@coloc.example', name: 'Thomas Petit', role: 'member' },
    ],
  },
];

/** Seeds the demo tenants and a platform admin; does nothing for what already exists (safe on every start). */
export async function seedDemo(db: Db, now = new Date()): Promise<{ created: string[] }> {
  const created: string[] = [];
  const hash = await hashPassword(DEMO_PASSWORD);
  const tenants = tenantsRepo(db);
  for (const demo of DEMO_TENANTS) {
    if (await tenants.idBySlug(demo.tenant.slug)) continue;
    const id = newId(now.getTime());
    const tenant: Tenant = { ...demo.tenant, id, status: 'active', createdAt: now.toISOString(), version: 1 };
    const mk = (p: DemoPerson): User => ({
      id: newId(now.getTime()), tenantId: id, email: p.email, name: p.name, role: p.role, status: 'active',
      passwordHash: hash, createdAt: now.toISOString(), version: 1,
    });
    const [owner, ...others] = demo.people.map(mk);
    await transact(db, tenants.createItems(tenant, owner!), () => new Error(`seed: ${demo.tenant.slug} exists`));
    const users = usersRepo(db, tenantRealm(id));
    for (const u of others) await users.create(u);
    created.push(demo.tenant.slug);
  }
  for (const demo of DEMO_TENANTS) await seedBookings(db, demo.tenant.slug, now);
  for (const demo of DEMO_TENANTS) await seedBilling(db, demo.tenant.slug, now);
  for (const demo of DEMO_TENANTS) await seedEvents(db, demo.tenant.slug, now);
  for (const demo of DEMO_TENANTS) await seedShop(db, demo.tenant.slug, now);
  const admins = usersRepo(db, PLATFORM_REALM);
  if (!(await admins.getByEmail(PLATFORM_ADMIN.email))) {
    await admins.create({
      id: newId(now.getTime()), tenantId: 'platform', email: PLATFORM_ADMIN.email, name: PLATFORM_ADMIN.name,
      role: 'owner', status: 'active', passwordHash: hash, createdAt: now.toISOString(), version: 1,
    });
  }
  return { created };
}
