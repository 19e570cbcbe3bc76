/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { billing } from '@lieu/api';
import { Browser as HttpSession, DEMO, hosts } from '../support/http';
import { at, screenshot, seriousViolations, useBrowserEnv } from './browser';

/** The member's billing page on La Machinerie (no Stripe): a pass bought, paid at the desk, its credit and receipt. */
const s = useBrowserEnv();

describe('the billing page in the portal', () => {
  it('a member buys a day pass to pay at the desk; once the desk records it, the credit and the receipt show', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(at(s.env.url, hosts.machinerie, '/login'));
    await page.getByLabel('Email').fill(DEMO.machinerie.member);
    await page.getByLabel('Mot de passe').fill(DEMO.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Mon compte' }).click();
    await page.getByRole('link', { name: 'Abonnement et paiements' }).click();
    await page.getByRole('heading', { name: 'Abonnement et paiements', level: 1 }).waitFor();
    await page.getByText('Aucune formule en cours').waitFor();
    await page.getByText('Aucun crédit en cours.').waitFor();
    await page.getByText('Tarif : standard').waitFor();
    // The catalogue, with prices in the space's currency and words.
    await page.getByText('1 jour · Espace de coworking (places) · valable 30 jours').waitFor();
    await page.getByText('Fab Lab mensuel — 30,00 € par mois').waitFor();

    await page.getByRole('button', { name: 'Acheter : Pass journée' }).click();
    await page.getByRole('status').getByText('Pass journée : 15,00 €, à payer à l’accueil.').waitFor();
    const payment = page.locator('li.payment', { hasText: 'Pass journée' });
    await payment.getByText('À payer', { exact: true }).waitFor();
    await payment.getByText(/· à l’accueil/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'billing-01-pass-reserved');

    // The desk records the payment (card terminal): a numbered receipt, the credit is granted.
    const desk = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const pending = (await desk.api.call(billing.listPayments, { query: { limit: 10 } } as never)).items.find((p) => p.item.label === 'Pass journée' && p.status === 'pending');
    expect(pending).toBeDefined();
    const { receipt } = await desk.api.call(billing.recordPayment, { params: { memberId: pending!.memberId, paymentId: pending!.id }, body: { method: 'card_terminal' } } as never);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('li.credit', { hasText: 'Pass journée' }).getByText('1 jour restant(s) · Espace de coworking (places) · jusqu’au').waitFor();
    await payment.getByText('Payé', { exact: true }).waitFor();
    const link = payment.getByRole('link', { name: `Reçu ${receipt.number}` });
    // The receipt opens as a printable page for its member (fetched in the page, with its session).
    const href = (await link.getAttribute('href'))!;
    const opened = await page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, text: await r.text() }; }, href);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain(receipt.number);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'billing-02-paid-credit-390px');
    await ctx.close();
  }, 60_000);
});
