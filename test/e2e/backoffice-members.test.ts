/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { billing, bookings } from '@lieu/api';
import { Browser as HttpSession, DEMO, hosts } from '../support/http';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv, testNow } from './browser';

/**
 * The back office's members, member page, catalogue and events, in real Chromium on
 * La Machinerie: the fab manager finds who holds the laser training, changes a member's price
 * category, previews a student's price for 2 h of laser cutter (the API's own quote), creates an
 * event and marks a registrant present. axe-core on each page.
 */
const s = useBrowserEnv();
const space = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');
/** A local date and hh:mm in Paris of an instant (events start and end on a 15-minute boundary). */
function paris(ms: number): { date: string; time: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
const QUARTER = 15 * 60_000;

describe('back office: members, prices and events', () => {
  it('an operator filters members by qualification, changes a category on the member page, previews a price, adds a plan entitlement, creates an event and checks a registrant in', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.operator);

    // Members: only Léa holds the laser training.
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/members'));
    await page.getByRole('heading', { name: 'Membres', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Voir la fiche de Yanis Benali' }).waitFor();
    await page.getByLabel('Habilitation').selectOption({ label: 'Découpe laser — bases' });
    await page.getByRole('button', { name: 'Filtrer', exact: true }).click();
    await page.getByText('1 membre affiché').waitFor();
    await page.getByRole('link', { name: 'Voir la fiche de Léa Martin' }).waitFor();
    expect(await page.getByRole('link', { name: /^Voir la fiche de / }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-members-01-filtered');

    // Her page: change her category to student.
    await page.getByRole('link', { name: 'Voir la fiche de Léa Martin' }).click();
    await page.getByRole('heading', { name: 'Léa Martin', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Tarif et abonnement' }).waitFor();
    await page.getByRole('heading', { name: 'Formations de Léa Martin' }).waitFor();
    await page.getByLabel('Tarif', { exact: true }).selectOption('student');
    await page.getByRole('button', { name: 'Changer de tarif' }).click();
    await page.getByRole('status').getByText('Tarif enregistré.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-members-02-member-page');
    const desk = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const lea = await desk.fetch('/api/v1/members?q=lea@machinerie').then((r) => r.json()) as { items: { id: string; category: string }[] };
    expect(lea.items[0]!.category).toBe('student');

    // Prices: what a student pays for 2 h of laser cutter, the same figure as the API's quote.
    await page.getByRole('navigation', { name: 'Gestion de l’espace' }).getByRole('link', { name: 'Tarifs' }).click();
    await page.getByRole('heading', { name: 'Catalogue et tarifs', level: 1 }).waitFor();
    const preview = page.locator('section', { has: page.getByRole('heading', { name: 'Aperçu d’un prix' }) });
    await preview.getByLabel('Tarif', { exact: true }).selectOption('student');
    await preview.getByLabel('Ressource').selectOption({ label: 'Découpeuse laser' });
    await preview.getByLabel('Durée (heures)').fill('2');
    await preview.getByRole('button', { name: 'Calculer' }).click();
    const result = preview.getByRole('status');
    await result.waitFor();
    const laser = (await desk.api.call(bookings.listResources, { query: {} } as never)).items.find((r) => r.name === 'Découpeuse laser')!;
    const quote = await desk.api.call(billing.quote, { body: { items: [{ kind: 'booking', resourceKind: laser.kind, resourceId: laser.id, minutes: 120 }], category: 'student' } } as never);
    expect(quote.totalCents).toBe(1800);
    const euros = space(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(quote.totalCents / 100));
    expect(space(await result.locator('p').first().textContent())).toBe(`Un·e membre « Étudiant·e » paie ${euros} pour 2 h de Découpeuse laser.`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-members-03-price-preview');

    // A plan's entitlements: one more (1 h of machines a month) on the Fab Lab plan, shown in the table at once.
    const plans = page.locator('section', { has: page.getByRole('heading', { name: 'Abonnements' }) });
    await plans.getByRole('button', { name: 'Droits de Fab Lab mensuel' }).click();
    const rights = plans.getByRole('form', { name: 'Ajouter ce droit' });
    await rights.getByLabel('Droit').selectOption('quota');
    await rights.getByLabel('Pour').selectOption('machine');
    await rights.getByLabel('Quantité').fill('60');
    await rights.getByRole('button', { name: 'Ajouter ce droit' }).click();
    await plans.getByRole('row', { name: /Fab Lab mensuel/ }).getByText('60 min de Machines par mois').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Events: a workshop starting within the quarter hour, Yanis registered, then present.
    await page.getByRole('navigation', { name: 'Gestion de l’espace' }).getByRole('link', { name: 'Événements' }).click();
    await page.getByRole('heading', { name: 'Événements', level: 1 }).waitFor();
    // The next quarter hour at least 5 minutes away: within the 30 minutes before the start when check-in opens.
    const startMs = Math.ceil((testNow().getTime() + 5 * 60_000) / QUARTER) * QUARTER;
    const start = paris(startMs), end = paris(startMs + 60 * 60_000);
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Nouvel événement' }) });
    await form.getByLabel('Titre').fill('Atelier soudure');
    await form.getByLabel('Date').fill(start.date);
    await form.getByLabel('Début').fill(start.time);
    await form.getByLabel('Fin').fill(end.date === start.date ? end.time : '23:59');
    await form.getByLabel('Places').fill('6');
    await form.getByRole('button', { name: 'Créer l’événement' }).click();
    await form.getByRole('status').getByText('Événement créé.').waitFor();
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Atelier soudure', level: 2 }) });
    await panel.getByLabel('Inscrire un·e membre').selectOption({ label: 'Yanis Benali' });
    await panel.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await panel.getByRole('button', { name: 'Marquer Yanis Benali présent·e' }).click();
    await panel.getByRole('cell', { name: 'Présent·e' }).waitFor();
    await panel.getByText('Inscriptions (1 / 6)').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-members-04-event-checked-in');

    // The registrations as CSV, from the panel's link.
    const csvHref = await panel.getByRole('link', { name: 'Exporter les inscriptions (CSV)' }).getAttribute('href');
    const csv = await desk.fetch(csvHref!).then((r) => r.text());
    expect(csv).toContain('Yanis Benali');

    // Phones: the member list is usable at 360 px (the table scrolls inside its card).
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/members'));
    await page.getByRole('link', { name: 'Voir la fiche de Léa Martin' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'backoffice-members-05-members-360px');
    await ctx.close();
  }, 180_000);
});
