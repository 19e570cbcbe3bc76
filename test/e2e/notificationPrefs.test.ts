/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv } from './browser';

/** A member chooses on the account page which booking emails they receive; the API keeps the choice. */
const s = useBrowserEnv();

describe('booking email preferences on the account page', () => {
  it('a member turns off the confirmation email; the choice is saved and shown again after a reload', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.member);
    await page.goto(at(s.env.url, hosts.machinerie, '/account'));
    await page.getByRole('heading', { name: 'Emails de réservation' }).waitFor();
    const confirmed = page.getByRole('checkbox', { name: 'Réservation confirmée' });
    expect(await confirmed.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Réservation annulée' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Réservation déplacée' }).isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await confirmed.uncheck();
    await page.getByText('Enregistré.').first().waitFor();
    const api = await new Browser(s.env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const me = await (await api.fetch('/api/v1/auth/me')).json() as { user: { notifications: Record<string, boolean> } };
    expect(me.user.notifications).toEqual({ bookingConfirmed: false, bookingCancelled: true, bookingMoved: true });

    await page.reload();
    await page.getByRole('heading', { name: 'Emails de réservation' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Réservation confirmée' }).isChecked()).toBe(false);
    await screenshot(page, 'account-booking-email-preferences');
    await ctx.close();
  }, 60_000);
});
