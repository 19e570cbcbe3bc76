import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDateOf, mondayOf } from '@lieu/core/booking';
import { csvWriter } from '@lieu/core';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { seedHistory } from '../../packages/local/src/seedHistory';
import { runModules } from '../support/modules';

/**
 * The back office's figures (functions/reports): the dashboard in one call over the demo history
 * (12 weeks of bookings and desk payments at La Machinerie), its cost in DynamoDB round trips, who may
 * read it, and the accountant's shop sales file in both CSV conventions.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  expect(await seedHistory(env.db, testNow())).toBe(true);
}, 180_000);
afterAll(async () => { await env?.close(); });

const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
const json = async (res: Response) => (await res.json()) as any;

describe('dashboard', () => {
  it('shows 12 weeks of occupancy per resource and per kind, members, subscriptions and unpaid items, in a bounded number of Queries', async () => {
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    env.roundTrips.reset();
    const res = await op.fetch('/api/v1/reports/dashboard?weeks=12');
    const trips = { ...env.roundTrips.byCommand };
    expect(res.status).toBe(200);
    const d = await json(res);
    const today = localDateOf(testNow().getTime(), 'Europe/Paris');
    expect(d.today).toBe(today);
    expect(d.weeks).toHaveLength(12);
    expect(d.weeks[11]).toBe(mondayOf(today));
    expect(d.weeks[0]).toBe(addDays(mondayOf(today), -77));
    // Six resources, each with a weekly series; past weeks were busy, and later weeks busier than the first.
    expect(d.occupancy.resources).toHaveLength(6);
    const open = d.occupancy.resources.find((r: any) => r.name === 'Open-space');
    expect(open.weeklyBp).toHaveLength(12);
    expect(open.weeklyBp.slice(0, 11).every((bp: number) => bp > 0 && bp <= 10_000)).toBe(true);
    const kinds = Object.fromEntries(d.occupancy.kinds.map((k: any) => [k.kind, k]));
    expect(Object.keys(kinds).sort()).toEqual(['desk_area', 'machine', 'room']);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(sum(kinds.room.weeklyBp.slice(7, 11))).toBeGreaterThan(sum(kinds.room.weeklyBp.slice(0, 4)));
    // Five active people (created this week by the seed); Léa's Fab Lab plan is paid every 4 weeks from the first week.
    expect(d.members).toMatchObject({ now: 5 });
    expect(d.members.weekly[11]).toBe(5); // the demo people were created by the seed, this week
    expect(d.subscriptions.weekly[0]).toBeGreaterThanOrEqual(1);
    expect(d.subscriptions.now).toBeGreaterThanOrEqual(1);
    // Two passes reserved yesterday, to pay at the desk.
    expect(d.unpaid.count).toBe(2);
    expect(d.unpaid.totalCents).toBe(1500 + 12000);
    expect(d.unpaid.items.map((p: any) => p.label).sort()).toEqual(['Carte 10 jours', 'Pass journée']);
    expect(d.lowStock).toMatchObject({ threshold: 3, items: [] });
    // The session and tenant reads, then 6 Queries (the sixth: open Stripe alerts) + the calendar's GetItem + one
    // Query per resource's bookings (6): nothing per member, per payment or per week.
    expect(trips.QueryCommand).toBe(6 + 6);
    expect(trips.GetCommand ?? 0).toBeLessThanOrEqual(2);
    expect(trips.ScanCommand).toBeUndefined();
  });

  it("counts today's bookings and events, and low stock once a product runs out", async () => {
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    const lea = await as(hosts.machinerie, DEMO.machinerie.member);
    // A booking today-or-tomorrow is made by a member through the real route: pick the open-space tomorrow at 10:00.
    const resources = await json(await op.fetch('/api/v1/resources'));
    const shop = await json(await op.fetch('/api/v1/shop/products'));
    const earrings = (shop.items ?? shop).find((p: any) => p.title.startsWith("Boucles d'oreilles"));
    const sale = await op.fetch('/api/v1/shop/till', { method: 'POST', json: { lines: [{ productId: earrings.id, quantity: 4 }], method: 'cash' } });
    expect(sale.status).toBe(201);
    const d = await json(await op.fetch('/api/v1/reports/dashboard'));
    expect(d.lowStock.items).toEqual([{ id: earrings.id, title: earrings.title, stock: 2 }]);
    expect(Array.isArray(d.todayBookings)).toBe(true);
    expect(Array.isArray(d.todayEvents)).toBe(true);
    expect(resources.items?.length ?? resources.length).toBeGreaterThan(0);
    expect((await lea.fetch('/api/v1/reports/dashboard')).status).toBe(403);
  });

  it("is the space's own: La Coloc's operator sees La Coloc's two resources and none of La Machinerie's history", async () => {
    const op = await as(hosts.coloc, DEMO.coloc.operator);
    const d = await json(await op.fetch('/api/v1/reports/dashboard?weeks=4'));
    expect(d.weeks).toHaveLength(4);
    expect(d.occupancy.resources.map((r: any) => r.name).sort()).toEqual(['Plateau coworking', 'Salle de réunion']);
    expect(d.occupancy.resources.every((r: any) => r.weeklyBp.every((bp: number) => bp === 0))).toBe(true);
    expect(d.unpaid.count).toBe(0);
    // A Machinerie session on La Coloc's host is refused.
    const hugo = await as(hosts.machinerie, DEMO.machinerie.operator);
    const foreign = await new Browser(env.url, hosts.coloc).fetch('/api/v1/reports/dashboard', { headers: { cookie: hugo.cookie! } });
    expect([401, 403]).toContain(foreign.status);
  });

  it("reads no events or shop items for a space without those modules: La Coloc' (coworking only) gets no such figures, in fewer Queries", async () => {
    const op = await as(hosts.coloc, DEMO.coloc.operator);
    const measure = async () => {
      env.roundTrips.reset();
      const res = await op.fetch('/api/v1/reports/dashboard?weeks=4');
      expect(res.status).toBe(200);
      return { d: await json(res), queries: env.roundTrips.byCommand.QueryCommand ?? 0 };
    };
    const coworking = await measure();
    expect(coworking.d).not.toHaveProperty('todayEvents');
    expect(coworking.d).not.toHaveProperty('lowStock');
    // The two resources' bookings, the resources, members, payments and alerts: no events, no shop.
    expect(coworking.queries).toBe(4 + 2);
    // The same space running events and the shop reads them (and says so), one Query each.
    await runModules(env.url, hosts.coloc, DEMO.coloc.owner, ['coworking', 'events', 'shop']);
    try {
      const all = await measure();
      expect(all.d.todayEvents).toEqual([]);
      expect(all.d.lowStock).toMatchObject({ threshold: 3 });
      expect(all.queries).toBe(coworking.queries + 2);
    } finally {
      await runModules(env.url, hosts.coloc, DEMO.coloc.owner, ['coworking']);
    }
    // La Machinerie runs them all: its figures are there.
    const mach = await json(await (await as(hosts.machinerie, DEMO.machinerie.operator)).fetch('/api/v1/reports/dashboard?weeks=4'));
    expect(Array.isArray(mach.todayEvents)).toBe(true);
    expect(mach.lowStock).toMatchObject({ threshold: 3 });
  });

  it('refuses bad input with 400', async () => {
    const op = await as(hosts.machinerie, DEMO.machinerie.operator);
    for (const q of ['weeks=0', 'weeks=27', 'weeks=abc', 'weeks=1.5']) {
      const res = await op.fetch(`/api/v1/reports/dashboard?${q}`);
      expect(res.status, q).toBe(400);
      expect((await json(res)).error.code).toBeTruthy();
    }
  });
});

describe('shop sales CSV', () => {
  it('one row per line sold at the till, French conventions byte for byte (BOM, ";", decimal commas, dd/mm/yyyy)', async () => {
    const op = await as(hosts.machinerie, DEMO.machinerie.owner);
    const shop = await json(await op.fetch('/api/v1/shop/products'));
    const list = shop.items ?? shop;
    const soap = list.find((p: any) => p.title.startsWith('Savon'));
    const zine = list.find((p: any) => p.title.startsWith('Zine'));
    expect((await op.fetch('/api/v1/shop/till', { method: 'POST', json: { lines: [{ productId: soap.id, quantity: 2 }, { productId: zine.id, quantity: 1 }], method: 'card_terminal' } })).status).toBe(201);
    const today = localDateOf(testNow().getTime(), 'Europe/Paris');
    const res = await op.fetch(`/api/v1/reports/sales.csv?from=${today}&to=${today}&format=fr`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = text.split('\r\n');
    expect(rows[0]).toBe('Date;Commande;Canal;Client;Produit;Déposant;Quantité;Prix unitaire TTC;Montant TTC;Taux TVA;HT;TVA;Devise');
    const frDay = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
    expect(text).toContain(`;till;Camille Lefèvre;Savon à l'argile verte;Sophie Dubois;`);
    expect(rows.some((r) => r.startsWith(frDay) && r.endsWith(";2;6,50;13,00;20,00;10,83;2,17;EUR"))).toBe(true);
    expect(rows.some((r) => r.startsWith(frDay) && r.endsWith(';1;8,00;8,00;5,50;7,58;0,42;EUR'))).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);

    const intl = await (await op.fetch(`/api/v1/reports/sales.csv?from=${today}&to=${today}`)).text();
    expect(intl.startsWith('date,order,source')).toBe(true);
    expect(intl).toContain(`${today},`);
    expect(intl).toMatch(/,2,6\.50,13\.00,20\.00,10\.83,2\.17,EUR\r\n/);
    // Another day's range is empty (the header only).
    const empty = await (await op.fetch(`/api/v1/reports/sales.csv?from=2020-01-01&to=2020-01-31`)).text();
    expect(empty.split('\r\n').filter(Boolean)).toHaveLength(1);
    expect((await (await as(hosts.machinerie, DEMO.machinerie.member)).fetch(`/api/v1/reports/sales.csv?from=${today}&to=${today}`)).status).toBe(403);
    expect((await op.fetch('/api/v1/reports/sales.csv?from=2026-13-01&to=x')).status).toBe(400);
  });

  it('the shared writer quotes cells holding the separator, a quote or a line break', () => {
    expect(csvWriter('fr').write([['a;b', 'say "hi"', 'x\ny', 'plain']])).toBe('\uFEFF"a;b";"say ""hi""";"x\ny";plain\r\n');
    expect(csvWriter('intl').write([['a,b', 'a;b', 1234]])).toBe('"a,b",a;b,1234\r\n');
    expect(csvWriter('fr').money(-123456)).toBe('-1234,56');
    expect(csvWriter('fr').date('2026-03-29T01:30:00Z')).toBe('29/03/2026');
  });
});
