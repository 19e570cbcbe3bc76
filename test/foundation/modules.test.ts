import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
const ALL = ['coworking', 'machines', 'events', 'shop', 'till'];

/** Calls that belong to a module, as a member or staff of a space would make them. */
const SHOP_AND_EVENTS = [
  ['GET', '/api/v1/shop/products'], ['GET', '/api/v1/shop/orders/mine'],
  ['GET', '/api/v1/public/events'], ['GET', '/api/v1/calendars/events.ics'],
] as const;
const STAFF_ONLY_MODULES = [
  ['GET', '/api/v1/shop/orders'], ['GET', '/api/v1/shop/consignors'], ['GET', '/api/v1/shop/manage/products'],
  ['GET', '/api/v1/events'], ['GET', '/api/v1/trainings'], ['GET', '/api/v1/reports/sales.csv?from=2026-01-01&to=2026-01-31'],
] as const;

async function expectModuleOff(res: Response, what: string) {
  expect(res.status, what).toBe(404);
  const body = await res.json();
  expect(body.error, what).toMatchObject({ code: 'not_found', reason: 'module_disabled' });
}

describe('modules per space', () => {
  it('the public profile says what each space runs: La Coloc’ coworking only, La Machinerie everything', async () => {
    const coloc = await (await new Browser(env.url, hosts.coloc).fetch('/api/v1/tenant')).json();
    const machinerie = await (await new Browser(env.url, hosts.machinerie).fetch('/api/v1/tenant')).json();
    expect(coloc.modules).toEqual(['coworking']);
    expect(machinerie.modules).toEqual(ALL);
  });

  it('La Coloc’ answers 404 on shop, events and training routes and 200 on bookings; La Machinerie answers 200 on all of them', async () => {
    const [julie, karim, lea, hugo] = await Promise.all([
      as(hosts.coloc, DEMO.coloc.member), as(hosts.coloc, DEMO.coloc.operator),
      as(hosts.machinerie, DEMO.machinerie.member), as(hosts.machinerie, DEMO.machinerie.operator),
    ]);
    for (const [method, path] of SHOP_AND_EVENTS) {
      await expectModuleOff(await julie.fetch(path, { method }), `${method} ${path} on La Coloc'`);
      expect((await lea.fetch(path, { method })).status, `${method} ${path} on La Machinerie`).toBe(200);
    }
    for (const [method, path] of STAFF_ONLY_MODULES) {
      await expectModuleOff(await karim.fetch(path, { method }), `${method} ${path} on La Coloc'`);
      expect((await hugo.fetch(path, { method })).status, `${method} ${path} on La Machinerie`).toBe(200);
    }
    // Anonymous visitors and writes too: the route is absent, whoever asks.
    await expectModuleOff(await new Browser(env.url, hosts.coloc).fetch('/api/v1/shop/products'), 'anonymous catalogue');
    await expectModuleOff(await julie.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [] } }), 'POST order');
    await expectModuleOff(await karim.fetch('/api/v1/shop/till', { method: 'POST', json: {} }), 'POST till');
    // Coworking stays: resources, availability, the member's bookings, the staff calendar.
    for (const path of ['/api/v1/resources', '/api/v1/me/bookings']) expect((await julie.fetch(path)).status, path).toBe(200);
    expect((await karim.fetch('/api/v1/calendar?date=2026-01-05')).status).toBe(200);
    for (const path of ['/api/v1/resources', '/api/v1/me/bookings']) expect((await lea.fetch(path)).status, path).toBe(200);
  });

  it('the owner turns a module on and off in the settings; the routes follow at once; an operator may not change them', async () => {
    const [owner, karim, julie] = await Promise.all([as(hosts.coloc, DEMO.coloc.owner), as(hosts.coloc, DEMO.coloc.operator), as(hosts.coloc, DEMO.coloc.member)]);
    const refused = await karim.fetch('/api/v1/tenant', { method: 'PATCH', json: { modules: ['coworking', 'events'] } });
    expect(refused.status).toBe(403);
    expect((await julie.fetch('/api/v1/public/events')).status).toBe(404);

    const on = await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { modules: ['events', 'coworking'] } });
    expect(on.status).toBe(200);
    expect((await on.json()).modules).toEqual(['coworking', 'events']);
    expect((await (await new Browser(env.url, hosts.coloc).fetch('/api/v1/tenant')).json()).modules).toEqual(['coworking', 'events']);
    expect((await julie.fetch('/api/v1/public/events')).status).toBe(200);
    expect((await julie.fetch('/api/v1/shop/products')).status).toBe(404);
    const audit = await (await owner.fetch('/api/v1/audit')).json();
    expect(audit.items[0]).toMatchObject({ action: 'tenant.settings_updated', changes: { modules: { from: ['coworking'], to: ['coworking', 'events'] } } });

    expect((await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { modules: ['coworking'] } })).status).toBe(200);
    await expectModuleOff(await julie.fetch('/api/v1/public/events'), 'events off again');
    // Unknown or repeated modules are refused.
    for (const modules of [['coworking', 'coworking'], ['bar'], 'shop', []]) {
      expect((await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { modules } })).status, JSON.stringify(modules)).toBe(400);
    }
  });

  it('a space signs up with the modules it runs (all when it does not say)', async () => {
    const platform = new Browser(env.url, hosts.platform);
    const body = (slug: string, modules?: string[]) => ({
      name: `Espace ${slug}`, slug, legalForm: 'association', ...(modules ? { modules } : {}),
      owner: { name: 'Owner', email: `owner@${slug}.example`, password: 'a long enough password' },
    });
    const events = await platform.fetch('/api/v1/platform/signup', { method: 'POST', json: body('salle-des-fetes', ['events']) });
    expect(events.status).toBe(201);
    expect((await events.json()).tenant.modules).toEqual(['events']);
    const visitor = new Browser(env.url, 'salle-des-fetes.localhost');
    expect((await visitor.fetch('/api/v1/public/events')).status).toBe(200);
    await expectModuleOff(await visitor.fetch('/api/v1/shop/products'), 'shop of an events-only space');

    const all = await platform.fetch('/api/v1/platform/signup', { method: 'POST', json: body('tout-en-un') });
    expect((await all.json()).tenant.modules).toEqual(ALL);
    expect((await platform.fetch('/api/v1/platform/signup', { method: 'POST', json: body('mauvais-module', ['bar']) })).status).toBe(400);
  });

  it('the OpenAPI document names each route’s module and its 404', async () => {
    const doc = await (await new Browser(env.url, hosts.platform).fetch('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/shop/till'].post['x-lieu-module']).toEqual(['till']);
    expect(doc.paths['/api/v1/shop/till'].post.responses['404']).toBeDefined();
    expect(doc.paths['/api/v1/bookings'].post['x-lieu-module']).toEqual(['coworking', 'machines']);
    expect(doc.paths['/api/v1/members'].get['x-lieu-module']).toBeUndefined();
  });
});
