import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { countRoundTrips, createDb, ensureTable } from '@lieu/db';
import { DEFAULT_LIMITS } from '@lieu/http';
import { createLocalApp } from '../../packages/local/src/server';
import { seedDemo } from '../../packages/local/src/seed';
import { Browser, DEMO, hosts } from '../support/http';
import type { BenchServer } from './roundTrips';
import type { BenchResult } from './types';
import { measureCapacity } from './capacity';

/**
 * The CoBoutique: DynamoDB round trips and consumed capacity of placing a 3-line order
 * (target: the shop's Query and one BatchGetItem (buyer, Stripe settings) issued together, then one TransactWriteItems). Its own app on its own table so that every
 * command can ask for its consumed capacity (`ReturnConsumedCapacity: TOTAL`, summed from responses).
 */
export async function benchShop(_server: BenchServer, endpoint: string): Promise<BenchResult[]> {
  const db = createDb({ tableName: `bench_shop_${randomBytes(4).toString('hex')}`, endpoint, region: 'local' });
  await ensureTable(db);
  await seedDemo(db);
  const counter = countRoundTrips(db);
  const capacity = measureCapacity(db);
  const { app } = createLocalApp({
    db, jwtSecret: randomBytes(32), platformDomain: 'localhost', clock: () => new Date(), secureCookies: false,
    tenantCacheMs: 60_000, devMode: false, limits: { ...DEFAULT_LIMITS, loginsPerIp: 1e6, loginsPerEmail: 1e6 },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)); });
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const buyer = await new Browser(url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password);
    const products = (await (await buyer.fetch('/api/v1/shop/products')).json() as { items: { id: string }[] }).items.slice(0, 3);
    const lines = products.map((p) => ({ productId: p.id, quantity: 1 }));
    const runs: { calls: number; byCommand: Record<string, number>; rcu: number; wcu: number }[] = [];
    for (let i = 0; i < 5; i++) {
      counter.reset(); capacity.reset();
      const res = await buyer.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines } });
      if (res.status !== 201) throw new Error(`shop bench: order answered ${res.status} ${await res.text()}`);
      runs.push({ calls: counter.calls, byCommand: { ...counter.byCommand }, rcu: capacity.read, wcu: capacity.write });
    }
    const last = runs[runs.length - 1]!;
    const by = Object.entries(last.byCommand).map(([k, v]) => `${k.replace('Command', '')}×${v}`).join(', ');
    return [
      { name: 'shop.order_3_lines.roundtrips', value: last.calls, unit: `calls (${by})`, target: 3, better: 'lower' },
      { name: 'shop.order_3_lines.transactions', value: last.byCommand.TransactWriteItemsCommand ?? 0, unit: 'TransactWriteItems', target: 1, better: 'lower' },
      { name: 'shop.order_3_lines.read_capacity', value: last.rcu, unit: 'RCU consumed', target: null, better: 'lower' },
      { name: 'shop.order_3_lines.write_capacity', value: last.wcu, unit: 'WCU consumed (7 transactional writes)', target: null, better: 'lower' },
    ];
  } finally {
    await new Promise((r) => server.close(r));
    db.raw.destroy();
  }
}
