/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Browser as HttpSession, DEMO, hosts } from '../support/http';
import { at, logIn as logInAt, screenshot, testNow, useBrowserEnv } from './browser';

/**
 * One price everywhere: a member books through the portal and the amount the booking page shows
 * before "Confirmer" is the one on the booking, on the billing page, on the receipt the desk issues
 * and in the staff revenue report — for a member on a plan, one with pass credits and one with neither.
 */
const s = useBrowserEnv();

const TZ = 'Europe/Paris';

/** A day a few days ahead that is not a Sunday (closed), as YYYY-MM-DD in Paris. */
function bookableDay(): string {
  const d = new Date(testNow().getTime() + 3 * 86_400_000);
  if (new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: TZ }).format(d) === 'Sun') d.setTime(d.getTime() + 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(d);
}

/** "7,50 €" with ordinary spaces (the page and the receipt use narrow no-break ones). */
const euros = (cents: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100).replace(/\s/g, ' ');
const plain = (text: string) => text.replace(/\s+/g, ' ').trim();

interface PaymentView { id: string; memberId: string; item: { kind: string; refId: string; label: string }; totalCents: number; status: string; receiptNumber?: string }
interface Revenue { totalCents: number; months: { month: string; totalCents: number; byCategory: Record<string, number> }[]; unpaid: PaymentView[] }

async function desk(): Promise<HttpSession> {
  return new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
}

async function revenue(staff: HttpSession): Promise<Revenue> {
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric' }).format(testNow());
  const res = await staff.fetch(`/api/v1/billing/reports/revenue?year=${year}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Revenue;
}
const bookingsRevenue = (r: Revenue) => r.months.reduce((sum, m) => sum + (m.byCategory.bookings ?? 0), 0);

/** The member buys catalogue items (passes, plans, dues) and the desk records each payment, as at the counter. */
async function buyAtDesk(email: string, items: { kind: 'pass' | 'plan' | 'dues'; name: string }[]): Promise<void> {
  const member = await new HttpSession(s.env.url, hosts.machinerie).login(email, DEMO.password);
  const staff = await desk();
  const catalogue = (await (await member.fetch('/api/v1/billing/catalogue')).json()) as Record<'passes' | 'plans' | 'dues', { id: string; name: string }[]>;
  for (const i of items) {
    const entry = catalogue[i.kind === 'pass' ? 'passes' : i.kind === 'plan' ? 'plans' : 'dues'].find((e) => e.name === i.name)!;
    const bought = (await (await member.fetch('/api/v1/billing/purchases', { method: 'POST', json: { kind: i.kind, id: entry.id } })).json()) as PaymentView;
    const rec = await staff.fetch(`/api/v1/billing/members/${bought.memberId}/payments/${bought.id}/record`, { method: 'POST', json: { method: 'card_terminal' } });
    expect(rec.status).toBe(200);
  }
}

/** Books `resource` at 14:00 for an hour through /book; returns the amount shown before confirming and the booking's id. */
async function bookInPortal(page: Page, tab: string, resource: string, day: string): Promise<{ shown: string; bookingId: string }> {
  await page.goto(at(s.env.url, hosts.machinerie, '/book'));
  await page.getByRole('button', { name: tab }).click();
  await page.getByLabel('Jour').fill(day);
  const section = page.locator('section.resource', { has: page.getByRole('heading', { name: resource, exact: true }) });
  await section.getByRole('button', { name: `${resource}, 14:00` }).click();
  await section.getByLabel('Durée').selectOption('60');
  const price = section.getByTestId('book-price');
  await expect.poll(async () => plain(await price.innerText()), { timeout: 10_000 }).toMatch(/€$/);
  // The quote may still be the previous duration's: wait until it stops changing.
  let shown = plain(await price.innerText());
  await expect.poll(async () => { const now = plain(await price.innerText()); const same = now === shown; shown = now; return same; }, { timeout: 5000, interval: 300 }).toBe(true);
  const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/bookings' && r.request().method() === 'POST');
  await section.getByRole('button', { name: 'Confirmer la réservation' }).click();
  const res = await created;
  expect(res.status()).toBe(201);
  await section.getByText(new RegExp(`^C’est réservé : ${resource.replace(/[#]/g, '\\$&')}`)).waitFor();
  return { shown, bookingId: ((await res.json()) as { id: string }).id };
}

/** GET in the page, with its session. */
const pageGet = <T,>(page: Page, path: string) =>
  page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, body: (await r.json()) as unknown }; }, path) as Promise<{ status: number; body: T }>;

/**
 * The whole path of one booking's price: booking page, the booking (API and "Mes réservations"), the
 * billing page's payment line, the receipt once the desk records it, and the revenue report.
 * `expectedCents` is what the catalogue says this member pays for the hour.
 */
async function checkOnePrice(opts: { email: string; tab: string; resource: string; expectedCents: number; shot: string }): Promise<void> {
  const { email, tab, resource, expectedCents } = opts;
  const amount = euros(expectedCents);
  const staff = await desk();
  const before = await revenue(staff);

  const ctx = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  await logInAt(page, s.env.url, hosts.machinerie, email);
  const { shown, bookingId } = await bookInPortal(page, tab, resource, bookableDay());
  expect(shown).toBe(amount);

  // The booking itself, as the API gives it to its member and as "Mes réservations" shows it.
  const booking = await pageGet<{ quote: { totalCents: number } }>(page, `/api/v1/bookings/${bookingId}`);
  expect(booking.status).toBe(200);
  expect(booking.body.quote.totalCents).toBe(expectedCents);
  await page.goto(at(s.env.url, hosts.machinerie, '/bookings'));
  await page.getByRole('heading', { name: 'Mes réservations' }).waitFor();
  const item = page.locator('li.booking', { hasText: resource });
  await item.getByText('Confirmée').waitFor();
  expect(plain(await item.innerText())).toContain(`${amount} ·`);

  // The billing page: the booking's payment line, at the same amount — or none when nothing is due.
  const mine = await pageGet<{ payments: PaymentView[] }>(page, '/api/v1/billing/me');
  const payment = mine.body.payments.find((p) => p.item.kind === 'booking' && p.item.refId === bookingId);
  await page.goto(at(s.env.url, hosts.machinerie, '/billing'));
  await page.getByRole('heading', { name: 'Abonnement et paiements', level: 1 }).waitFor();
  if (expectedCents === 0) {
    expect(payment).toBeUndefined();
    expect(await page.locator('li.payment', { hasText: resource }).count()).toBe(0);
    const after = await revenue(staff);
    expect(after.unpaid.some((p) => p.item.refId === bookingId)).toBe(false);
    expect(bookingsRevenue(after)).toBe(bookingsRevenue(before));
    await screenshot(page, `${opts.shot}-billing`);
    await ctx.close();
    return;
  }
  expect(payment?.totalCents).toBe(expectedCents);
  expect(payment?.status).toBe('pending');
  const line = page.locator('li.payment', { hasText: payment!.item.label });
  await line.getByText('À payer', { exact: true }).waitFor();
  expect(plain(await line.innerText())).toContain(`${payment!.item.label} — ${amount}`);

  // Unpaid in the report until the desk records it.
  const pending = await revenue(staff);
  expect(pending.unpaid.find((p) => p.id === payment!.id)?.totalCents).toBe(expectedCents);
  expect(bookingsRevenue(pending)).toBe(bookingsRevenue(before));

  // The desk records it: the receipt carries the same amount, on its page as in the API's answer.
  const rec = await staff.fetch(`/api/v1/billing/members/${payment!.memberId}/payments/${payment!.id}/record`, { method: 'POST', json: { method: 'card_terminal' } });
  expect(rec.status).toBe(200);
  const { receipt } = (await rec.json()) as { receipt: { number: string; totalCents: number } };
  expect(receipt.totalCents).toBe(expectedCents);
  await page.reload();
  await line.getByText('Payé', { exact: true }).waitFor();
  expect(plain(await line.innerText())).toContain(`${payment!.item.label} — ${amount}`);
  const href = (await line.getByRole('link', { name: `Reçu ${receipt.number}` }).getAttribute('href'))!;
  const opened = await page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, text: await r.text() }; }, href);
  expect(opened.status).toBe(200);
  expect(plain(opened.text)).toContain(amount);
  await screenshot(page, `${opts.shot}-billing`);

  // The revenue report: the booking's amount, once, under bookings.
  const after = await revenue(staff);
  expect(after.unpaid.some((p) => p.id === payment!.id)).toBe(false);
  expect(bookingsRevenue(after) - bookingsRevenue(before)).toBe(expectedCents);
  expect(after.totalCents - before.totalCents).toBe(expectedCents);
  await ctx.close();
}

describe('one price from the booking page to the revenue report', () => {
  it('a member on the Fab Lab plan (adherent, -25 % on machines) sees, is charged, gets a receipt for and is reported at 7,50 € for an hour of 3D printer', async () => {
    await buyAtDesk('lea@machinerie.example', [{ kind: 'dues', name: 'Adhésion annuelle' }, { kind: 'plan', name: 'Fab Lab mensuel' }]);
    await checkOnePrice({ email: 'lea@machinerie.example', tab: 'Machines', resource: 'Imprimante 3D Prusa #1', expectedCents: 750, shot: 'one-price-01-plan' });
  }, 60_000);

  it('a member with machine credits sees 0,00 € on the booking page and on the booking, and no payment is opened or reported', async () => {
    await buyAtDesk('yanis@machinerie.example', [{ kind: 'pass', name: '5 h de découpe laser' }]);
    await checkOnePrice({ email: 'yanis@machinerie.example', tab: 'Machines', resource: 'Imprimante 3D Prusa #2', expectedCents: 0, shot: 'one-price-02-credits' });
  }, 60_000);

  it('a member with neither plan nor credits sees, is charged, gets a receipt for and is reported at the standard room rate', async () => {
    await checkOnePrice({ email: 'sophie@machinerie.example', tab: 'Salles', resource: 'Salle Somme', expectedCents: 2500, shot: 'one-price-03-standard' });
  }, 60_000);
});
