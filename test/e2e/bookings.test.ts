/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, hosts } from '../support/http';
import { at, logIn as logInAt, screenshot, seriousViolations, useBrowserEnv, testNow } from './browser';

/** Booking in the portal, on La Machinerie's demo resources: the laser cutter wants a qualification. */
const s = useBrowserEnv();

/** A day a few days ahead that is not a Sunday (closed), as YYYY-MM-DD in Paris. */
function bookableDay(): string {
  const d = new Date(testNow().getTime() + 3 * 86_400_000);
  if (new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Paris' }).format(d) === 'Sun') d.setTime(d.getTime() + 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
}

const logIn = (page: Page, email: string) => logInAt(page, s.env.url, hosts.machinerie, email);

describe('booking in the portal', () => {
  it('an untrained member sees the training the laser cutter wants and registers for its next session from there; qualified, books it, sees it and cancels it', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, 'sophie@machinerie.example');
    const day = bookableDay();

    await page.getByRole('navigation').getByRole('link', { name: 'Réserver' }).click();
    await page.getByRole('button', { name: 'Machines' }).click();
    await page.getByLabel('Jour').fill(day);
    const laser = page.locator('section.resource', { has: page.getByRole('heading', { name: 'Découpeuse laser' }) });
    await laser.getByText('Non habilité·e : Découpe laser — bases').waitFor();
    // Training first: what to take and its next session, no slots that would be refused after "Confirmer".
    await laser.getByText('Formation requise : Découpe laser — bases').waitFor();
    await laser.getByText(/^Prochaine session : /).waitFor();
    expect(await laser.getByRole('button', { name: /^Découpeuse laser, / }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'bookings-01-laser-training-first');
    await laser.getByRole('link', { name: /^S’inscrire à la session du / }).click();
    await page.getByRole('heading', { name: 'Formation découpe laser', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'S’inscrire', exact: true }).click();
    await page.getByText('Vous êtes inscrit·e.').waitFor();

    // The fab manager records Sophie's training on the members page.
    const staff = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const sp = await staff.newPage();
    await logIn(sp, DEMO.machinerie.operator);
    await sp.getByRole('link', { name: 'Gestion' }).click();
    await sp.getByRole('link', { name: 'Membres' }).click();
    await sp.getByRole('button', { name: 'Formations de Sophie Dubois' }).click();
    await sp.getByRole('button', { name: 'Habiliter Sophie Dubois : Découpe laser — bases' }).click();
    await sp.getByText(/^Habilité·e depuis le/).waitFor();
    expect(await seriousViolations(sp)).toEqual([]);
    await screenshot(sp, 'bookings-02-staff-qualifies');

    await page.goto(at(s.env.url, hosts.machinerie, '/book'));
    await page.getByRole('button', { name: 'Machines' }).click();
    await page.getByLabel('Jour').fill(day);
    await laser.getByText('Vous êtes habilité·e : Découpe laser — bases').waitFor();
    await laser.getByRole('button', { name: 'Découpeuse laser, 14:00' }).click();
    await laser.getByLabel('Durée').selectOption('60');
    await laser.locator('.total').getByText('18,00 €').waitFor();
    await laser.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await laser.getByText(/^C’est réservé : Découpeuse laser/).waitFor();
    // The slot is now taken on the grid.
    await expect.poll(() => laser.getByRole('button', { name: 'Découpeuse laser, 14:00' }).isDisabled(), { timeout: 5000 }).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'bookings-03-laser-booked');

    // The staff side: the fab manager's planner shows it.
    await sp.getByRole('link', { name: 'Planning' }).click();
    await sp.getByLabel('Jour').fill(day);
    const laserDay = sp.locator('section', { has: sp.getByRole('heading', { name: /^Découpeuse laser/ }) });
    await laserDay.getByText('Sophie Dubois').waitFor();
    expect(await laserDay.getByText('14:00–15:00').count()).toBe(1);
    expect(await seriousViolations(sp)).toEqual([]);
    await screenshot(sp, 'bookings-04-staff-planner');
    await staff.close();

    await laser.getByRole('link', { name: 'Voir mes réservations' }).click();
    await page.getByRole('heading', { name: 'Mes réservations' }).waitFor();
    const item = page.locator('li.booking', { hasText: 'Découpeuse laser' });
    await item.getByText('Confirmée').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Créer mon lien d’agenda' }).click();
    expect(await page.getByLabel('Lien iCal').inputValue()).toMatch(/^http:\/\/machinerie\.localhost:\d+\/api\/v1\/calendars\/members\//);
    await screenshot(page, 'bookings-05-my-bookings');
    await item.getByRole('button', { name: /^Annuler Découpeuse laser/ }).click();
    await item.getByRole('button', { name: 'Oui, annuler' }).click();
    await page.getByText('Réservation annulée.').waitFor();
    await item.getByText('Annulée').waitFor();
    expect(await item.getByRole('button', { name: /^Annuler/ }).count()).toBe(0);
    await ctx.close();
  }, 90_000);
});
