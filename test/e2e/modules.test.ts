/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, hosts } from '../support/http';
import { navLinkTexts, staffLinkTexts } from '../support/portal';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv } from './browser';

/**
 * A coworking-only space (La Coloc') shows nothing of the modules it does not run: no shop, events,
 * till, trainings or statements in the member's or the staff's menus, no low-stock block, no such
 * pages; La Machinerie, which runs everything, shows them all. Nothing here depends on the date.
 */
const s = useBrowserEnv();

const VIEWPORTS = [{ width: 390, height: 844 }, { width: 1280, height: 900 }] as const;

const mainNav = (page: Page) => page.getByRole('navigation', { name: /Navigation principale|Main navigation/ });

describe('a coworking-only space', () => {
  it.each(VIEWPORTS)('its member sees booking, never Boutique nor Événements, in FR and EN (%o)', async (viewport) => {
    const ctx = await s.browser.newContext({ viewport });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.coloc, DEMO.coloc.member);
    const fr = await navLinkTexts(page);
    expect(fr).toEqual(expect.arrayContaining(['Réserver', 'Mes réservations']));
    for (const word of ['Boutique', 'Événements', 'Gestion']) expect(fr).not.toContain(word);
    // A page of a module the space does not run does not exist here.
    await page.goto(at(s.env.url, hosts.coloc, '/shop'));
    await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
    await page.goto(at(s.env.url, hosts.coloc, '/events'));
    await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(at(s.env.url, hosts.coloc, '/'));
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: /^Hello/ }).waitFor();
    const en = await navLinkTexts(page);
    expect(en).toEqual(expect.arrayContaining(['Book', 'My bookings']));
    for (const word of ['Shop', 'Events']) expect(en).not.toContain(word);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `modules-coloc-member-${viewport.width}`);
    await ctx.close();
  }, 90_000);

  it.each(VIEWPORTS)('its staff see no Formations, Caisse, Relevés, Boutique, Événements nor a low-stock block (%o)', async (viewport) => {
    const ctx = await s.browser.newContext({ viewport });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.coloc, DEMO.coloc.operator);
    const top = await navLinkTexts(page);
    for (const word of ['Boutique', 'Événements']) expect(top).not.toContain(word);
    await page.goto(at(s.env.url, hosts.coloc, '/staff/dashboard'));
    const staff = await staffLinkTexts(page);
    expect(staff).toEqual(expect.arrayContaining(['Tableau de bord', 'Planning', 'Membres', 'Ressources', 'Réglages']));
    for (const word of ['Formations', 'Caisse', 'Relevés', 'Boutique', 'Événements']) expect(staff).not.toContain(word);
    await page.getByRole('heading', { name: 'Réservations du jour' }).waitFor();
    expect(await page.getByRole('heading', { name: /Stock bas/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Événements du jour' }).count()).toBe(0);
    await page.goto(at(s.env.url, hosts.coloc, '/staff/till'));
    await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `modules-coloc-staff-${viewport.width}`);
    // Inside the pages too: no trainings on the members list, no orders on a member's page, no shop exports.
    await page.goto(at(s.env.url, hosts.coloc, '/staff/members'));
    await page.getByRole('link', { name: /Julie Moreau/ }).first().waitFor();
    expect(await page.getByRole('button', { name: /^Formations de / }).count()).toBe(0);
    expect(await page.getByLabel('Habilitation').count()).toBe(0);
    await page.getByRole('link', { name: /Julie Moreau/ }).first().click();
    await page.getByRole('heading', { name: 'Réservations', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Commandes' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: /^Formations de / }).count()).toBe(0);
    await page.goto(at(s.env.url, hosts.coloc, '/staff/exports'));
    await page.getByRole('heading', { name: 'Paiements' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Ventes de la boutique' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Relevés des déposants' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 90_000);

  it('its public home offers what it runs only; La Machinerie, which runs everything, shows every menu', async () => {
    const ctx = await s.browser.newContext({ viewport: VIEWPORTS[1] });
    const page = await ctx.newPage();
    await page.goto(at(s.env.url, hosts.coloc, '/'));
    await page.getByText('Créez votre compte pour réserver un poste ou une salle.').waitFor();
    expect(await page.getByText(/machine/).count()).toBe(0);

    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.operator);
    const top = await navLinkTexts(page);
    expect(top).toEqual(expect.arrayContaining(['Réserver', 'Événements', 'Boutique', 'Gestion']));
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/dashboard'));
    const staff = await staffLinkTexts(page);
    expect(staff).toEqual(expect.arrayContaining(['Formations', 'Caisse', 'Relevés', 'Boutique', 'Événements']));
    await page.getByRole('heading', { name: /Stock bas/ }).waitFor();
    await ctx.close();
  }, 90_000);

  it('its owner turns events on in the settings: Événements appears in the menus; an operator only reads the choice', async () => {
    const ctx = await s.browser.newContext({ viewport: VIEWPORTS[1] });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.coloc, DEMO.coloc.operator);
    await page.goto(at(s.env.url, hosts.coloc, '/staff/settings'));
    const modulesOf = (p: Page) => p.getByRole('group', { name: 'Activités proposées' });
    await modulesOf(page).waitFor();
    expect(await modulesOf(page).getByRole('checkbox', { name: /Événements/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();

    await logIn(page, s.env.url, hosts.coloc, DEMO.coloc.owner);
    await page.goto(at(s.env.url, hosts.coloc, '/staff/settings'));
    const group = modulesOf(page);
    expect(await group.getByRole('checkbox', { name: /Coworking/ }).isChecked()).toBe(true);
    // The last module cannot be unchecked: a space runs at least one.
    expect(await group.getByRole('checkbox', { name: /Coworking/ }).isDisabled()).toBe(true);
    await group.getByRole('checkbox', { name: /Événements/ }).check();
    await page.locator('#modules').getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#modules').getByText('Enregistré').waitFor();
    await mainNav(page).getByRole('link', { name: 'Événements' }).waitFor();
    await page.getByRole('navigation', { name: 'Gestion de l’espace' }).getByRole('link', { name: 'Événements' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'modules-coloc-settings');
    await ctx.close();
  }, 90_000);
});
