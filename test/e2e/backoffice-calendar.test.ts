/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Browser, DEMO, hosts } from '../support/http';
import { at, logIn as logInAt, screenshot, seriousViolations, useBrowserEnv } from './browser';

/**
 * The back office's calendar and set-up pages at La Machinerie, with the server's clock on
 * Tuesday 1 Dec 2026, 09:00 in Paris: a qualification granted, the laser booked for that member from
 * the calendar and checked in; a booking moved, another cancelled with a reason; resources, hours and
 * trainings pages. axe-clean throughout.
 */
const s = useBrowserEnv();
const DAY = '2026-12-01';
const NOW = new Date('2026-12-01T08:00:00Z');
const paris = (hhmm: string) => `${DAY}T${hhmm}:00+01:00`;
const logIn = (page: Page, email: string) => logInAt(page, s.env.url, hosts.machinerie, email);

async function api(email: string) {
  return new Browser(s.env.url, hosts.machinerie).login(email, DEMO.password);
}
async function bookAs(email: string, resource: string, from: string, to: string) {
  const b = await api(email);
  const { items } = (await (await b.fetch('/api/v1/resources')).json()) as { items: { id: string; name: string }[] };
  const res = await b.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: items.find((r) => r.name === resource)!.id, start: paris(from), end: paris(to) } });
  expect(res.status).toBe(201);
  return { browser: b, booking: (await res.json()) as { id: string } };
}

describe('back office: calendar, resources, hours, trainings', () => {
  it('an operator qualifies Sophie, books the laser for her from the calendar and checks her in; she sees it in her bookings', async () => {
    s.env.setNow(NOW);
    const staff = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const sp = await staff.newPage();
    await logIn(sp, DEMO.machinerie.operator);
    await sp.getByRole('link', { name: 'Gestion' }).click();

    // Trainings: the catalogue, who holds the laser training.
    await sp.getByRole('navigation', { name: 'Gestion de l’espace' }).getByRole('link', { name: 'Formations' }).click();
    await sp.getByRole('button', { name: 'Voir qui détient « Découpe laser — bases »' }).click();
    await sp.getByText('Léa Martin').waitFor();
    await sp.getByText('Exigée par : Découpeuse laser').waitFor();
    expect(await seriousViolations(sp)).toEqual([]);
    await screenshot(sp, 'backoffice-calendar-01-trainings');

    // The qualification, granted on the members page.
    await sp.getByRole('navigation', { name: 'Gestion de l’espace' }).getByRole('link', { name: 'Membres' }).click();
    await sp.getByRole('button', { name: 'Formations de Sophie Dubois' }).click();
    await sp.getByRole('button', { name: 'Habiliter Sophie Dubois : Découpe laser — bases' }).click();
    await sp.getByText(/^Habilité·e depuis le/).waitFor();

    // The calendar: a day grid; a new booking on the laser row, for Sophie, priced by the API's quote.
    await sp.getByRole('navigation', { name: 'Gestion de l’espace' }).getByRole('link', { name: 'Planning' }).click();
    await sp.getByLabel('Jour', { exact: true }).fill(DAY);
    await sp.getByRole('button', { name: 'Nouvelle réservation : Découpeuse laser' }).click();
    await sp.getByLabel('Chercher un membre (nom ou email)').fill('Sophie');
    await sp.getByRole('radio', { name: /Sophie Dubois/ }).check();
    const form = sp.locator('section', { has: sp.getByRole('heading', { name: 'Nouvelle réservation' }) });
    await form.getByLabel('Début').selectOption('10:00');
    await form.getByLabel('Durée').selectOption('60');
    await form.locator('.total').getByText('18,00 €').waitFor();
    await form.getByText('Paiement sur place, à l’accueil.').waitFor();
    expect(await seriousViolations(sp)).toEqual([]);
    await screenshot(sp, 'backoffice-calendar-02-new-booking');
    await form.getByRole('button', { name: 'Réserver pour ce membre' }).click();
    const chip = sp.getByRole('button', { name: '10:00–11:00 Sophie Dubois, Découpeuse laser, Confirmée' });
    await chip.waitFor();
    const panel = sp.locator('section.cal-panel');
    await panel.getByRole('heading', { name: 'Réservation · Découpeuse laser' }).waitFor();

    // 09:45 in Paris: check-in is open (from 30 minutes before the start).
    s.env.setNow(new Date('2026-12-01T08:45:00Z'));
    await panel.getByRole('button', { name: 'Pointer l’arrivée' }).click();
    await panel.getByText('Arrivée enregistrée.').waitFor();
    await sp.getByRole('button', { name: '10:00–11:00 Sophie Dubois, Découpeuse laser, Présent·e' }).waitFor();
    expect(await seriousViolations(sp)).toEqual([]);
    await screenshot(sp, 'backoffice-calendar-03-checked-in');
    await staff.close();

    const member = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const mp = await member.newPage();
    await logIn(mp, 'sophie@machinerie.example');
    await mp.goto(at(s.env.url, hosts.machinerie, '/bookings'));
    const item = mp.locator('li.booking', { hasText: 'Découpeuse laser' });
    await item.getByText('Présent·e').waitFor();
    expect(await seriousViolations(mp)).toEqual([]);
    await screenshot(mp, 'backoffice-calendar-04-member-sees-it');
    await member.close();
    s.env.setNow(NOW);
  }, 120_000);

  it('an operator moves a booking to another slot, cancels another with a reason (the member reads it), and sees the week', async () => {
    s.env.setNow(NOW);
    const lea = await bookAs(DEMO.machinerie.member, 'Salle Somme', '14:00', '15:00');
    const yanis = await bookAs(DEMO.machinerie.member2, 'Salle Picardie', '11:00', '12:00');
    const staff = await s.browser.newContext({ viewport: { width: 1024, height: 800 } });
    const sp = await staff.newPage();
    await logIn(sp, DEMO.machinerie.operator);
    await sp.goto(at(s.env.url, hosts.machinerie, '/staff/calendar'));
    await sp.getByLabel('Jour', { exact: true }).fill(DAY);
    const panel = sp.locator('section.cal-panel');

    await sp.getByRole('button', { name: '14:00–15:00 Léa Martin, Salle Somme, Confirmée' }).click();
    // Too early to check in: the refusal shows, and must not outlive the move below.
    await panel.getByRole('button', { name: 'Pointer l’arrivée' }).click();
    await panel.getByRole('alert').waitFor();
    await panel.getByRole('button', { name: 'Déplacer' }).click();
    await panel.getByLabel('Début').selectOption('16:00');
    await panel.getByRole('button', { name: 'Déplacer ici' }).click();
    await panel.getByText('Réservation déplacée.').waitFor();
    expect(await panel.getByRole('alert').count()).toBe(0);
    await sp.getByRole('button', { name: '16:00–17:00 Léa Martin, Salle Somme, Confirmée' }).waitFor();
    // The calendar read afresh shows the moved booking, and the panel still says what it did.
    expect(await panel.getByText('Réservation déplacée.').isVisible()).toBe(true);
    expect((await (await lea.browser.fetch(`/api/v1/bookings/${lea.booking.id}`)).json()).localStart).toBe(`${DAY}T16:00:00+01:00`);

    await sp.getByRole('button', { name: '11:00–12:00 Yanis Benali, Salle Picardie, Confirmée' }).click();
    await panel.getByRole('button', { name: 'Annuler la réservation' }).click();
    await panel.getByLabel('Motif d’annulation').fill('Salle réquisitionnée pour une formation');
    await panel.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await panel.getByText('Réservation annulée.').waitFor();
    await sp.getByText('Motif : Salle réquisitionnée pour une formation').waitFor();
    expect(await sp.getByRole('button', { name: /Yanis Benali, Salle Picardie/ }).count()).toBe(0);
    expect((await (await yanis.browser.fetch(`/api/v1/bookings/${yanis.booking.id}`)).json())).toMatchObject({ status: 'cancelled', cancelReason: 'Salle réquisitionnée pour une formation' });
    expect(await seriousViolations(sp)).toEqual([]);
    await screenshot(sp, 'backoffice-calendar-05-day-moved-cancelled');

    await sp.getByRole('button', { name: 'Semaine', exact: true }).click();
    await sp.getByRole('table').getByRole('button', { name: '16:00–17:00 Léa Martin, Salle Somme, Confirmée' }).waitFor();
    expect(await sp.getByRole('table').locator('td.cal-closed').count()).toBeGreaterThan(0); // Sunday
    const weekViolations = await seriousViolations(sp);
    expect(weekViolations, weekViolations.join('\n')).toEqual([]);
    await screenshot(sp, 'backoffice-calendar-06-week');

    // On a tablet held upright the grid scrolls sideways and stays usable.
    await sp.setViewportSize({ width: 768, height: 1024 });
    await sp.getByRole('button', { name: 'Jour', exact: true }).click();
    await sp.getByRole('button', { name: '16:00–17:00 Léa Martin, Salle Somme, Confirmée' }).waitFor();
    await screenshot(sp, 'backoffice-calendar-07-tablet');
    await staff.close();
  }, 120_000);

  it('resources (edit the rules), hours (a closed bank holiday) and trainings pages work and are axe-clean', async () => {
    s.env.setNow(NOW);
    const staff = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const sp = await staff.newPage();
    await logIn(sp, DEMO.machinerie.operator);
    await sp.goto(at(s.env.url, hosts.machinerie, '/staff/resources'));
    await sp.getByRole('button', { name: 'Modifier : Salle Somme' }).click();
    const edit = sp.locator('section', { has: sp.getByRole('heading', { name: 'Modifier : Salle Somme' }) });
    await edit.getByLabel('Battement après chaque réservation').selectOption('15');
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await sp.getByText('Salle Somme est enregistré·e.').waitFor();
    await sp.getByRole('row', { name: /Salle Somme/ }).getByText(/battement 15 min/).waitFor();
    expect(await seriousViolations(sp)).toEqual([]);
    await screenshot(sp, 'backoffice-calendar-08-resources');

    await sp.getByRole('navigation', { name: 'Gestion de l’espace' }).getByRole('link', { name: 'Horaires' }).click();
    const exc = sp.locator('section', { has: sp.getByRole('heading', { name: 'Jours exceptionnels' }) });
    await exc.getByLabel('Date').fill('2026-12-25');
    await exc.getByLabel('Libellé').fill('Noël');
    await exc.getByRole('button', { name: 'Ajouter' }).click();
    await sp.getByText('Le calendrier d’ouverture est enregistré.').waitFor();
    await exc.getByRole('button', { name: 'Retirer Noël (2026-12-25)' }).waitFor();
    expect(await seriousViolations(sp)).toEqual([]);
    await screenshot(sp, 'backoffice-calendar-09-hours');
    // The calendar shades the day as closed.
    await sp.goto(at(s.env.url, hosts.machinerie, '/staff/calendar'));
    await sp.getByLabel('Jour', { exact: true }).fill('2026-12-25');
    await expect.poll(() => sp.locator('.cal-closed-label').count(), { timeout: 10_000 }).toBeGreaterThan(3);
    await staff.close();
  }, 120_000);
});
