/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { Browser, DEMO, hosts } from '../support/http';
import { ARTIFACTS, at, logIn as logInAt, screenshot, seriousViolations, testNow, useBrowserEnv } from './browser';

/**
 * Staff move bookings on the calendar's day grid by drag-and-drop, with the mouse and with the
 * keyboard (space, arrows, space), in French and in English, on a desk screen and on a phone. The
 * drop calls the one-transaction move; a refused move says why and the booking stays.
 */
const s = useBrowserEnv();

/** A day `ahead` days after the tests' now, moved off Sunday (closed), as YYYY-MM-DD in Paris. */
function bookableDay(ahead: number): string {
  const d = new Date(testNow().getTime() + ahead * 86_400_000);
  if (new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Paris' }).format(d) === 'Sun') d.setTime(d.getTime() + 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
}

async function api(email: string) {
  return new Browser(s.env.url, hosts.machinerie).login(email, DEMO.password);
}
const resourceIds = async (b: Browser) =>
  new Map(((await (await b.fetch('/api/v1/resources')).json()) as { items: { id: string; name: string }[] }).items.map((r) => [r.name, r.id]));
/** Books as `email` from the API. */
async function bookAs(email: string, resource: string, day: string, from: string, to: string) {
  const b = await api(email);
  const id = (await resourceIds(b)).get(resource)!;
  const res = await b.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: id, start: zoned(day, from), end: zoned(day, to) } });
  expect(res.status, await res.clone().text()).toBe(201);
  const booking = (await res.json()) as { id: string };
  return { browser: b, id: booking.id, read: async () => (await (await b.fetch(`/api/v1/bookings/${booking.id}`)).json()) as { localStart: string; resourceId: string; resourceName: string } };
}
/** The instant of a Paris wall-clock time on `day` (offset read from Intl, so any season works). */
function zoned(day: string, hhmm: string): string {
  const guess = new Date(`${day}T${hhmm}:00Z`);
  const inParis = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(guess);
  const diff = (Number(inParis.slice(0, 2)) * 60 + Number(inParis.slice(3, 5))) - (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));
  return new Date(guess.getTime() - diff * 60_000).toISOString();
}

async function openCalendar(page: Page, day: string, locale: 'fr' | 'en') {
  await logInAt(page, s.env.url, hosts.machinerie, DEMO.machinerie.operator);
  if (locale === 'en') await page.evaluate(() => localStorage.setItem('lieu.locale', 'en'));
  await page.goto(at(s.env.url, hosts.machinerie, '/staff/calendar'));
  await page.getByLabel(locale === 'fr' ? 'Jour' : 'Day', { exact: true }).fill(day);
}

/** Presses the mouse on `chip`, moves it by `dx` (and to `toY` when given) in steps, releases. */
async function drag(page: Page, chip: Locator, dx: number, toY?: number) {
  await chip.scrollIntoViewIfNeeded();
  const box = (await chip.boundingBox())!;
  const x = box.x + 8, y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + (dx * i) / 10, y + (((toY ?? y) - y) * i) / 10);
  await page.mouse.up();
}

describe('staff move bookings by drag-and-drop on the calendar', () => {
  it('with the mouse (French, 1280 px): to a later hour on the same room, to the other printer; onto a taken slot it is refused and stays', async () => {
    const day = bookableDay(3);
    const room = await bookAs(DEMO.machinerie.member, 'Salle Somme', day, '14:00', '15:00');
    const print = await bookAs(DEMO.machinerie.member, 'Imprimante 3D Prusa #1', day, '10:00', '11:00');
    await bookAs(DEMO.machinerie.member2, 'Salle Somme', day, '10:00', '11:00');
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await openCalendar(page, day, 'fr');

    const chip = page.getByRole('button', { name: '14:00–15:00 Léa Martin, Salle Somme, Confirmée' });
    const hour = (await chip.boundingBox())!.width; // a one-hour booking spans one hour of the grid
    await drag(page, chip, 2 * hour);
    await page.getByText('Réservation de Léa Martin déplacée : 16:00–17:00, Salle Somme.').waitFor();
    await page.getByRole('button', { name: '16:00–17:00 Léa Martin, Salle Somme, Confirmée' }).waitFor();
    expect((await room.read()).localStart.slice(0, 16)).toBe(`${day}T16:00`);
    expect(await page.locator('section.cal-panel').count()).toBe(0); // the drop is not a click on the booking

    // Another row: the printer's booking dropped on the second printer's row, an hour later.
    const printChip = page.getByRole('button', { name: '10:00–11:00 Léa Martin, Imprimante 3D Prusa #1, Confirmée' });
    const target = (await page.locator('section.cal-row', { has: page.getByRole('heading', { name: 'Imprimante 3D Prusa #2' }) }).locator('.cal-track').boundingBox())!;
    await drag(page, printChip, hour, target.y + target.height / 2);
    await page.getByRole('button', { name: '11:00–12:00 Léa Martin, Imprimante 3D Prusa #2, Confirmée' }).waitFor();
    const moved = await print.read();
    expect([moved.resourceName, moved.localStart.slice(0, 16)]).toEqual(['Imprimante 3D Prusa #2', `${day}T11:00`]);

    // 10:00 on Salle Somme is Yanis's: the API refuses, the page says why, Léa's booking stays at 16:00.
    await drag(page, page.getByRole('button', { name: '16:00–17:00 Léa Martin, Salle Somme, Confirmée' }), -6 * hour);
    await page.getByRole('alert').getByText('Ce créneau vient d’être réservé par quelqu’un d’autre.').waitFor();
    await expect.poll(() => page.getByTestId('drag-status').textContent()).toBe('Déplacement refusé : la réservation de Léa Martin reste à 16:00–17:00, Salle Somme.');
    await page.getByRole('button', { name: '16:00–17:00 Léa Martin, Salle Somme, Confirmée' }).waitFor();
    expect((await room.read()).localStart.slice(0, 16)).toBe(`${day}T16:00`);
    const violations = await seriousViolations(page);
    expect(violations, violations.join('\n')).toEqual([]);
    await screenshot(page, 'calendar-drag-01-mouse-refused');
    // A click that does not move still opens the booking, whose form stays the other way to move it.
    await page.getByRole('button', { name: '16:00–17:00 Léa Martin, Salle Somme, Confirmée' }).click();
    await page.locator('section.cal-panel').getByRole('button', { name: 'Déplacer' }).waitFor();
    await ctx.close();
  }, 180_000);

  it('with the keyboard (English, 390 px): space picks the booking up, arrows move it a slot at a time, space drops it; the moves are announced', async () => {
    const day = bookableDay(4);
    const room = await bookAs(DEMO.machinerie.member, 'Salle Somme', day, '14:00', '15:00');
    const ctx = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await openCalendar(page, day, 'en');

    const chip = page.getByRole('button', { name: '14:00–15:00 Léa Martin, Salle Somme, Confirmed' });
    await chip.focus();
    await page.keyboard.press('Space');
    const live = page.getByTestId('drag-status');
    await expect.poll(() => live.textContent()).toContain('Picked up Léa Martin’s booking: 14:00–15:00, Salle Somme.');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight'); // 4 slots of 30 minutes
    await expect.poll(() => live.textContent()).toContain('16:00–17:00, Salle Somme');
    // Not a full-page screenshot: resizing the viewport for it would cancel the drag, as a real resize does.
    await page.screenshot({ path: `${ARTIFACTS}/calendar-drag-02-keyboard-carrying.png` });
    await page.keyboard.press('Space');
    await page.getByText('Léa Martin’s booking moved: 16:00–17:00, Salle Somme.').waitFor();
    await page.getByRole('button', { name: '16:00–17:00 Léa Martin, Salle Somme, Confirmed' }).waitFor();
    expect((await room.read()).localStart.slice(0, 16)).toBe(`${day}T16:00`);

    // Down a row: the printer's booking onto the second printer, same hour.
    const print = await bookAs(DEMO.machinerie.member, 'Imprimante 3D Prusa #1', day, '10:00', '11:00');
    await page.reload();
    await page.getByLabel('Day', { exact: true }).fill(day);
    await page.getByRole('button', { name: '10:00–11:00 Léa Martin, Imprimante 3D Prusa #1, Confirmed' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => live.textContent()).toContain('Picked up'); // the arrows are listened to once it is picked up
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => live.textContent()).toBe('10:00–11:00, Imprimante 3D Prusa #2');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: '10:00–11:00 Léa Martin, Imprimante 3D Prusa #2, Confirmed' }).waitFor();
    expect((await print.read()).resourceName).toBe('Imprimante 3D Prusa #2');
    // The focus comes back to the booking in its new row, for the next move.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('10:00–11:00 Léa Martin, Imprimante 3D Prusa #2, Confirmed');

    // Escape puts it back where it was.
    await page.getByRole('button', { name: '16:00–17:00 Léa Martin, Salle Somme, Confirmed' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => live.textContent()).toContain('Picked up');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Escape');
    await expect.poll(() => live.textContent()).toContain('Move cancelled: Léa Martin’s booking stays at 16:00–17:00, Salle Somme.');
    expect((await room.read()).localStart.slice(0, 16)).toBe(`${day}T16:00`);
    const violations = await seriousViolations(page);
    expect(violations, violations.join('\n')).toEqual([]);
    await screenshot(page, 'calendar-drag-03-keyboard-moved');
    await ctx.close();
  }, 180_000);
});
