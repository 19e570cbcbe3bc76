import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/**
 * The public offer a prospect reads before joining (the logged-out home, the embeddable widget):
 * the bookable resources with the price the pricing function charges, readable from another
 * website (CORS `*` on the public reads only, never on a signed-in route), and absent where the
 * space books nothing.
 */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });
const json = async (res: Response) => (await res.json()) as any;

describe('public offer', () => {
  it('lists the active resources with their prices per category; an hour costs what the quote charges a visitor', async () => {
    const visitor = new Browser(env.url, hosts.machinerie);
    const res = await visitor.fetch('/api/v1/offer/resources');
    expect(res.status).toBe(200);
    const offer = await json(res);
    expect(offer.currency).toBe('EUR');
    expect(offer.items.length).toBeGreaterThan(2);
    const machine = offer.items.find((r: any) => r.kind === 'machine');
    expect(machine.trainingRequired).toBe(true);
    for (const r of offer.items) {
      const q = await json(await visitor.fetch('/api/v1/billing/quote', { method: 'POST', json: { items: [{ kind: 'booking', resourceKind: r.kind, resourceId: r.id, minutes: 60 }] } }));
      expect(q.grossCents, r.name).toBe(r.prices.standard.hourCents);
    }
    // What staff archived is not offered.
    const staff = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const all = (await json(await staff.fetch('/api/v1/resources'))).items;
    const archived = all.filter((r: any) => !r.active).map((r: any) => r.id);
    for (const id of archived) expect(offer.items.map((r: any) => r.id)).not.toContain(id);
  });

  it('answers CORS * on the embeddable public reads, never on signed-in routes', async () => {
    const visitor = new Browser(env.url, hosts.machinerie);
    for (const path of ['/api/v1/tenant', '/api/v1/offer/resources', '/api/v1/public/events', '/api/v1/shop/products', '/api/v1/billing/catalogue']) {
      const res = await visitor.fetch(path, { headers: { origin: 'https://www.la-machinerie.example' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const member = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    for (const path of ['/api/v1/me', '/api/v1/resources', '/api/v1/me/bookings']) {
      const res = await member.fetch(path, { headers: { origin: 'https://www.la-machinerie.example' } });
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });

  it("La Coloc' offers its desks and rooms, with no machine and no training", async () => {
    const offer = await json(await new Browser(env.url, hosts.coloc).fetch('/api/v1/offer/resources'));
    expect(offer.items.length).toBeGreaterThan(0);
    expect(offer.items.every((r: any) => r.kind !== 'machine' && !r.trainingRequired)).toBe(true);
  });
});
