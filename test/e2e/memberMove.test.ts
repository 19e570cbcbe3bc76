/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { at, logIn, screenshot, seriousViolations, testNow, useBrowserEnv } from './browser';

/**
 * A member moves their own booking from Mes réservations, in a real browser: the move form offers
 * the free starts of the chosen day, the booking keeps its length and price, and the API shows the
 * new start. The server's and the page's clocks are set to 07:00 (Paris) two days before a weekday
 * after the tests' now, so nothing depends on today.
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

/** A weekday (La Coloc' is open Mon–Fri) `after` days or more after the tests' now, as YYYY-MM-DD in Paris. */
function weekdayAhead(after: number): string {
  for (let d = after; ; d++) {
    const day = new Date(testNow().getTime() + d * 86_400_000);
    const name = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: ZONE }).format(day);
    if (name !== 'Sat' && name !== 'Sun') return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(day);
  }
}

// Days far enough apart that the two cases never share a day (nor a room's slot).
const CASES = [
  { lang: 'FR', viewport: { width: 390, height: 844 }, member: DEMO.coloc.member, after: 3, words: { move: /^Déplacer Salle de réunion du /, start: 'Nouvelle heure de début', confirm: 'Déplacer la réservation', moved: 'Réservation déplacée.' } },
  { lang: 'EN', viewport: { width: 1280, height: 900 }, member: DEMO.coloc.member2, after: 10, words: { move: /^Move Salle de réunion on /, start: 'New start time', confirm: 'Move the booking', moved: 'Booking moved.' } },
] as const;

describe('a member moves their own booking', () => {
  it.each(CASES)('from Mes réservations to another start the same day, same length and price ($lang, $viewport.width px)', async ({ lang, viewport, member, after, words }) => {
    const day = weekdayAhead(after);
    // Two days before, well within the room's cancellation (and move) deadline of 24 h.
    const seven = new Date(parisInstant(day, '07:00').getTime() - 2 * 86_400_000);
    s.env.setNow(seven);
    const api = await new Browser(s.env.url, hosts.coloc).login(member, DEMO.password);
    const { items } = await (await api.fetch('/api/v1/resources')).json() as { items: { id: string; name: string }[] };
    const room = items.find((r) => r.name === 'Salle de réunion')!;
    const made = await api.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: room.id, start: parisInstant(day, '10:00').toISOString(), end: parisInstant(day, '11:00').toISOString() } });
    expect(made.status).toBe(201);
    const booking = await made.json() as { id: string; quote: { totalCents: number } };

    const ctx = await s.browser.newContext({ viewport });
    await ctx.clock.setFixedTime(seven);
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.coloc, member);
    await page.goto(at(s.env.url, hosts.coloc, '/bookings'));
    if (lang === 'EN') await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('button', { name: words.move }).click();
    await page.getByLabel(words.start).selectOption({ label: '14:00' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: words.confirm }).click();
    await page.getByText(words.moved).waitFor();
    await screenshot(page, `member-move-${lang}-${viewport.width}`);

    const after2 = await (await api.fetch(`/api/v1/bookings/${booking.id}`)).json() as { localStart: string; localEnd: string; quote: { totalCents: number } };
    expect(after2.localStart.slice(0, 16)).toBe(`${day}T14:00`);
    expect(after2.localEnd.slice(0, 16)).toBe(`${day}T15:00`);
    expect(after2.quote.totalCents).toBe(booking.quote.totalCents);
    await ctx.close();
  }, 90_000);
});
