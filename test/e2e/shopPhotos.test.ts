/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { hosts, DEMO } from '../support/http';
import { solidPng } from '../support/png';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv } from './browser';

/**
 * Product photos in real Chromium: an operator adds two photos to La Machinerie's notebook from the
 * back office (file input → signed upload with progress → attach), puts the second first, and a
 * member sees them in the shop: the cover on the card, the other one a click away.
 */
const s = useBrowserEnv();

/** The image's decoded width in the page (0 while it has not loaded or could not be decoded). */
const naturalWidth = (img: Locator) => img.evaluate((el) => (el as HTMLImageElement).complete ? (el as HTMLImageElement).naturalWidth : 0);

describe('product photos in the portal', () => {
  it('an operator uploads and orders two photos of a product; a member sees them on the shop card', async () => {
    const staff = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await staff.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.operator);
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/shop'));
    await page.getByRole('button', { name: 'Modifier Carnet relié main A5' }).click();
    const photos = page.getByRole('group', { name: 'Photos' });
    await photos.getByText('Pas encore de photo.').waitFor();

    // A red photo, then a blue one, through the file input as a person would choose them.
    await photos.getByLabel('Ajouter une photo').setInputFiles({ name: 'carnet-rouge.png', mimeType: 'image/png', buffer: solidPng(160, 120, [200, 40, 40]) });
    await photos.getByRole('status').getByText('Photo ajoutée.').waitFor();
    await photos.getByLabel('Ajouter une photo').setInputFiles({ name: 'carnet-bleu.png', mimeType: 'image/png', buffer: solidPng(160, 120, [40, 60, 200]) });
    await expect.poll(() => photos.getByRole('img').count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => naturalWidth(photos.getByRole('img', { name: 'Photo 2 : Carnet relié main A5' })), { timeout: 5000 }).toBe(160);

    // Not an image: refused before anything is sent.
    await photos.getByLabel('Ajouter une photo').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('pas une image') });
    await photos.getByRole('alert').getByText('Ce fichier n’est pas une image JPEG, PNG ou WebP.').waitFor();

    // The blue one becomes the cover; the product form still saves (at the version the photos moved it to).
    await photos.getByRole('button', { name: 'Avancer la photo 2' }).click();
    await expect.poll(async () => (await photos.getByRole('img').first().getAttribute('src')) !== null && !(await photos.getByRole('button', { name: 'Avancer la photo 2' }).isDisabled()), { timeout: 5000 }).toBe(true);
    const blueUrl = await photos.getByRole('img').first().getAttribute('src');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shop-photos-01-staff');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('button', { name: 'Modifier Carnet relié main A5' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    // A member on a phone: the card shows the cover (the blue photo), loaded, and the red one on demand.
    const member = await s.browser.newContext({ viewport: { width: 360, height: 800 } });
    const phone = await member.newPage();
    await logIn(phone, s.env.url, hosts.machinerie, DEMO.machinerie.member2);
    await phone.goto(at(s.env.url, hosts.machinerie, '/shop'));
    const card = phone.locator('li.product').filter({ hasText: 'Carnet relié main A5' });
    const cover = card.getByRole('img', { name: 'Photo 1 sur 2 : Carnet relié main A5' });
    await cover.scrollIntoViewIfNeeded();
    await expect.poll(() => naturalWidth(cover), { timeout: 5000 }).toBe(160);
    expect(await cover.getAttribute('src')).toBe(blueUrl);
    expect(await cover.getAttribute('loading')).toBe('lazy');
    await card.getByRole('button', { name: 'Voir la photo 2 de Carnet relié main A5' }).click();
    const second = card.getByRole('img', { name: 'Photo 2 sur 2 : Carnet relié main A5' });
    await expect.poll(() => naturalWidth(second), { timeout: 5000 }).toBe(160);
    // Products without photos keep a plain card.
    expect(await phone.locator('li.product').filter({ hasText: 'Tote bag sérigraphié' }).getByRole('img').count()).toBe(0);
    expect(await seriousViolations(phone)).toEqual([]);
    await screenshot(phone, 'shop-photos-02-member-360px');
    await staff.close();
    await member.close();
  });
});
