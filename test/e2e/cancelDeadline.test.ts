/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { at, logIn, screenshot, seriousViolations, testNow, useBrowserEnv } from './browser';

/**
 * The cancellation deadline, seen by a member of La Coloc' (Plateau coworking: online cancellation
 * until 2 h before the start): before confirming a slot, on each booking, and once it has passed
 * (no Annuler, the reason instead); cancelling asks first. The server's and the page's clocks are
 * both set to 07:00 (Paris) on a weekday after the tests' now, so nothing depends on today.
 */
const s = useBrowserEnv();
const ZONE = 'Europe/Paris';

/** The instant of a wall-clock time in Paris. */
function parisInstant(date: string, hhmm: string): Date {
  const guess = Date.parse(`${date}T${hhmm}:00Z`);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(guess));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const shown = Date.parse(`${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:00Z`);
  return new Date(guess - (shown - guess));
}

/** A weekday (La Coloc' is open Mon–Fri) at least two days after the tests' now, as YYYY-MM-DD in Paris. */
function weekdayAhead(): string {
  for (let d = 2; ; d++) {
    const day = new Date(testNow().getTime() + d * 86_400_000);
    const name = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: ZONE }).format(day);
    if (name !== 'Sat' && name !== 'Sun') return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(day);
  }
}

describe('the cancellation deadline in the portal', () => {
  it('is shown before confirming and on the booking; past it Annuler gives way to the reason; cancelling asks first', async () => {
    const day = weekdayAhead();
    const seven = parisInstant(day, '07:00');
    s.env.setNow(seven);
    const ctx = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    await ctx.clock.setFixedTime(seven);
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.coloc, DEMO.coloc.member);

    // Before confirming: 10:00 can be cancelled until 08:00; 08:30 already cannot (less than 2 h ahead).
    await page.goto(at(s.env.url, hosts.coloc, '/book'));
    await page.getByRole('button', { name: 'Coworking', exact: true }).click();
    const plateau = page.locator('section.resource', { has: page.getByRole('heading', { name: 'Plateau coworking' }) });
    await plateau.getByRole('button', { name: 'Plateau coworking, 08:30' }).click();
    await plateau.getByText('Cette réservation ne pourra pas être annulée en ligne : elle commence dans moins de 2 h.').waitFor();
    await plateau.getByRole('button', { name: 'Plateau coworking, 10:00' }).click();
    const deadline = plateau.getByTestId('cancel-deadline');
    await deadline.getByText(/^Annulation en ligne possible jusqu’au .+ à 08:00\.$/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'cancel-deadline-01-before-confirming');
    await plateau.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await plateau.getByText(/^C’est réservé : Plateau coworking/).waitFor();

    // A second booking, in the afternoon (cancellable until 13:00), made through the API.
    const julie = await new Browser(s.env.url, hosts.coloc).login(DEMO.coloc.member, DEMO.password);
    const afternoon = await julie.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: await resourceId(julie, 'Plateau coworking'), start: parisInstant(day, '15:00').toISOString(), end: parisInstant(day, '16:00').toISOString() } });
    expect(afternoon.status).toBe(201);

    await page.goto(at(s.env.url, hosts.coloc, '/bookings'));
    const morning = page.locator('li.booking', { hasText: '10:00' });
    await morning.getByText(/^Annulable en ligne jusqu’au .+ à 08:00\.$/).waitFor();
    // Cancelling asks first; "no" keeps the booking.
    await morning.getByRole('button', { name: /^Annuler Plateau coworking/ }).click();
    await morning.getByText('Annuler cette réservation ?').waitFor();
    await morning.getByRole('button', { name: 'Non, la garder' }).click();
    await morning.getByText('Confirmée').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'cancel-deadline-02-my-bookings');

    // 08:30: the morning booking's deadline has passed, the afternoon's has not.
    const halfPastEight = new Date(seven.getTime() + 90 * 60_000);
    s.env.setNow(halfPastEight);
    await ctx.clock.setFixedTime(halfPastEight);
    await page.reload();
    await morning.getByText(/^Trop tard pour annuler en ligne \(c’était possible jusqu’au .+ à 08:00\) : contactez l’équipe\.$/).waitFor();
    expect(await morning.getByRole('button', { name: /^Annuler/ }).count()).toBe(0);
    const later = page.locator('li.booking', { hasText: '15:00' });
    await later.getByText(/^Annulable en ligne jusqu’au .+ à 13:00\.$/).waitFor();
    await later.getByRole('button', { name: /^Annuler Plateau coworking/ }).click();
    await later.getByRole('button', { name: 'Oui, annuler' }).click();
    await page.getByText('Réservation annulée.').waitFor();
    await later.getByText('Annulée').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'cancel-deadline-03-past-deadline');
    await ctx.close();
    s.env.setNow(null);
  }, 120_000);
});

async function resourceId(b: Browser, name: string): Promise<string> {
  const { items } = await (await b.fetch('/api/v1/resources')).json() as { items: { id: string; name: string }[] };
  return items.find((r) => r.name === name)!.id;
}
