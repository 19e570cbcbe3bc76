/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { billing } from '@lieu/api';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { memberBillingRepo } from '@lieu/db';
import { Browser as HttpSession, DEMO, hosts } from '../support/http';
import { at, screenshot, seriousViolations, useBrowserEnv } from './browser';

/**
 * The member's billing page on La Machinerie (no Stripe): a pass bought, paid at the desk, its credit and
 * receipt; Stripe invoices of a subscription (as the webhooks store them) and a partial refund.
 */
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

  it('my subscription invoices are listed (number, amount, status, Stripe page and PDF) and a partial refund shows on its payment', async () => {
    const lea = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const me = (await (await lea.fetch('/api/v1/auth/me')).json()).user as { id: string };
    const tenantId = (await (await lea.fetch('/api/v1/tenant')).json()).id as string;
    // Two invoices as invoice.paid / invoice.payment_failed store them (this space has no Stripe here).
    const repo = memberBillingRepo(s.env.db, tenantId);
    const invoice = (id: string, number: string, status: 'paid' | 'payment_failed', day: string) => repo.invoicePut(me.id, {
      id, number, amountCents: 3000, currency: 'EUR', status, hostedInvoiceUrl: `https://invoice.stripe.test/${id}`, pdfUrl: `https://invoice.stripe.test/${id}.pdf`,
      createdAt: `${day}T09:00:00.000Z`, stripeEventAt: 1,
    }).Put;
    await s.env.db.doc.send(new PutCommand(invoice('in_e2e_1', 'MACH-0001', 'paid', '2026-10-01')));
    await s.env.db.doc.send(new PutCommand(invoice('in_e2e_2', 'MACH-0002', 'payment_failed', '2026-11-01')));
    // A pass paid in cash, half of it given back at the desk (a credit note).
    const desk = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const pass = (await lea.api.call(billing.getCatalogue)).passes.find((p) => p.name === 'Carte 10 jours')!;
    const bought = await (await lea.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: 'pass', id: pass.id } })).json();
    expect((await desk.fetch(`/api/v1/billing/members/${me.id}/payments/${bought.id}/record`, { method: 'POST', json: { method: 'cash' } })).status).toBe(200);
    expect((await desk.fetch(`/api/v1/billing/members/${me.id}/payments/${bought.id}/refund`, { method: 'POST', json: { method: 'cash', amountCents: 6000 } })).status).toBe(200);

    const ctx = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(at(s.env.url, hosts.machinerie, '/login'));
    await page.getByLabel('Email').fill(DEMO.machinerie.member);
    await page.getByLabel('Mot de passe').fill(DEMO.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();
    await page.goto(at(s.env.url, hosts.machinerie, '/billing'));
    const section = page.getByRole('region', { name: 'Mes factures d’abonnement' });
    await section.waitFor();
    const items = section.locator('li');
    expect(await items.count()).toBe(2);
    await items.first().getByText('Facture MACH-0002').waitFor(); // newest first
    await items.first().getByText('Paiement refusé').waitFor();
    await items.nth(1).getByText('Payée', { exact: true }).waitFor();
    expect(await section.getByRole('link', { name: 'Voir la facture MACH-0001' }).getAttribute('href')).toBe('https://invoice.stripe.test/in_e2e_1');
    expect(await section.getByRole('link', { name: 'PDF de la facture MACH-0002' }).getAttribute('href')).toBe('https://invoice.stripe.test/in_e2e_2.pdf');
    await page.locator('li.payment', { hasText: 'Carte 10 jours' }).getByText(/60,00\s€ remboursé/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'billing-03-invoices-refund-390px');
    await ctx.close();
  }, 90_000);
});
