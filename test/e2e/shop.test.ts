/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { shop } from '@lieu/api';
import { Browser as HttpSession, DEMO, hosts } from '../support/http';
import { at, logIn as logInAt, screenshot, seriousViolations, useBrowserEnv } from './browser';

/** The CoBoutique in the portal, on La Machinerie's demo products (no Stripe: reserved, paid at the desk). */
const s = useBrowserEnv();

const logIn = (page: Page, email: string) => logInAt(page, s.env.url, hosts.machinerie, email);

describe('the shop in the portal', () => {
  it('a member searches and filters the catalogue, orders to pay at the desk, and sees the order in "my orders"', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, DEMO.machinerie.member2);

    await page.getByRole('navigation').getByRole('link', { name: 'Boutique' }).click();
    await page.getByRole('heading', { name: 'Boutique', level: 1 }).waitFor();
    const products = page.locator('li.product');
    await products.filter({ hasText: 'Tote bag sérigraphié' }).waitFor();
    expect(await products.count()).toBe(5);

    // Search, then a category.
    await page.getByLabel('Rechercher un article').fill('carnet');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await expect.poll(() => products.count(), { timeout: 5000 }).toBe(1);
    await products.filter({ hasText: 'Carnet relié main A5' }).getByText('Par Léa Martin · Papeterie').waitFor();
    await page.getByLabel('Rechercher un article').fill('');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByRole('group', { name: 'Catégories' }).getByRole('button', { name: 'Papeterie' }).click();
    await expect.poll(() => products.allInnerTexts().then((ts) => ts.map((x) => x.split('\n')[0]).sort()), { timeout: 5000 })
      .toEqual(['Carnet relié main A5', 'Zine « Amiens à vélo »']);
    const carnet = products.filter({ hasText: 'Carnet relié main A5' });
    await carnet.getByText('15,00 €').waitFor();
    await carnet.getByText('10 en stock').waitFor();

    // The cart: two notebooks and a zine (15 € × 2 + 8 €), then the order, reserved to pay at the desk.
    await page.getByRole('button', { name: 'Ajouter au panier : Carnet relié main A5' }).click();
    await page.getByRole('button', { name: 'Ajouter au panier : Carnet relié main A5' }).click();
    await page.getByRole('button', { name: 'Ajouter au panier : Zine « Amiens à vélo »' }).click();
    const cart = page.locator('section.cart');
    expect(await cart.getByLabel('Quantité de Carnet relié main A5').inputValue()).toBe('2');
    await cart.locator('.total').getByText('38,00 €').waitFor();
    await cart.getByText('vous les payez à l’accueil en venant les chercher').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shop-01-catalogue-cart');

    await cart.getByRole('button', { name: 'Commander' }).click();
    await cart.getByRole('status').getByText('Commande enregistrée : 38,00 €.').waitFor();
    await cart.getByText(/^Réservée jusqu’au /).waitFor();
    await cart.getByText('Votre panier est vide.').waitFor();
    // The stock is held at once: the catalogue shows two notebooks fewer.
    await carnet.getByText('8 en stock').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shop-02-ordered');

    await cart.getByRole('link', { name: 'Voir mes commandes' }).click();
    await page.getByRole('heading', { name: 'Mes commandes', level: 1 }).waitFor();
    const order = page.locator('li.order').first();
    await order.getByText('2 × Carnet relié main A5 — 30,00 €').waitFor();
    await order.getByText('1 × Zine « Amiens à vélo » — 8,00 €').waitFor();
    await order.getByText('Réservée', { exact: true }).waitFor();
    await order.getByText(/^À payer à l’accueil au retrait\./).waitFor();
    expect(await page.locator('li.order').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shop-03-my-orders');

    // The desk: staff find the order and take the payment; the member's page says it is paid.
    const desk = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const orders = await desk.api.call(shop.listOrders, { query: { limit: 10 } } as never);
    const placed = orders.items.find((o) => o.buyerName === 'Yanis Benali');
    expect(placed).toMatchObject({ status: 'held', channel: 'desk', totalCents: 3800 });
    await desk.api.call(shop.payOrder, { params: { orderId: placed!.id }, body: { method: 'cash' } } as never);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await order.getByText('Payée', { exact: true }).waitFor();
    expect(await order.getByRole('button', { name: /^Annuler la commande/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shop-04-my-orders-paid-390px');
    await ctx.close();
  }, 60_000);
});
