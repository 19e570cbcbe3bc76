/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { DEMO, hosts } from '../support/http';
import { at, logIn, seriousViolations, useBrowserEnv } from './browser';

/**
 * Staff forms say precisely what is wrong with a value, in the reader's language, before any call:
 * a negative price "cannot be negative", a price that is not an amount asks for one "e.g. 12,50",
 * a count below its minimum says the minimum; one money input (decimal keyboard, comma or point)
 * everywhere a price is typed. Nothing here depends on the date.
 */
const s = useBrowserEnv();

describe('form messages', () => {
  it('the catalogue and resource forms refuse a negative or non-numeric price with precise words, FR then EN', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.owner);
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/catalogue'));
    const plan = page.getByRole('form', { name: /Nouvel abonnement/ });
    await plan.getByLabel('Nom').fill('Forfait test');
    const price = plan.getByLabel('Prix (€)');
    expect(await price.getAttribute('inputmode')).toBe('decimal');
    await price.fill('-5');
    await plan.getByRole('button', { name: 'Ajouter' }).click();
    await plan.getByText('Ne peut pas être négatif.').waitFor();
    await price.fill('douze');
    await plan.getByRole('button', { name: 'Ajouter' }).click();
    await plan.getByText('Un montant en euros, par exemple 12,50.').waitFor();
    expect(await plan.getByText('Valeur non valide.').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    const pass = page.getByRole('form', { name: 'Nouveau pass' });
    await pass.getByLabel('Nom').fill('Pass test');
    await pass.getByLabel('Prix (€)').fill('12,50');
    await pass.getByLabel('Validité (jours)').fill('0');
    await pass.getByRole('button', { name: 'Ajouter' }).click();
    await pass.getByText('Au moins 1.').waitFor();
    expect(await pass.getByText('Un montant en euros, par exemple 12,50.').count()).toBe(0); // "12,50" is an amount

    await page.goto(at(s.env.url, hosts.machinerie, '/staff/resources'));
    const resource = page.locator('section', { has: page.getByRole('heading', { name: 'Ajouter une ressource' }) });
    await resource.getByLabel('Nom', { exact: true }).fill('Poste test');
    await resource.getByLabel('Prix par heure TTC (€)').fill('-3');
    await resource.getByRole('button', { name: 'Ajouter' }).click();
    await resource.getByText('Ne peut pas être négatif.').waitFor();

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    const en = page.locator('section', { has: page.getByRole('heading', { name: 'Add a resource' }) });
    await en.getByLabel('Price per hour incl. VAT (€)').fill('abc');
    await en.getByRole('button', { name: 'Add' }).click();
    await en.getByText('An amount in euros, e.g. 12.50.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 90_000);
});
