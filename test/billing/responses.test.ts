import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/** Payments, receipts and profiles leave the server with their declared fields only: no stored `effect`, `version` or Stripe ids. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

const json = async (res: Response) => (await res.json()) as any;
const INTERNAL = ['effect', 'version', 'releasedAt', 'refundId', 'creditNoteNumbers', 'stripeRefunds', 'takenBackAt'];
const noInternal = (payment: Record<string, unknown>) => {
  for (const k of INTERNAL) expect(payment, k).not.toHaveProperty(k);
  expect(Object.keys(payment.stripe ?? {})).not.toContain('paymentIntentId');
};

describe('billing responses carry only what they declare', () => {
  it('purchase, record, refund, the payments list, the billing page and the category change', async () => {
    const julie = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.member, DEMO.password);
    const op = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password);
    const pass = (await julie.api.call(billing.getCatalogue)).passes[0]!;
    const bought = await julie.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } });
    expect(bought.status, await bought.clone().text()).toBe(201);
    const p = await json(bought);
    noInternal(p);
    const recorded = await json(await op.fetch(`/api/v1/billing/members/${p.memberId}/payments/${p.id}/record`, { method: 'POST', json: { method: 'cash' } }));
    noInternal(recorded.payment);
    expect(recorded.payment.receiptUrl).toBe(`/api/v1/billing/receipts/${recorded.receipt.number}`);
    const refunded = await json(await op.fetch(`/api/v1/billing/members/${p.memberId}/payments/${p.id}/refund`, { method: 'POST', json: { method: 'cash', amountCents: 100 } }));
    noInternal(refunded.payment);
    expect(refunded.payment.creditNotes).toEqual([{ number: refunded.receipt.number, url: `/api/v1/billing/receipts/${refunded.receipt.number}` }]);
    const list = await json(await op.fetch('/api/v1/billing/payments?limit=10'));
    for (const item of list.items) noInternal(item);
    const page = await json(await julie.fetch('/api/v1/billing/me'));
    expect(page.profile).not.toHaveProperty('version');
    for (const item of page.payments) noInternal(item);
    expect(page.payments[0].creditNotes).toHaveLength(1);
    const profile = await json(await op.fetch(`/api/v1/billing/members/${p.memberId}/category`, { method: 'PUT', json: { category: 'student' } }));
    expect(profile).toMatchObject({ category: 'student' });
    expect(profile).not.toHaveProperty('version');
  });
});
