/// <reference lib="dom" />
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/http';
import { BOOKING_PAGE_PAINTED, firstLoadGzip, firstRenderSamples, median, memberContext } from '../support/webMetrics';
import { ARTIFACTS, at, cssVar, screenshot, seriousViolations, useBrowserEnv } from './browser';

/** Two seeded spaces side by side: each its own product, and a session of one never opens the other. */
const s = useBrowserEnv();

const SPACES = [
  { host: 'machinerie.localhost', name: 'La Machinerie', brand: '#c0392b', member: DEMO.machinerie.member },
  { host: 'coloc.localhost', name: "La Coloc'", brand: '#0b7a75', member: DEMO.coloc.member },
] as const;

describe('two spaces, two products', () => {
  it('the same pages show each space’s own name and colours, with no serious accessibility issue', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    for (const space of SPACES) {
      for (const path of ['/', '/login', '/signup', '/login/magic', '/forgot-password']) {
        await page.goto(at(s.env.url, space.host, path));
        await page.locator('h1').first().waitFor();
        expect(await page.locator('.brand-name').textContent()).toBe(space.name);
        expect(await cssVar(page, '--brand')).toBe(space.brand);
        expect(await page.title()).toBe(space.name);
        expect(await seriousViolations(page), `${space.host}${path}`).toEqual([]);
      }
      await page.goto(at(s.env.url, space.host, '/'));
      await page.getByRole('heading', { level: 1, name: space.name }).waitFor();
      await screenshot(page, `tenants-${space.host.split('.')[0]}-home`);
    }
    await ctx.close();
  }, 90_000);

  it('a member signs in on one space; the other space does not know them, even with the cookie copied', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    const [machinerie, coloc] = SPACES;
    await page.goto(at(s.env.url, machinerie.host, '/login'));
    await page.getByLabel('Email').fill(machinerie.member);
    await page.getByLabel('Mot de passe').fill(DEMO.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Bonjour Léa !' }).waitFor();

    await page.getByRole('link', { name: 'Mon compte' }).click();
    await page.getByRole('heading', { name: 'Mon compte', exact: true }).waitFor();
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(machinerie.member);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'tenants-machinerie-account');

    // The language switch: the portal (and the profile) turn English; dates follow the locale.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'My account', exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, 'tenants-machinerie-account-en');
    await page.getByRole('button', { name: 'FR', exact: true }).click();

    // Coloc's host: the browser does not send Machinerie's cookie, and the account page asks to log in.
    await page.goto(at(s.env.url, coloc.host, '/account'));
    await page.getByRole('heading', { name: `Se connecter à ${coloc.name}` }).waitFor();

    // Even with Machinerie's session cookie planted on Coloc's host, Coloc does not open: the API
    // refuses the foreign session on every route, and the portal says so instead of a blank page.
    const session = (await ctx.cookies(at(s.env.url, machinerie.host))).find((c) => c.name === 'lieu_session');
    expect(session).toBeDefined();
    await ctx.addCookies([{ name: 'lieu_session', value: session!.value, domain: coloc.host, path: '/' }]);
    await page.goto(at(s.env.url, coloc.host, '/account'));
    await page.getByRole('heading', { name: 'Session d’un autre espace' }).waitFor();
    expect(await page.getByText('Léa').count()).toBe(0);
    expect(await page.getByText(machinerie.member).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'tenants-coloc-refuses-machinerie-session');
    await ctx.close();
  }, 60_000);

  it('a member’s first load stays within the JavaScript budget; time to first render of home and booking page (measured)', async () => {
    // What the first page load downloads, and time to first render (shared with `pnpm bench web`).
    const load = firstLoadGzip();
    const jsKb = load.jsBytes / 1024;
    const cssKb = load.cssBytes / 1024;

    // A member's home page (the space's name painted), median of several cold loads.
    const ctx = await s.browser.newContext();
    const times = await firstRenderSamples(ctx, at(s.env.url, 'machinerie.localhost', '/'), { selector: 'h1', text: 'La Machinerie' }, 7);
    await ctx.close();
    const medianMs = median(times);

    // The booking page of a signed-in member: from navigation to the first slot of the grid on screen.
    const member = await memberContext(s.browser, s.env.url, 'machinerie.localhost', DEMO.machinerie.member, DEMO.password);
    const bookTimes = await firstRenderSamples(member, at(s.env.url, 'machinerie.localhost', '/book'), BOOKING_PAGE_PAINTED, 7);
    await member.close();
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(resolve(ARTIFACTS, 'web-metrics.json'), JSON.stringify({ firstLoadJsGzipKb: +jsKb.toFixed(1), firstLoadCssGzipKb: +cssKb.toFixed(1), firstRenderMedianMs: Math.round(medianMs), samplesMs: times.map(Math.round), bookingPageFirstRenderMedianMs: Math.round(median(bookTimes)), bookingSamplesMs: bookTimes.map(Math.round) }, null, 2));
    expect(load.files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(jsKb).toBeLessThanOrEqual(100);
  }, 120_000);
});
