/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { at, cssVar, lastEmailTo, linkIn, screenshot, seriousViolations, useBrowserEnv, testNow } from './browser';

/**
 * From nothing to a space with a member, in a real browser: a visitor creates a space on the
 * platform host, lands signed in on its own address, sets its brand, hours and address, invites a
 * member (the link is read from the dev mailbox), and the member accepts and signs in.
 */
/** A day a few days ahead that is not a Sunday (closed by default), as YYYY-MM-DD in Paris. */
function bookableDay(): string {
  const d = new Date(testNow().getTime() + 3 * 86_400_000);
  if (new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Paris' }).format(d) === 'Sun') d.setTime(d.getTime() + 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
}

const s = useBrowserEnv({ seed: false });

describe('a new space, start to first member', () => {
  const slug = `atelier-${Date.now().toString(36)}`;
  const host = `${slug}.localhost`;
  const ownerEmail = 'owner@atelier.example';
  const memberEmail = 'marie@atelier.example';

  it('a visitor creates a space, brands it, adds a desk paid on site, invites a member who signs up and books it', async () => {
    const owner = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await owner.newPage();

    // The platform's landing page and its "create your space" form.
    await page.goto(at(s.env.url, 'localhost', '/'));
    await page.getByRole('heading', { level: 1, name: 'Lieu' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'onboarding-01-platform-landing');
    await page.getByRole('link', { name: 'Créer votre espace' }).first().click();
    await page.getByLabel('Nom de l’espace').fill('L’Atelier du Coin');
    await page.getByLabel('Adresse', { exact: true }).fill(slug);
    await page.getByLabel('Nom', { exact: true }).fill('Inès Garnier');
    await page.getByLabel('Email').fill(ownerEmail);
    await page.getByLabel('Mot de passe').fill('atelier-2026!');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'onboarding-02-create-space');
    await page.getByRole('button', { name: 'Créer mon espace' }).click();

    // Redirected to the space's own address through its one-time sign-in link, then signed in.
    await page.waitForURL(`http://${host}:*/`);
    await page.getByRole('heading', { name: 'Bonjour Inès !' }).waitFor();
    expect(await page.locator('.brand-name').textContent()).toBe('L’Atelier du Coin');
    await page.getByRole('link', { name: 'Y aller' }).click();
    await page.getByRole('heading', { name: 'Démarrer votre espace' }).waitFor();
    expect(await page.getByText('0 étapes sur 5 terminées').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'onboarding-03-checklist-empty');

    // Brand: colours and tagline, previewed live, then saved: the whole portal takes them.
    await page.getByRole('link', { name: 'Y aller : Votre identité : logo, couleurs, accroche' }).click();
    await page.getByLabel('Couleur principale').fill('#5b2a86');
    await page.getByLabel('Couleur d’accent').fill('#ffb703');
    await page.getByLabel('Accroche (facultatif)').fill('Fab lab et coworking de quartier');
    expect(await page.locator('.preview').evaluate((el) => getComputedStyle(el).getPropertyValue('--brand').trim())).toBe('#5b2a86');
    expect(await cssVar(page, '--brand')).toBe('#1f4e79'); // not saved yet: the portal keeps the old brand
    await page.locator('#brand').getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#brand').getByText('Enregistré.').waitFor();
    await expect.poll(() => cssVar(page, '--brand'), { timeout: 5000 }).toBe('#5b2a86');

    // Opening hours (Saturday morning) and the address.
    await page.locator('fieldset', { hasText: 'samedi' }).getByRole('button', { name: /Ajouter une plage/ }).click();
    await page.locator('#hours').getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#hours').getByText('Enregistré.').waitFor();
    const address = page.locator('#address');
    await address.getByLabel('Adresse', { exact: true }).fill('3 rue des Jacobins');
    await address.getByLabel('Code postal').fill('80000');
    await address.getByLabel('Ville').fill('Amiens');
    await page.locator('#address').getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#address').getByText('Enregistré.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'onboarding-04-settings');

    // A first resource and its price; paid at the desk (no Stripe account connected).
    await page.getByRole('link', { name: 'Ressources' }).click();
    const newResource = page.locator('section', { has: page.getByRole('heading', { name: 'Ajouter une ressource' }) });
    await newResource.getByLabel('Nom', { exact: true }).fill('Bureau 1');
    await newResource.getByLabel('Prix par heure TTC (€)').fill('5');
    await newResource.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByText('Bureau 1 est réservable.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'onboarding-05-first-resource');

    // Invite a member.
    await page.getByRole('link', { name: 'Membres' }).click();
    await page.getByLabel('Email', { exact: true }).fill(memberEmail);
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await page.getByText(`Invitation envoyée à ${memberEmail}.`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'onboarding-06-members-invite');

    await page.getByRole('link', { name: 'Démarrage' }).click();
    await page.getByText('4 étapes sur 5 terminées').waitFor();
    await screenshot(page, 'onboarding-07-checklist-progress');

    // The member opens the emailed link in their own browser and creates their account.
    const mail = await lastEmailTo(s.env.url, host, memberEmail);
    expect(mail.subject).toContain('L’Atelier du Coin');
    const member = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const m = await member.newPage();
    await m.goto(linkIn(mail.text));
    await m.getByRole('heading', { name: 'Rejoindre L’Atelier du Coin' }).waitFor();
    expect(await cssVar(m, '--brand')).toBe('#5b2a86');
    expect(await seriousViolations(m)).toEqual([]);
    await m.getByLabel('Nom').fill('Marie Lenoir');
    await m.getByLabel('Mot de passe').fill('marie-2026!');
    await screenshot(m, 'onboarding-08-invitation-mobile');
    await m.getByRole('button', { name: 'Accepter l’invitation' }).click();
    await m.getByRole('heading', { name: 'Bonjour Marie !' }).waitFor();
    expect(await m.getByText('Fab lab et coworking de quartier').isVisible()).toBe(true);
    expect(await m.getByRole('cell', { name: '09:00 – 18:00' }).count()).toBe(6); // Mon–Fri + the new Saturday
    expect(await seriousViolations(m)).toEqual([]);
    await screenshot(m, 'onboarding-09-member-home-mobile');

    // The member books the desk, paid on site.
    const day = bookableDay();
    await m.getByRole('navigation').getByRole('link', { name: 'Réserver' }).click();
    await m.getByLabel('Jour').fill(day);
    await m.getByRole('button', { name: 'Bureau 1, 10:00' }).click();
    await m.locator('.total').getByText('5,00 €').waitFor();
    await m.getByText('Paiement sur place, à l’accueil.').first().waitFor();
    await m.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await m.getByText(/^C’est réservé : Bureau 1/).waitFor();
    expect(await seriousViolations(m)).toEqual([]);
    await screenshot(m, 'onboarding-10-member-booked-mobile');

    // Back on the owner's side, the member is listed and the booking is on the planner.
    await page.getByRole('link', { name: 'Membres' }).click();
    await page.getByRole('row').filter({ hasText: 'Marie Lenoir' }).waitFor();
    await page.getByRole('link', { name: 'Planning' }).click();
    await page.getByLabel('Jour').fill(day);
    await page.locator('section', { hasText: 'Bureau 1' }).getByText('Marie Lenoir').waitFor();
    await screenshot(page, 'onboarding-11-owner-planner');
    await Promise.all([owner.close(), member.close()]);
  }, 90_000);

  it('the create-space form refuses a taken address and shows why, in the reader’s language', async () => {
    const ctx = await s.browser.newContext();
    const page = await ctx.newPage();
    await page.goto(at(s.env.url, 'localhost', '/signup'));
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByLabel('Name of the space').fill('Another place');
    await page.getByLabel('Address', { exact: true }).fill(slug);
    await page.getByLabel('Name', { exact: true }).fill('Paul');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create my space' }).click();
    // Client-side, with the API's own zod schema: the email and password are refused before any call.
    await page.getByText('A valid email address, e.g. name@example.com').waitFor();
    await page.locator('.field-error', { hasText: 'At least 8 characters.' }).waitFor();
    await page.getByLabel('Email').fill('paul@example.com');
    await page.getByLabel('Password').fill('long-enough-2026');
    await page.getByRole('button', { name: 'Create my space' }).click();
    // Server-side: the slug is taken.
    await page.getByRole('alert').filter({ hasText: 'This address is already taken.' }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'onboarding-12-slug-taken-en');
    await ctx.close();
  }, 60_000);
});
