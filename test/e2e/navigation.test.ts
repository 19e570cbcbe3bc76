/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, hosts } from '../support/http';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv } from './browser';

/**
 * Finding one's way in the portal on a phone (390 px) and a laptop (1280 px), in French and English:
 * the site's header (one short row on a phone, its links behind a menu button), the back office's
 * grouped menu, pages whose tables never widen the page, the clear page a member gets at /staff, and
 * the shop's feedback where the reader is. On La Machinerie's demo data; nothing depends on the date.
 */
const s = useBrowserEnv();

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };
const CASES = [
  { lang: 'FR', viewport: PHONE }, { lang: 'FR', viewport: LAPTOP },
  { lang: 'EN', viewport: PHONE }, { lang: 'EN', viewport: LAPTOP },
] as const;
type Lang = (typeof CASES)[number]['lang'];

const W = {
  FR: {
    menu: 'Menu', myBookings: 'Mes réservations', book: 'Réserver', staffMenu: /^Menu de gestion/,
    groups: ['Accueil', 'Planning', 'Membres', 'Boutique', 'Argent', 'Réglages'],
    links: [['Tableau de bord', 'Démarrage'], ['Planning', 'Événements', 'Ressources', 'Horaires'], ['Membres', 'Formations'], ['Boutique', 'Caisse', 'Relevés'], ['Tarifs', 'Exports'], ['Réglages', 'Journal']],
    staffOnly: 'Cet espace est réservé à l’équipe', home: 'Retour à l’accueil',
    add: 'Ajouter au panier : Carnet relié main A5', added: (n: string) => `« Carnet relié main A5 » ajouté au panier (${n}).`, one: '1 article', two: '2 articles', cart: (n: string) => `Panier : ${n}`,
  },
  EN: {
    menu: 'Menu', myBookings: 'My bookings', book: 'Book', staffMenu: /^Back-office menu/,
    groups: ['Home', 'Planning', 'Members', 'Shop', 'Money', 'Settings'],
    links: [['Dashboard', 'Getting started'], ['Calendar', 'Events', 'Resources', 'Hours'], ['Members', 'Trainings'], ['Shop', 'Till', 'Statements'], ['Prices', 'Exports'], ['Settings', 'Audit log']],
    staffOnly: 'This area is for the team', home: 'Back to home',
    add: 'Add to cart: Carnet relié main A5', added: (n: string) => `“Carnet relié main A5” added to the cart (${n}).`, one: '1 item', two: '2 items', cart: (n: string) => `Cart: ${n}`,
  },
} as const;

/** Signs in (the login page is French by default), then reads the portal in `lang`. */
async function signIn(page: Page, email: string, lang: Lang): Promise<void> {
  await logIn(page, s.env.url, hosts.machinerie, email);
  await page.getByRole('button', { name: lang, exact: true }).click();
  await page.locator(`html[lang="${lang.toLowerCase()}"]`).waitFor();
}

const headerHeight = async (page: Page) => (await page.locator('.site-header').boundingBox())!.height;
/** How far the page itself scrolls sideways (0: everything fits; wide tables scroll in their own box). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the site header', () => {
  it.each(CASES)('a member finds every link: on a phone behind a menu button in a header ≤ 64 px, on a laptop in the header ($lang, $viewport.width px)', async ({ lang, viewport }) => {
    const w = W[lang];
    const ctx = await s.browser.newContext({ viewport });
    const page = await ctx.newPage();
    await signIn(page, DEMO.machinerie.member, lang);
    const menu = page.locator('.site-header').getByRole('button', { name: w.menu, exact: true });
    const mine = page.locator('#site-nav').getByRole('link', { name: w.myBookings });
    expect(await headerHeight(page)).toBeLessThanOrEqual(64);
    if (viewport === PHONE) {
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await mine.isVisible()).toBe(false);
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await mine.waitFor();
      expect(await page.locator('#site-nav').getByRole('link', { name: w.book, exact: true }).isVisible()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `navigation-menu-open-${lang}-${viewport.width}`);
      // Escape folds it from the keyboard, back on its button.
      await mine.focus();
      await page.keyboard.press('Escape');
      await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
      expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);
      await menu.click();
      await mine.click();
      await page.waitForURL(/\/bookings$/);
      // Having taken its reader elsewhere, the menu folds again.
      await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
      expect(await headerHeight(page)).toBeLessThanOrEqual(64);
    } else {
      expect(await menu.isVisible()).toBe(false);
      await mine.click();
      await page.waitForURL(/\/bookings$/);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 60_000);
});

describe('the back office', () => {
  it.each(CASES)('staff get one menu grouped under headings, folded under a button on a phone ($lang, $viewport.width px)', async ({ lang, viewport }) => {
    const w = W[lang];
    const ctx = await s.browser.newContext({ viewport });
    const page = await ctx.newPage();
    await signIn(page, DEMO.machinerie.owner, lang);
    await page.goto(at(s.env.url, hosts.machinerie, '/staff'));
    const menu = page.getByRole('navigation', { name: lang === 'FR' ? 'Gestion de l’espace' : 'Back office' });
    await menu.locator('a').first().waitFor({ state: 'attached' });
    const fold = menu.getByRole('button', { name: w.staffMenu });
    if (viewport === PHONE) {
      expect(await fold.getAttribute('aria-expanded')).toBe('false');
      expect(await menu.getByRole('link').count()).toBe(0); // folded
      await fold.click();
      // Escape folds it again from the keyboard, back on its button.
      await menu.getByRole('link').first().focus();
      await page.keyboard.press('Escape');
      await expect.poll(() => fold.getAttribute('aria-expanded')).toBe('false');
      expect(await fold.evaluate((el) => el === document.activeElement)).toBe(true);
      await fold.click();
    } else {
      expect(await fold.isVisible()).toBe(false);
    }
    const groups = menu.locator('.staff-group');
    expect((await groups.locator('.staff-group-title').allInnerTexts()).map((x) => x.trim().toLowerCase())).toEqual(w.groups.map((g) => g.toLowerCase()));
    for (const [i, group] of w.groups.entries()) {
      const list = menu.getByRole('list', { name: group, exact: true });
      expect((await list.getByRole('link').allInnerTexts()).map((x) => x.trim()), group).toEqual(w.links[i]);
    }
    // On a laptop, the menu beside the page is not a band of links across it.
    if (viewport === LAPTOP) {
      const box = (await menu.boundingBox())!;
      expect(box.width).toBeLessThan(240);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `navigation-staff-menu-${lang}-${viewport.width}`);
    await menu.getByRole('link', { name: w.links[4]![0] }).click();
    await page.waitForURL(/\/staff\/catalogue$/);
    await ctx.close();
  }, 60_000);

  // Every back-office page, its tables included (the catalogue's were cut at the page's edge).
  const STAFF_PATHS = [...readFileSync(resolve(import.meta.dirname, '../../web/src/pages/staff/registry.ts'), 'utf8').matchAll(/path: '(\/staff\/[a-z-]+)'/g)].map((m) => m[1]!);

  it.each([LAPTOP, PHONE])('no back-office page is wider than the screen; wide tables scroll in their own box (%o)', async (viewport) => {
    const ctx = await s.browser.newContext({ viewport });
    const page = await ctx.newPage();
    await signIn(page, DEMO.machinerie.owner, 'FR');
    const wide: string[] = [];
    for (const path of STAFF_PATHS) {
      await page.goto(at(s.env.url, hosts.machinerie, path));
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) wide.push(`${path}: ${overflow} px`);
    }
    expect(wide).toEqual([]);
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/catalogue'));
    await page.locator('table').first().waitFor();
    // Each table is whole inside the page's column: its right edge within its scrolling box's.
    const cut = await page.evaluate(() => Array.from(document.querySelectorAll('main table'), (t) => {
      const box = t.closest('.table-scroll') ?? t.parentElement!;
      const scrolls = getComputedStyle(box).overflowX === 'auto' || getComputedStyle(box).overflowX === 'scroll';
      return !scrolls && t.getBoundingClientRect().right > box.getBoundingClientRect().right + 1 ? t.querySelector('th')?.textContent ?? '?' : null;
    }).filter((x) => x !== null));
    expect(cut).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `navigation-catalogue-${viewport.width}`);
    await ctx.close();
  }, 120_000);

  it.each(CASES)('a member opening /staff reads that it is the team’s, with the way home, and no staff menu ($lang, $viewport.width px)', async ({ lang, viewport }) => {
    const w = W[lang];
    const ctx = await s.browser.newContext({ viewport });
    const page = await ctx.newPage();
    await signIn(page, DEMO.machinerie.member, lang);
    await page.goto(at(s.env.url, hosts.machinerie, '/staff'));
    await page.getByRole('heading', { level: 1, name: w.staffOnly }).waitFor();
    expect(await page.locator('nav.staff-side').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `navigation-staff-only-${lang}-${viewport.width}`);
    await page.getByRole('main').getByRole('link', { name: w.home }).click();
    await page.getByRole('heading', { level: 1, name: lang === 'FR' ? /^Bonjour/ : /^Hello/ }).waitFor();
    await ctx.close();
  }, 60_000);
});

describe('the shop on a phone', () => {
  it.each(['FR', 'EN'] as const)('adding to the cart says so where the reader is (a live toast) and counts the cart in the header (%s, 390 px)', async (lang) => {
    const w = W[lang];
    const ctx = await s.browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await signIn(page, DEMO.machinerie.member2, lang);
    await page.goto(at(s.env.url, hosts.machinerie, '/shop'));
    const cartLink = page.locator('.site-header').getByRole('link', { name: /^(Panier|Cart)/ });
    expect(await cartLink.count()).toBe(0); // an empty cart is not announced
    const add = page.getByRole('button', { name: w.add });
    await add.scrollIntoViewIfNeeded();
    await add.click();
    const toast = page.getByRole('status').filter({ hasText: w.added(w.one) });
    await toast.waitFor();
    expect(await toast.getAttribute('aria-live')).toBe('polite');
    // On screen where the reader is: inside the viewport, though the cart is far below on a phone.
    const box = (await toast.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    await page.locator('.site-header').getByRole('link', { name: w.cart(w.one) }).waitFor();
    expect((await page.locator('.site-header .cart-count').innerText()).trim()).toBe('1');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `navigation-shop-toast-${lang}-390`);

    await add.click();
    await page.getByRole('status').filter({ hasText: w.added(w.two) }).waitFor();
    await page.locator('.site-header').getByRole('link', { name: w.cart(w.two) }).waitFor();
    expect(await headerHeight(page)).toBeLessThanOrEqual(64);
    await ctx.close();
  }, 60_000);
});
