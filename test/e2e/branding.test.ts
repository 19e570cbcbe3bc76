/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { DEMO, hosts } from '../support/http';
import { solidPng } from '../support/png';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv } from './browser';

/**
 * The brand settings in a real browser: the owner uploads a logo file (signed upload, checked by the
 * API), sees it in the preview and in the portal's header at once, in FR and EN, at 390 and 1280 px;
 * a form that fails validation after a successful save never keeps the stale "Enregistré.".
 */
const s = useBrowserEnv();
const VIEWPORTS = [{ width: 390, height: 844 }, { width: 1280, height: 900 }] as const;

describe('branding', () => {
  it.each(VIEWPORTS)('the owner uploads a logo: previewed, in the header, served by the space (%o)', async (viewport) => {
    const ctx = await s.browser.newContext({ viewport });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.coloc, DEMO.coloc.owner);
    await page.goto(at(s.env.url, hosts.coloc, '/staff/settings'));
    const brand = page.locator('#brand');
    await brand.getByLabel('Envoyer un logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(solidPng(24, 24, [10, 120, 90])) });
    await brand.getByText('Logo enregistré.').waitFor();
    const src = await brand.locator('.preview img.logo').getAttribute('src');
    expect(src).toMatch(/^\/media\/tenants\/[\w-]+\/brand\//);
    await expect.poll(() => page.locator('header img.logo').first().getAttribute('src'), { timeout: 5000 }).toBe(src);
    expect(await page.evaluate(async (u) => (await fetch(u!)).status, src)).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `branding-logo-${viewport.width}`);

    // A file that is not an accepted image is refused with words, before any upload.
    await brand.getByLabel('Envoyer un logo').setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    await brand.getByRole('alert').filter({ hasText: 'n’est pas une image JPEG, PNG ou WebP' }).waitFor();

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('#brand').getByLabel('Upload a logo').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 90_000);

  it('a failed save after a successful one shows the error, never the stale "Enregistré."', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.coloc, DEMO.coloc.owner);
    await page.goto(at(s.env.url, hosts.coloc, '/staff/settings'));
    const brand = page.locator('#brand');
    await brand.getByLabel('Accroche (facultatif)').fill('Coworking de la CCI');
    await brand.getByRole('button', { name: 'Enregistrer' }).click();
    await brand.getByText('Enregistré.').waitFor();
    await brand.getByLabel('Accroche (facultatif)').fill('x'.repeat(201));
    await brand.getByRole('button', { name: 'Enregistrer' }).click();
    await brand.locator('.field-error').first().waitFor();
    expect(await brand.getByText('Enregistré.').count()).toBe(0);
    // Editing after a save also clears the notice: it would speak of values no longer on screen.
    await brand.getByLabel('Accroche (facultatif)').fill('Coworking');
    await brand.getByRole('button', { name: 'Enregistrer' }).click();
    await brand.getByText('Enregistré.').waitFor();
    await brand.getByLabel('Accroche (facultatif)').fill('Coworking en ville');
    expect(await brand.getByText('Enregistré.').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 90_000);
});
