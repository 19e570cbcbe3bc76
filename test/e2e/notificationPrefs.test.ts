/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv } from './browser';

/** A member chooses on the account page which emails they receive; the API keeps the choice. */
const s = useBrowserEnv();

describe('email preferences on the account page', () => {
  it('a member turns off the confirmation email; the choice is saved and shown again after a reload', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.member);
    await page.goto(at(s.env.url, hosts.machinerie, '/account'));
    await page.getByRole('heading', { name: 'Emails que vous recevez' }).waitFor();
    const confirmed = page.getByRole('checkbox', { name: 'Réservation confirmée' });
    expect(await confirmed.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Réservation annulée' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Réservation déplacée' }).isChecked()).toBe(true);
    // La Machinerie runs every module: a switch for each kind of email, all on.
    for (const name of ['Inscription à un événement', 'Place libérée sur liste d’attente', 'Paiement reçu (avec le reçu)', 'Formation validée', 'Commande prête à retirer']) {
      expect(await page.getByRole('checkbox', { name }).isChecked(), name).toBe(true);
    }
    expect(await seriousViolations(page)).toEqual([]);

    await confirmed.uncheck();
    await page.getByText('Enregistré.').first().waitFor();
    const api = await new Browser(s.env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const me = await (await api.fetch('/api/v1/auth/me')).json() as { user: { notifications: Record<string, boolean> } };
    expect(me.user.notifications).toEqual({
      bookingConfirmed: false, bookingCancelled: true, bookingMoved: true,
      eventRegistered: true, eventPromoted: true, paymentReceived: true, qualificationGranted: true, orderReady: true,
    });

    await page.reload();
    await page.getByRole('heading', { name: 'Emails que vous recevez' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Réservation confirmée' }).isChecked()).toBe(false);
    await screenshot(page, 'account-booking-email-preferences');
    await ctx.close();
  }, 60_000);
});

describe('a coworking-only space shows only the switches of what it runs', () => {
  it("La Coloc' lists the booking and payment emails, not the event, training or shop ones", async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.coloc, DEMO.coloc.member);
    await page.goto(at(s.env.url, hosts.coloc, '/account'));
    await page.getByRole('heading', { name: 'Emails que vous recevez' }).waitFor();
    const boxes = await page.getByRole('group', { name: 'Emails que vous recevez' }).getByRole('checkbox').evaluateAll((els) => els.map((e) => e.parentElement!.textContent!.trim()));
    expect(boxes).toEqual(['Réservation confirmée', 'Réservation annulée', 'Réservation déplacée', 'Paiement reçu (avec le reçu)']);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 60_000);
});
