/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { Browser as HttpSession, DEMO, hosts } from '../support/http';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv, testNow } from './browser';

/**
 * The back office's shop in real Chromium, on La Machinerie's demo shop: Léa consigns the
 * notebooks (her own 25 % commission), Sophie the soaps (the shop's default 30 %), the space's VAT is 20 %.
 */
const s = useBrowserEnv();

/** A row's cells as read on screen, with Intl's no-break spaces made plain. */
const cells = async (row: Locator) => (await row.locator('th, td').allInnerTexts()).map((x) => x.replace(/\s+/g, ' ').trim());
const json = async (res: Response) => (await res.json()) as any;

async function openTab(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Gestion de l’espace' }).getByRole('link', { name, exact: true }).click();
}

describe('the back office shop', () => {
  it('an operator records a till sale of two consignors’ products on a tablet; stock drops and both statements show it to the cent; a closed month is marked paid', async () => {
    const desk = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const products = async () => (await json(await desk.fetch('/api/v1/shop/manage/products'))).items as any[];
    const before = await products();
    const byTitle = (title: string) => before.find((p) => p.title === title);
    const earrings = byTitle("Boucles d'oreilles en laiton");
    // The earrings go back to Léa: the till must show them sold out and refuse to add them.
    expect((await desk.fetch(`/api/v1/shop/consignors/${earrings.consignorId}/returns`, { method: 'POST', json: { productId: earrings.id, quantity: earrings.stock } })).status).toBe(201);

    const ctx = await s.browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.operator);
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/till'));
    await page.getByRole('heading', { name: 'Caisse', level: 1 }).waitFor();

    const earringsButton = page.getByRole('button', { name: /^Boucles d'oreilles en laiton/ });
    await earringsButton.waitFor();
    expect(await earringsButton.isDisabled()).toBe(true);
    expect(await earringsButton.innerText()).toContain('Épuisé');

    // Two notebooks (Léa, 15 €) and three soaps (Sophie, 6,50 €), searched for, then tapped.
    const carnet = page.getByRole('button', { name: /^Carnet relié main A5/ });
    await carnet.tap();
    await carnet.tap();
    await page.getByLabel('Chercher un produit').fill('savon');
    await expect.poll(() => page.locator('.till-grid li').count(), { timeout: 5000 }).toBe(1);
    const savon = page.getByRole('button', { name: /^Savon à l'argile verte/ });
    await savon.tap();
    await page.getByRole('button', { name: "Un de plus : Savon à l'argile verte" }).tap();
    await page.getByRole('button', { name: "Un de plus : Savon à l'argile verte" }).tap();
    await page.getByRole('button', { name: "Un de plus : Savon à l'argile verte" }).tap();
    await page.getByRole('button', { name: "Un de moins : Savon à l'argile verte" }).tap();
    await page.getByLabel('Chercher un produit').fill('');
    await page.getByText('8 en stock').first().waitFor(); // the notebooks left once these two are sold
    expect((await page.locator('.till-total strong').innerText()).replace(/\s/g, ' ')).toBe('49,50 €');
    await page.getByRole('radio', { name: 'Carte (TPE)' }).check();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-shop-01-till-768px');

    await page.getByRole('button', { name: /^Encaisser 49,50/ }).tap();
    const done = page.locator('.till-done');
    await done.getByText('Vente enregistrée').waitFor();
    const receipt = (await done.locator('.till-receipt').innerText()).trim();
    expect(receipt).toMatch(/^Reçu n° R-\d{6,9}$/);
    expect((await done.innerText()).replace(/\s/g, ' ')).toContain('49,50 € payés par Carte (TPE)');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-shop-02-till-receipt-768px');
    // A phone works too: nothing wider than the screen at 360 px.
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'backoffice-shop-02b-till-360px');
    await page.setViewportSize({ width: 768, height: 1024 });

    // The stock dropped: on the till, in the API, and on the products page.
    await page.getByRole('button', { name: /^Carnet relié main A5/ }).getByText('8 en stock').waitFor();
    await page.getByRole('button', { name: /^Savon à l'argile verte/ }).getByText('17 en stock').waitFor();
    const after = await products();
    expect(after.find((p) => p.title === 'Carnet relié main A5').stock).toBe(byTitle('Carnet relié main A5').stock - 2);
    expect(after.find((p) => p.title === "Savon à l'argile verte").stock).toBe(byTitle("Savon à l'argile verte").stock - 3);

    await openTab(page, 'Boutique');
    const carnetRow = page.locator('table.ss-products tr', { hasText: 'Carnet relié main A5' });
    await carnetRow.waitFor();
    expect((await cells(carnetRow))[4]).toBe('8');
    expect((await cells(page.locator('table.ss-products tr', { hasText: "Boucles d'oreilles" })))[4]).toBe('0 Épuisé');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-shop-03-products-768px');

    // The month's statements: Léa 2 × 15 € at 25 %: commission 7,50 € (VAT 20 % within: 1,25 €), net 22,50 €;
    // Sophie 3 × 6,50 € at 30 %: commission 5,85 € (VAT: 5,85 − 4,88 = 0,97 €), net 13,65 €.
    await openTab(page, 'Relevés');
    await page.getByRole('heading', { name: 'Relevés et versements', level: 1 }).waitFor();
    const lea = page.locator('tr[data-consignor="Léa Martin"]');
    const sophie = page.locator('tr[data-consignor="Sophie Dubois"]');
    await lea.waitFor();
    expect((await cells(lea)).slice(0, 6)).toEqual(['Léa Martin', '2', '30,00 €', '7,50 €', '1,25 €', '22,50 €']);
    expect((await cells(sophie)).slice(0, 6)).toEqual(['Sophie Dubois', '3', '19,50 €', '5,85 €', '0,97 €', '13,65 €']);
    await page.getByRole('button', { name: 'Détail : relevé de Sophie Dubois' }).click();
    const detail = page.locator('.st-details tbody tr');
    await detail.first().waitFor();
    expect((await cells(detail.first())).slice(1)).toEqual(["Savon à l'argile verte", 'Vente', '3', '19,50 €', '5,85 €', '0,97 €', '13,65 €']);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-shop-04-statements-768px');

    // The CSV link serves the same figures (French convention: ";" and decimal commas).
    const href = await page.getByRole('link', { name: 'CSV FR (Excel, « ; ») : relevé de Sophie Dubois' }).getAttribute('href');
    const csv = await (await desk.fetch(href!)).text();
    expect(csv).toContain(";total;;;3;19,50;5,85;0,97;13,65");

    // A closed month's statement is marked paid (method, date, reference); the open month cannot be.
    expect(await page.getByRole('button', { name: /^Marquer versé/ }).count()).toBe(0);
    const paris = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(testNow()).slice(0, 7);
    const [y, m] = paris.split('-').map(Number) as [number, number];
    const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    await page.getByLabel('Mois').fill(previous);
    await page.getByRole('button', { name: 'Marquer versé : relevé de Léa Martin' }).click();
    await page.getByLabel('Mode de versement').selectOption('cheque');
    await page.getByLabel('Référence (facultatif)').fill('CHQ 0042');
    await page.getByRole('button', { name: 'Enregistrer le versement' }).click();
    await lea.getByText(/^Versé le .+ \(Chèque\)$/).waitFor();
    const paid = await json(await desk.fetch(`/api/v1/shop/statements?month=${previous}`));
    expect(paid.items.find((i: any) => i.consignorName === 'Léa Martin').paid).toMatchObject({ method: 'cheque', reference: 'CHQ 0042' });
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 90_000);

  it('consignors and orders: Sophie deposits totes (a too-big return is refused in words); a member’s reserved order is paid at the desk, made ready, collected, then partly refunded with restock', async () => {
    const member = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.member2, DEMO.password);
    const desk = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const ctx = await s.browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.operator);

    // Sophie brings four totes (8 on the shelf → 12); returning 100 is refused with a readable message.
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/shop?s=consignors'));
    await page.getByRole('button', { name: 'Dépôts et retours de Sophie Dubois' }).click();
    await page.getByLabel('Produit', { exact: true }).selectOption({ label: 'Tote bag sérigraphié (Stock 8)' });
    await page.getByLabel('Quantité', { exact: true }).fill('4');
    await page.getByRole('button', { name: 'Enregistrer un dépôt' }).click();
    await page.getByText('Dépôt enregistré : Tote bag sérigraphié, stock 12.').waitFor();
    await page.getByLabel('Quantité', { exact: true }).fill('100');
    await page.getByRole('button', { name: 'Enregistrer un retour' }).click();
    await page.getByRole('alert').getByText('Il n’en reste pas assez en rayon pour ce retour.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-shop-05-consignor-stock');

    const items = (await json(await desk.fetch('/api/v1/shop/manage/products'))).items as any[];
    const tote = items.find((p) => p.title === 'Tote bag sérigraphié');
    expect(tote.stock).toBe(12);
    const placed = await member.fetch('/api/v1/shop/orders', { method: 'POST', json: { lines: [{ productId: tote.id, quantity: 2 }], pay: 'desk' } });
    expect(placed.status).toBe(201);

    await page.goto(at(s.env.url, hosts.machinerie, '/staff/shop?s=orders'));
    const order = page.locator('li.ss-order', { hasText: 'Yanis Benali' });
    const status = () => order.locator('.status').innerText();
    // The filter keeps the reserved orders only: Yanis's is there, the till sales are not.
    await page.getByLabel('État').selectOption('held');
    await order.waitFor();
    expect(await page.locator('li.ss-order').count()).toBe(1);
    await page.getByLabel('État').selectOption('');
    expect(await status()).toBe('Réservée');
    await order.getByLabel('Moyen de paiement').selectOption('cheque');
    await order.getByRole('button', { name: 'Encaisser : commande de Yanis Benali' }).click();
    await order.getByText(/^Paiement enregistré : reçu n° R-\d+\.$/).waitFor();
    await expect.poll(status, { timeout: 5000 }).toBe('Payée');
    await order.getByRole('button', { name: 'Prête', exact: true }).click();
    await expect.poll(status, { timeout: 5000 }).toBe('Prête');
    await order.getByRole('button', { name: 'Retirée', exact: true }).click();
    await expect.poll(status, { timeout: 5000 }).toBe('Retirée');

    await order.getByRole('button', { name: 'Rembourser : commande de Yanis Benali' }).click();
    await order.getByLabel('Unités à rembourser : Tote bag sérigraphié').fill('1');
    await order.getByLabel('Motif (facultatif)').fill('Couture défaite');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-shop-06-orders-refund');
    await order.getByRole('button', { name: /^Rembourser 18,00/ }).click();
    await order.getByText('Remboursement enregistré.').waitFor();
    await order.getByText(/18,00\s€ remboursés/).waitFor();

    // One tote back on the shelf (restocked), and the refund in the audit log.
    const now = (await json(await desk.fetch('/api/v1/shop/manage/products'))).items.find((p: any) => p.id === tote.id);
    expect(now.stock).toBe(tote.stock - 1);
    const audit = await json(await desk.fetch('/api/v1/audit?action=order.'));
    expect(audit.items[0]).toMatchObject({ action: 'order.refunded', changes: { refundedCents: { from: 0, to: 1800 } } });
    expect(audit.items[0].summary).toContain('Couture défaite');
    await ctx.close();
  }, 90_000);

  it('the till names the product that ran out meanwhile, and sells once the quantity fits', async () => {
    const desk = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const zine = ((await json(await desk.fetch('/api/v1/shop/manage/products'))).items as any[]).find((p) => p.title === 'Zine « Amiens à vélo »');
    const ctx = await s.browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.operator);
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/till'));
    const button = page.getByRole('button', { name: /^Zine « Amiens à vélo »/ });
    for (let i = 0; i < 3; i++) await button.tap();
    // Meanwhile Sophie takes all but two back.
    expect((await desk.fetch(`/api/v1/shop/consignors/${zine.consignorId}/returns`, { method: 'POST', json: { productId: zine.id, quantity: zine.stock - 2 } })).status).toBe(201);
    await page.getByRole('button', { name: /^Encaisser 24,00/ }).tap();
    await page.getByRole('alert').getByText('Épuisé : Zine « Amiens à vélo ». Retirez-le ou baissez la quantité.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-shop-07-till-sold-out');
    await page.getByRole('button', { name: 'Un de moins : Zine « Amiens à vélo »' }).tap();
    await page.getByRole('button', { name: /^Encaisser 16,00/ }).tap();
    await page.locator('.till-done').getByText('Vente enregistrée').waitFor();
    await button.getByText('Épuisé').waitFor();
    expect(await button.isDisabled()).toBe(true);
    await ctx.close();
  }, 60_000);

  it('a member cannot open the back office shop pages', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.member2);
    for (const path of ['/staff/shop', '/staff/till', '/staff/statements']) {
      await page.goto(at(s.env.url, hosts.machinerie, path));
      // A clear page of its own, with the way home, and never the back office's menu.
      await page.getByRole('heading', { name: 'Cet espace est réservé à l’équipe' }).waitFor();
      await page.getByRole('main').getByRole('link', { name: 'Retour à l’accueil' }).waitFor();
      expect(await page.locator('nav.staff-side').count(), path).toBe(0);
    }
    await ctx.close();
  }, 60_000);
});
