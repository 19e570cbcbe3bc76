/// <reference lib="dom" />
// (page functions run in the browser: they use DOM types)
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testNow } from './clock';
import { localFetch } from './http';
import { navLink, staffLink } from './portal';
import { at } from './webMetrics';

/**
 * From nothing to a member's first booking, in a real browser, as a new space's owner and its first
 * member live it: the platform's home, "create your space", the owner's settings (brand, hours,
 * address), a first resource, an invitation; then the member opens the emailed link on a phone,
 * accepts it and books. Shared by the onboarding browser test (which checks each screen) and
 * `pnpm bench web` (which prints how long it took).
 *
 * The time counted is the user-visible time: each step from its first action to its visible
 * result. The caller's checks (axe, screenshots) and the reads of the dev mailbox happen between
 * steps and are not counted. No vitest here.
 */
export interface OnboardingHooks {
  /** After each screen the flow reaches (not timed): the test checks and photographs it there. */
  screen?(page: Page, name: string): Promise<void>;
  /** A new browser context, before its first page: the test installs its watchers there. */
  context?(ctx: BrowserContext, who: 'owner' | 'member'): Promise<void>;
}

export interface OnboardingRun {
  host: string;
  /** The bookable day the member booked (YYYY-MM-DD, Paris). */
  day: string;
  owner: Page;
  member: Page;
  /** The invitation email as the member received it. */
  invitation: { subject: string; text: string };
  /** The name on the acceptance form when it opened (the inviter's words). */
  prefilledName: string;
  /** The user-visible time of each step, and their sum, in milliseconds. */
  steps: { name: string; ms: number }[];
  userVisibleMs: number;
  close(): Promise<void>;
}

export const ONBOARDING = {
  space: 'L’Atelier du Coin',
  ownerName: 'Inès Garnier',
  ownerEmail: 'owner@atelier.example',
  memberName: 'Marie Lenoir',
  memberEmail: 'marie@atelier.example',
  tagline: 'Fab lab et coworking de quartier',
} as const;

/** A day a few days ahead that is not a Sunday (closed by default), as YYYY-MM-DD in Paris. */
export function bookableDay(now = testNow()): string {
  const d = new Date(now.getTime() + 3 * 86_400_000);
  if (new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Paris' }).format(d) === 'Sun') d.setTime(d.getTime() + 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
}

/** The newest email to `to` on this host's dev mailbox (local server only). */
export async function mailTo(serverUrl: string, host: string, to: string): Promise<{ subject: string; text: string }> {
  const res = await localFetch(at(serverUrl, host, '/api/v1/dev/mailbox'));
  const { emails } = (await res.json()) as { emails: { to: string; subject: string; text: string }[] };
  const mail = emails.find((e) => e.to === to);
  if (!mail) throw new Error(`no email to ${to} on ${host}: ${emails.map((e) => e.to).join(', ')}`);
  return mail;
}

const firstLink = (text: string): string => {
  const m = /https?:\/\/\S+/.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[0];
};

function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`onboarding flow: ${what}`);
}

export async function runOnboarding(browser: Browser, serverUrl: string, slug: string, hooks: OnboardingHooks = {}): Promise<OnboardingRun> {
  const { space, ownerName, ownerEmail, memberName, memberEmail, tagline } = ONBOARDING;
  const host = `${slug}.localhost`;
  const steps: { name: string; ms: number }[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const out = await fn();
    steps.push({ name, ms: performance.now() - start });
    return out;
  };
  const screen = async (page: Page, name: string) => { await hooks.screen?.(page, name); };

  const ownerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await hooks.context?.(ownerCtx, 'owner');
  const page = await ownerCtx.newPage();
  let memberCtx: BrowserContext | null = null;
  const close = async () => { await Promise.all([ownerCtx.close(), memberCtx?.close()]); };
  try {
    // The platform's home and its "create your space" form.
    await step('platform home', async () => {
      await page.goto(at(serverUrl, 'localhost', '/'));
      await page.getByRole('heading', { level: 1, name: 'Lieu' }).waitFor();
    });
    await screen(page, 'onboarding-01-platform-landing');
    await step('create-space form', async () => {
      await page.getByRole('link', { name: 'Créer votre espace' }).first().click();
      await page.getByLabel('Nom de l’espace').fill(space);
      await page.getByLabel('Adresse', { exact: true }).fill(slug);
      await page.getByLabel('Nom', { exact: true }).fill(ownerName);
      await page.getByLabel('Email').fill(ownerEmail);
      await page.getByLabel('Mot de passe').fill('atelier-2026!');
    });
    await screen(page, 'onboarding-02-create-space');

    // Redirected to the space's own address through its one-time sign-in link, then signed in.
    await step('space created, owner signed in', async () => {
      await page.getByRole('button', { name: 'Créer mon espace' }).click();
      await page.waitForURL(`http://${host}:*/`);
      await page.getByRole('heading', { name: 'Bonjour Inès !' }).waitFor();
    });
    must((await page.locator('.brand-name').textContent()) === space, 'the header names the new space');
    await step('checklist', async () => {
      await page.getByRole('link', { name: 'Y aller' }).click();
      await page.getByRole('heading', { name: 'Démarrer votre espace' }).waitFor();
    });
    await screen(page, 'onboarding-03-checklist-empty');

    // Brand, opening hours (Saturday morning) and the address.
    await step('brand typed', async () => {
      await page.getByRole('link', { name: 'Y aller : Votre identité : logo, couleurs, accroche' }).click();
      await page.getByLabel('Couleur principale').fill('#5b2a86');
      await page.getByLabel('Couleur d’accent').fill('#ffb703');
      await page.getByLabel('Accroche (facultatif)').fill(tagline);
    });
    await screen(page, 'onboarding-04a-brand-preview');
    await step('brand saved', async () => {
      await page.locator('#brand').getByRole('button', { name: 'Enregistrer' }).click();
      await page.locator('#brand').getByText('Enregistré.').waitFor();
    });
    await step('hours saved', async () => {
      await page.locator('fieldset', { hasText: 'samedi' }).getByRole('button', { name: /Ajouter une plage/ }).click();
      await page.locator('#hours').getByRole('button', { name: 'Enregistrer' }).click();
      await page.locator('#hours').getByText('Enregistré.').waitFor();
    });
    await step('address saved', async () => {
      const address = page.locator('#address');
      await address.getByLabel('Adresse', { exact: true }).fill('3 rue des Jacobins');
      await address.getByLabel('Code postal').fill('80000');
      await address.getByLabel('Ville').fill('Amiens');
      await address.getByRole('button', { name: 'Enregistrer' }).click();
      await address.getByText('Enregistré.').waitFor();
    });
    await screen(page, 'onboarding-04-settings');

    // A first resource and its price; paid at the desk (no Stripe account connected).
    await step('first resource', async () => {
      await staffLink(page, 'Ressources');
      const newResource = page.locator('section', { has: page.getByRole('heading', { name: 'Ajouter une ressource' }) });
      await newResource.getByLabel('Nom', { exact: true }).fill('Bureau 1');
      await newResource.getByLabel('Prix par heure TTC (€)').fill('5');
      await newResource.getByRole('button', { name: 'Ajouter' }).click();
      await page.getByText('Bureau 1 est réservable.').waitFor();
    });
    await screen(page, 'onboarding-05-first-resource');

    // Invite the member, by name.
    await step('invitation sent', async () => {
      await staffLink(page, 'Membres');
      const invite = page.locator('#invite');
      await invite.getByLabel('Email', { exact: true }).fill(memberEmail);
      await invite.getByLabel('Nom (facultatif)').fill(memberName);
      await invite.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await page.getByText(`Invitation envoyée à ${memberEmail}.`).waitFor();
    });
    await screen(page, 'onboarding-06-members-invite');

    // The member opens the emailed link in their own browser, on a phone, and creates their account.
    const invitation = await mailTo(serverUrl, host, memberEmail);
    memberCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await hooks.context?.(memberCtx, 'member');
    const m = await memberCtx.newPage();
    await step('invitation opened', async () => {
      await m.goto(firstLink(invitation.text));
      await m.getByRole('heading', { name: `Rejoindre ${space}` }).waitFor();
    });
    const prefilledName = await m.getByLabel('Nom').inputValue();
    await screen(m, 'onboarding-08-invitation-mobile');
    await step('invitation accepted', async () => {
      if (prefilledName !== memberName) await m.getByLabel('Nom').fill(memberName);
      await m.getByLabel('Mot de passe').fill('marie-2026!');
      await m.getByRole('button', { name: 'Accepter l’invitation' }).click();
      await m.getByRole('heading', { name: 'Bonjour Marie !' }).waitFor();
    });
    await screen(m, 'onboarding-09-member-home-mobile');

    // The member books the desk, paid on site.
    const day = bookableDay();
    await step('booking page', async () => {
      await navLink(m, 'Réserver');
      await m.getByLabel('Jour').fill(day);
      await m.getByRole('button', { name: 'Bureau 1, 10:00' }).click();
      await m.locator('.total').getByText('5,00 €').waitFor();
    });
    await step('first booking', async () => {
      await m.getByRole('button', { name: 'Confirmer la réservation' }).click();
      await m.getByText(/^C’est réservé : Bureau 1/).waitFor();
    });
    await screen(m, 'onboarding-10-member-booked-mobile');

    const userVisibleMs = steps.reduce((n, s) => n + s.ms, 0);
    return { host, day, owner: page, member: m, invitation, prefilledName, steps, userVisibleMs, close };
  } catch (e) {
    await close();
    throw e;
  }
}
