/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Browser, DEMO, hosts } from '../support/http';
import { at, logIn as logInAt, screenshot, seriousViolations, testNow, useBrowserEnv } from './browser';

/**
 * The booking page at La Machinerie, in French and in English, on a phone and on a desk screen:
 * previous/next day and the date picker; only the durations that end by closing time; the places
 * left said with their plural; a weekly series booked from the page at the quote's price.
 */
const s = useBrowserEnv();

const paris = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
/** A day `ahead` days after the tests' now, moved off Sunday (closed), as YYYY-MM-DD in Paris. */
function bookableDay(ahead: number): string {
  const d = new Date(testNow().getTime() + ahead * 86_400_000);
  if (new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Paris' }).format(d) === 'Sun') d.setTime(d.getTime() + 86_400_000);
  return paris(d);
}
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

async function api(email: string) {
  return new Browser(s.env.url, hosts.machinerie).login(email, DEMO.password);
}

const WORDS = {
  fr: {
    book: 'Réserver', day: 'Jour', prev: 'Veille', next: 'Lendemain', coworking: 'Coworking', rooms: 'Salles', duration: 'Durée',
    oneLeft: '1 place libre', twoLeft: '2 places libres', closes: (t: string) => `Fermeture à ${t} : les durées proposées finissent avant.`,
    tooLate: /^Trop près de la fermeture/, durations: ['1 h', '1 h 30 min', '2 h'],
    repeat: 'Répéter chaque semaine', for: 'Pendant', weeks: '3 semaines', seriesPrice: 'Prix TTC des 3 séances', confirm: 'Confirmer les 3 réservations',
    done: /^C’est réservé : Salle Picardie, 3 séances de 11:00 à 12:00, du /,
  },
  en: {
    book: 'Book', day: 'Day', prev: 'Previous day', next: 'Next day', coworking: 'Coworking', rooms: 'Rooms', duration: 'Duration',
    oneLeft: '1 spot left', twoLeft: '2 spots left', closes: (t: string) => `Closes at ${t}: the durations offered end before then.`,
    tooLate: /^Too close to closing time/, durations: ['1 h', '1 h 30 min', '2 h'],
    repeat: 'Repeat every week', for: 'For', weeks: '3 weeks', seriesPrice: 'Price incl. VAT for the 3 sessions', confirm: 'Confirm the 3 bookings',
    done: /^Booked: Salle Picardie, 3 sessions from 11:00 to 12:00, /,
  },
} as const;
type Locale = keyof typeof WORDS;

async function openBooking(page: Page, email: string, locale: Locale) {
  await logInAt(page, s.env.url, hosts.machinerie, email);
  if (locale === 'en') await page.evaluate(() => localStorage.setItem('lieu.locale', 'en'));
  await page.goto(at(s.env.url, hosts.machinerie, '/book'));
  await page.getByLabel(WORDS[locale].day, { exact: true }).waitFor();
}

/** A two-seat desk area, made by staff once: its places left are 2, then 1 once Yanis takes one at 10:00. */
let duo: Promise<void> | null = null;
const twoSeatBench = (day: string) => (duo ??= (async () => {
  const staff = await api(DEMO.machinerie.operator);
  const res = await staff.fetch('/api/v1/resources', {
    method: 'POST',
    json: { kind: 'desk_area', name: 'Banc duo', capacity: 2, priceCentsPerHour: 200, rules: { slotMinutes: 30, minMinutes: 60, maxMinutes: 600, bufferMinutes: 0 } },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const bench = (await res.json()) as { id: string };
  const yanis = await api(DEMO.machinerie.member2);
  const start = new Date(`${day}T10:00:00${offsetOf(day)}`).toISOString();
  const booked = await yanis.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: bench.id, start, end: new Date(Date.parse(start) + 3_600_000).toISOString() } });
  expect(booked.status, await booked.clone().text()).toBe(201);
})());
/** Paris's UTC offset at noon on `day`, as "+01:00" or "+02:00". */
function offsetOf(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  const h = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(noon));
  return `+${String(h - 12).padStart(2, '0')}:00`;
}

describe('the booking page', () => {
  for (const [locale, width] of [['fr', 390], ['en', 1280]] as const) {
    it(`${locale}, ${width} px: previous/next day and the date picker, durations that end by closing time, places left in the plural`, async () => {
      const w = WORDS[locale];
      const day = bookableDay(3);
      await twoSeatBench(day);
      const ctx = await s.browser.newContext({ viewport: { width, height: 900 } });
      const page = await ctx.newPage();
      await openBooking(page, DEMO.machinerie.member, locale);
      const date = page.getByLabel(w.day, { exact: true });
      const today = paris(testNow());

      // Day navigation: not before today; next, next, previous; the picker jumps.
      expect(await date.inputValue()).toBe(today);
      expect(await page.getByRole('button', { name: w.prev }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: w.next }).click();
      await page.getByRole('button', { name: w.next }).click();
      expect(await date.inputValue()).toBe(addDays(today, 2));
      await page.getByRole('button', { name: w.prev }).click();
      expect(await date.inputValue()).toBe(addDays(today, 1));
      const shown = await page.getByTestId('book-day').textContent();
      await date.fill(day);
      await expect.poll(() => page.getByTestId('book-day').textContent()).not.toBe(shown);

      // Places left, in the plural: the two-seat bench at 10:00 (one taken) and at 11:00.
      await page.getByRole('button', { name: w.coworking, exact: true }).click();
      const bench = page.locator('section.resource', { has: page.getByRole('heading', { name: 'Banc duo' }) });
      await expect.poll(() => bench.getByRole('button', { name: /^Banc duo, 10:00/ }).textContent()).toContain(w.oneLeft);
      expect(await bench.getByRole('button', { name: /^Banc duo, 11:00/ }).textContent()).toContain(w.twoLeft);
      // Read out with the slot: its name carries the places left.
      expect(await bench.getByRole('button', { name: new RegExp(`^Banc duo, 10:00\\s*,\\s*${w.oneLeft}$`) }).count()).toBe(1);

      // Durations: two hours before closing, at most two hours; half an hour before, none (the minimum is an hour).
      const open = page.locator('section.resource', { has: page.getByRole('heading', { name: 'Open-space' }) });
      const times = await open.locator('.slots .slot > span[aria-hidden="true"]').allTextContents();
      const closing = toMin(times[times.length - 1]!) + 30;
      await open.getByRole('button', { name: new RegExp(`^Open-space, ${hhmm(closing - 120)}`) }).click();
      const options = await open.getByLabel(w.duration).locator('option').allTextContents();
      expect(options).toEqual(w.durations);
      await open.getByText(w.closes(hhmm(closing))).waitFor();
      let violations = await seriousViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await screenshot(page, `booking-page-${locale}-${width}-durations`);
      await open.getByRole('button', { name: new RegExp(`^Open-space, ${hhmm(closing - 30)}`) }).click();
      await open.getByText(w.tooLate).waitFor();
      expect(await open.getByLabel(w.duration).count()).toBe(0);
      violations = await seriousViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await ctx.close();
    }, 180_000);
  }

  for (const [locale, width, ahead] of [['fr', 1280, 5], ['en', 390, 8]] as const) {
    it(`${locale}, ${width} px: a member books the same hour every week for 3 weeks, at the quote's price for the 3 sessions`, async () => {
      const w = WORDS[locale];
      const day = bookableDay(ahead);
      const lea = await api(DEMO.machinerie.member);
      const rooms = ((await (await lea.fetch('/api/v1/resources')).json()) as { items: { id: string; name: string }[] }).items;
      const picardie = rooms.find((r) => r.name === 'Salle Picardie')!;
      const quote = await lea.fetch('/api/v1/billing/quote', {
        method: 'POST', json: { items: [0, 7, 14].map((n) => ({ kind: 'booking', resourceKind: 'room', resourceId: picardie.id, date: addDays(day, n), minutes: 60 })) },
      });
      const { totalCents } = (await quote.json()) as { totalCents: number };

      const ctx = await s.browser.newContext({ viewport: { width, height: 900 } });
      const page = await ctx.newPage();
      await openBooking(page, DEMO.machinerie.member, locale);
      await page.getByRole('button', { name: w.rooms, exact: true }).click();
      await page.getByLabel(w.day, { exact: true }).fill(day);
      const room = page.locator('section.resource', { has: page.getByRole('heading', { name: 'Salle Picardie' }) });
      await room.getByRole('button', { name: /^Salle Picardie, 11:00/ }).click();
      await room.getByLabel(w.duration).selectOption('60');
      await room.getByLabel(w.repeat).check();
      await room.getByLabel(w.for, { exact: true }).selectOption({ label: w.weeks });
      await room.getByText(w.seriesPrice).waitFor();
      const price = (totalCents / 100).toFixed(2);
      await expect.poll(() => room.getByTestId('book-price').textContent()).toMatch(new RegExp(locale === 'fr' ? `^${price.replace('.', ',')}\\s€$` : `^€${price}$`));
      const violations = await seriousViolations(page);
      expect(violations, violations.join('\n')).toEqual([]);
      await screenshot(page, `booking-page-${locale}-${width}-series`);
      await room.getByRole('button', { name: w.confirm }).click();
      await room.getByText(w.done).waitFor();

      const mine = ((await (await lea.fetch('/api/v1/me/bookings?limit=100')).json()) as { items: { resourceId: string; localStart: string; seriesId?: string; status: string }[] }).items
        .filter((b) => b.resourceId === picardie.id && b.status === 'confirmed' && [0, 7, 14].some((n) => b.localStart.startsWith(`${addDays(day, n)}T11:00`)));
      expect(mine).toHaveLength(3);
      expect(new Set(mine.map((b) => b.seriesId)).size).toBe(1);
      expect(mine[0]!.seriesId).toBeTruthy();
      await ctx.close();
    }, 180_000);
  }
});
