/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ONBOARDING, runOnboarding } from '../support/onboardingFlow';
import { staffLink } from '../support/portal';
import { at, cssVar, screenshot, seriousViolations, useBrowserEnv } from './browser';

/**
 * From nothing to a space with a member, in a real browser (test/support/onboardingFlow.ts, which
 * `pnpm bench web` times too): a visitor creates a space on the platform host, lands signed in on its
 * own address, sets its brand, hours and address, adds a desk, invites a member by name (the link
 * is read from the dev mailbox), and the member accepts on a phone and books the desk.
 */
const s = useBrowserEnv({ seed: false });

/**
 * Records every moment a page of a space shows the logged-out state (the header's "log in" or
 * "sign up", the invitation to join) where its reader is signed in or being signed in by a link.
 * Installed before the first page of the context, so it sees every render, across navigations.
 */
async function watchLoggedOutState(ctx: BrowserContext): Promise<string[]> {
  const seen: string[] = [];
  await ctx.exposeBinding('__lieuLoggedOutShown', (_source, what: string) => { seen.push(what); });
  await ctx.addInitScript(() => {
    const report = (window as unknown as { __lieuLoggedOutShown(what: string): void }).__lieuLoggedOutShown;
    const check = () => {
      if (location.hostname === 'localhost') return; // the platform's own pages, before the space exists
      const path = location.pathname;
      const token = new URLSearchParams(location.search).has('token');
      // Where a visitor is rightly logged out: the invitation's form, the login and sign-up forms.
      if (path === '/invitation' || ((path === '/login' || path === '/signup') && !token)) return;
      const shown = document.querySelector('.site-header a[href="/login"], .site-header a[href="/signup"], .card.cta');
      if (shown) report(`${path}${location.search ? '?…' : ''}: ${shown.textContent}`);
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  });
  return seen;
}

describe('a new space, start to first member', () => {
  const slug = `atelier-${Date.now().toString(36)}`;

  it('a visitor creates a space, brands it, adds a desk paid on site, invites a member by name who accepts on a phone and books it, within two minutes of visible steps', async () => {
    const loggedOutShown: Record<string, string[]> = {};
    const checks: Record<string, (page: Page) => Promise<void>> = {
      'onboarding-03-checklist-empty': async (page) => {
        // French counts zero in the singular.
        expect(await page.getByText('0 étape sur 5 terminée', { exact: true }).isVisible()).toBe(true);
      },
      'onboarding-04a-brand-preview': async (page) => {
        expect(await page.locator('.preview').evaluate((el) => getComputedStyle(el).getPropertyValue('--brand').trim())).toBe('#5b2a86');
        expect(await cssVar(page, '--brand')).toBe('#1f4e79'); // not saved yet: the portal keeps the old brand
      },
      'onboarding-04-settings': async (page) => {
        await expect.poll(() => cssVar(page, '--brand'), { timeout: 5000 }).toBe('#5b2a86');
      },
      'onboarding-08-invitation-mobile': async (m) => {
        expect(await cssVar(m, '--brand')).toBe('#5b2a86');
      },
      'onboarding-09-member-home-mobile': async (m) => {
        expect(await m.getByText(ONBOARDING.tagline).isVisible()).toBe(true);
        expect(await m.getByRole('cell', { name: '09:00 – 18:00' }).count()).toBe(6); // Mon–Fri + the new Saturday
        // The phone's header stays one short row: the links wait behind the menu button.
        expect((await m.locator('.site-header').boundingBox())!.height).toBeLessThanOrEqual(64);
      },
    };
    const run = await runOnboarding(s.browser, s.env.url, slug, {
      async context(ctx, who) { loggedOutShown[who] = await watchLoggedOutState(ctx); },
      async screen(page, name) {
        await checks[name]?.(page);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, name);
      },
    });
    try {
      // The invitation names the role in words, and the form starts with the name the owner typed.
      expect(run.invitation.subject).toContain(ONBOARDING.space);
      expect(run.invitation.text).toContain('en tant que membre.');
      expect(run.invitation.text).not.toContain('member');
      expect(run.prefilledName).toBe(ONBOARDING.memberName);
      // Signed in by the space's link, then by the invitation: the logged-out state never flashed.
      expect(loggedOutShown).toEqual({ owner: [], member: [] });
      // The figure `pnpm bench web` prints: under two minutes of what the two people wait for.
      expect(run.steps.map((x) => x.name)).toContain('first booking');
      expect(run.userVisibleMs).toBeLessThan(120_000);

      // Back on the owner's side: the checklist counts the steps, the member is listed and the booking is on the planner.
      const page = run.owner;
      await staffLink(page, 'Démarrage');
      await page.getByText('4 étapes sur 5 terminées', { exact: true }).waitFor();
      await screenshot(page, 'onboarding-07-checklist-progress');
      await staffLink(page, 'Membres');
      await page.getByRole('row').filter({ hasText: ONBOARDING.memberName }).waitFor();
      await staffLink(page, 'Planning');
      await page.getByLabel('Jour').fill(run.day);
      await page.locator('section', { hasText: 'Bureau 1' }).getByText(ONBOARDING.memberName).waitFor();
      await screenshot(page, 'onboarding-11-owner-planner');

      // The same checklist in English.
      await staffLink(page, 'Démarrage');
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await page.getByText('4 of 5 steps done', { exact: true }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'FR', exact: true }).click();
      await page.getByText('4 étapes sur 5 terminées', { exact: true }).waitFor();
    } finally {
      await run.close();
    }
  }, 180_000);

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
