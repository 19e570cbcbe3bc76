/// <reference lib="dom" />
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Browser as HttpSession, DEMO, hosts } from '../support/http';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv } from './browser';

/**
 * A prospect, logged out, reads what a space offers before joining: prices of its dues, plans and
 * passes, what can be booked and at what hourly price, the next events and a few products, each
 * only where the space runs the module; then the widget a space puts on its own website, rendered
 * on another origin from the space's public API. Days and prices come from the demo seed, relative
 * to the test clock.
 */
const s = useBrowserEnv();
const VIEWPORTS = [{ width: 390, height: 844 }, { width: 1280, height: 900 }] as const;

describe('public offer pages', () => {
  it.each(VIEWPORTS)('La Machinerie shows a prospect its plans, prices, bookable machines, events and shop, FR and EN (%o)', async (viewport) => {
    const ctx = await s.browser.newContext({ viewport });
    const page = await ctx.newPage();
    await page.goto(at(s.env.url, hosts.machinerie, '/'));
    const prices = page.locator('section', { has: page.getByRole('heading', { name: 'Adhésion et formules' }) });
    await prices.getByText('Fab Lab mensuel').waitFor();
    expect(await prices.getByText('30,00 € par mois').count()).toBeGreaterThan(0);
    expect(await prices.getByText('20,00 € par an').count()).toBeGreaterThan(0); // the dues
    const book = page.locator('section', { has: page.getByRole('heading', { name: 'Ce que vous pourrez réserver' }) });
    await book.getByText('Découpeuse laser').waitFor();
    expect(await book.locator('li', { hasText: 'Découpeuse laser' }).getByText('Formation requise').count()).toBe(1);
    const events = page.locator('section', { has: page.getByRole('heading', { name: 'Prochains événements' }) });
    await events.getByRole('link').first().waitFor();
    const shop = page.locator('section', { has: page.getByRole('heading', { name: 'À la boutique' }) });
    await shop.getByText('Carnet relié main A5').waitFor();
    await page.getByRole('link', { name: 'Rejoindre La Machinerie' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `public-offer-machinerie-${viewport.width}`);

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Membership and plans' }).waitFor();
    expect(await page.getByText('€30.00 a month').count() + await page.getByText('30,00 € a month').count()).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Upcoming events' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 90_000);

  it("La Coloc' shows its 150 € plan and desks, and nothing of events or a shop", async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(at(s.env.url, hosts.coloc, '/'));
    await page.getByText('Coworking illimité').waitFor();
    expect(await page.getByText('150,00 € par mois').count()).toBeGreaterThan(0);
    await page.getByText('Plateau coworking').waitFor();
    expect(await page.getByRole('heading', { name: 'Prochains événements' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'À la boutique' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 60_000);

  it("the widget renders the space's events and bookable resources on another website", async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const script = (kind: string) => `<script src="${at(s.env.url, hosts.machinerie, '/embed.js')}" data-lieu-widget="${kind}" async></script>`;
    // Another website: its own server on another origin (loopback too, as Chromium lets only a page of
    // the same or a more private address space load from the local server).
    const html = `<!doctype html><html lang="fr"><head><title>Site de La Machinerie</title></head><body><main><h1>Bienvenue</h1>${script('events')}${script('resources')}</main></body></html>`;
    const site = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(html); });
    await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
    const port = (site.address() as AddressInfo).port;
    try {
      await page.goto(`http://127.0.0.1:${port}/`);
      const events = page.locator('.lieu-widget[data-lieu-widget="events"]');
      await events.getByRole('heading', { name: 'La Machinerie — Prochains événements' }).waitFor();
      // The same events, in the same order, as the space's public list.
      const listed = (await (await new HttpSession(s.env.url, hosts.machinerie).fetch('/api/v1/public/events?limit=5')).json()) as { items: { id: string; title: string }[] };
      expect(listed.items.length).toBeGreaterThan(0);
      expect(await events.getByRole('link').allInnerTexts()).toEqual([...listed.items.map((e) => e.title), 'Voir tout']);
      expect(await events.getByRole('link').first().getAttribute('href')).toBe(at(s.env.url, hosts.machinerie, `/events/${listed.items[0]!.id}`));
      const resources = page.locator('.lieu-widget[data-lieu-widget="resources"]');
      await resources.getByText('Découpeuse laser').waitFor();
      expect(await resources.getByText('18,00 € de l’heure').count()).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'public-offer-widget');
    } finally { site.close(); await ctx.close(); }
  }, 60_000);

  it('staff find the lines to paste on their website in the settings', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.owner);
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/settings'));
    const embed = page.locator('#embed');
    expect(await embed.getByLabel('Vos prochains événements').inputValue()).toBe(`<script src="${at(s.env.url, hosts.machinerie, '/embed.js')}" data-lieu-widget="events" async></script>`);
    expect(await embed.getByLabel('Ce qui se réserve et ses prix').inputValue()).toContain('data-lieu-widget="resources"');
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 60_000);
});
