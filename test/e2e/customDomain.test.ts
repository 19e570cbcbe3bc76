/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { DEMO, hosts, localFetch } from '../support/http';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv } from './browser';

/**
 * The custom domain on the staff settings page, in a real browser: once saved it reads as pending with
 * the TXT record to publish; "Vérifier maintenant" says what the check found, and once the record is
 * published it reads as verified.
 */
const s = useBrowserEnv();

describe('custom domain settings', () => {
  it('the owner sets a domain, reads the TXT record to publish, and verifies it', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.coloc, DEMO.coloc.owner);
    await page.goto(at(s.env.url, hosts.coloc, '/staff/settings'));
    const domain = page.locator('#domain');
    await domain.getByLabel('Domaine (ex. reservation.monespace.fr)').fill('espace.coloc-amiens.fr');
    await domain.getByRole('button', { name: 'Enregistrer' }).click();
    await domain.getByText('En attente de vérification').waitFor();
    await domain.getByText('_lieu-verify.espace.coloc-amiens.fr').waitFor();
    const value = (await domain.locator('code').filter({ hasText: /^lieu-verify=/ }).textContent())!;
    expect(value).toMatch(/^lieu-verify=[0-9a-f]{32}$/);

    await domain.getByRole('button', { name: 'Vérifier maintenant' }).click();
    await domain.getByText('l’enregistrement n’a pas été trouvé').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'custom-domain-pending');

    const published = await localFetch(at(s.env.url, hosts.platform, '/api/v1/dev/dns'), {
      method: 'PUT', headers: { 'content-type': 'application/json', origin: at(s.env.url, hosts.platform).replace(/\/$/, '') },
      body: JSON.stringify({ name: '_lieu-verify.espace.coloc-amiens.fr', txt: [value] }),
    });
    expect(published.status).toBe(200);
    await domain.getByRole('button', { name: 'Vérifier maintenant' }).click();
    await domain.getByText('Vérifié : espace.coloc-amiens.fr sert votre espace').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 120_000);
});
