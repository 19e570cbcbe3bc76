import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing } from '@lieu/api';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { seedHistory } from '../../packages/local/src/seedHistory';

/**
 * A member's membership (plan and renewal, dues paid until, price category) has one home, the billing
 * profile, which every paid payment updates in its own transaction: the billing page and the staff
 * member list read it, so they agree with the payments. Every paid payment links its receipt.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  expect(await seedHistory(env.db, testNow())).toBe(true);
}, 240_000);
afterAll(async () => { await env?.close(); });

const json = async (res: Response) => (await res.json()) as any;

describe('membership state agrees with the payments', () => {
  it("Léa paid the Fab Lab plan and the annual dues: her billing page shows the plan, the dues and the adhérent rate, and the staff list agrees", async () => {
    const lea = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const page = await lea.api.call(billing.myBilling);
    const paid = page.payments.filter((p) => p.status === 'paid');
    const lastPlan = paid.find((p) => p.item.kind === 'plan');
    const dues = paid.find((p) => p.item.kind === 'dues');
    expect(lastPlan && dues).toBeTruthy();
    expect(page.plan).toMatchObject({ name: lastPlan!.item.label, status: 'active' });
    expect(page.profile.category).toBe('adherent');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(testNow());
    expect(page.profile.duesValidUntil! >= today).toBe(true);

    // Every paid payment links its printable receipt, and the link opens it.
    for (const p of paid) expect(p.receiptUrl).toBe(`/api/v1/billing/receipts/${p.receiptNumber}`);
    expect((await lea.fetch(paid[0]!.receiptUrl!)).status).toBe(200);

    const op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const planId = lastPlan!.item.refId;
    const listed = await json(await op.fetch(`/api/v1/members?planId=${planId}&limit=100`));
    const row = listed.items.find((m: { id: string }) => m.id === lastPlan!.memberId);
    expect(row).toMatchObject({ category: 'adherent', plan: expect.objectContaining({ name: lastPlan!.item.label }) });
  });
});
