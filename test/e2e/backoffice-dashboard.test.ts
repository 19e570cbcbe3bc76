/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Browser as HttpSession, DEMO, hosts } from '../support/http';
import { stripeLedgerRepo, tenantRealm, tenantsRepo, transact, usersRepo } from '@lieu/db';
import { seedHistory } from '../../packages/local/src/seedHistory';
import { at, logIn, screenshot, seriousViolations, useBrowserEnv, testNow } from './browser';

/**
 * The back office's dashboard, audit log, exports and settings in real Chromium, on La Machinerie with
 * 12 weeks of demo history: the charts draw (canvas pixels), in French and in English; a member opens
 * none of the back office's pages and gets 403 from their API routes; axe finds nothing serious.
 */
const s = useBrowserEnv();
beforeAll(async () => { await seedHistory(s.env.db); }, 240_000);

/** Every back-office path, read from the registry itself (new pages are checked without editing this test). */
const STAFF_PATHS = [...readFileSync(resolve(import.meta.dirname, '../../web/src/pages/staff/registry.ts'), 'utf8').matchAll(/path: '(\/staff\/[a-z-]+)'/g)].map((m) => m[1]!);

/** How many pixels of each chart's canvas are painted (not transparent). */
const paintedPixels = (page: Page) => page.$$eval('.chart-box canvas', (canvases) => canvases.map((c) => {
  const el = c as HTMLCanvasElement;
  const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
  return { label: el.getAttribute('aria-label'), painted: n };
}));

describe('the back office dashboard', () => {
  it('draws occupancy, revenue and people charts from the seeded history, in French then in English, with their figures as tables', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.operator);
    await page.getByRole('link', { name: 'Gestion' }).click();
    await page.getByRole('heading', { name: 'Tableau de bord', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/staff/dashboard');
    await page.getByRole('img', { name: /Graphique en barres empilées : recettes de chaque mois/ }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.chart-box canvas').length === 4);
    const fr = await paintedPixels(page);
    expect(fr).toHaveLength(4);
    for (const c of fr) expect(c.painted, c.label ?? '').toBeGreaterThan(2000);
    expect(fr.map((c) => c.label)).toContain("Graphique en barres : taux d'occupation de chaque ressource cette semaine");
    // The text alternative: occupancy per kind by week, in French words and formats.
    const kinds = page.locator('section', { has: page.getByRole('heading', { name: 'Occupation par type sur 12 semaines' }) });
    await kinds.getByText('Voir les chiffres').click();
    await kinds.getByRole('columnheader', { name: 'Machines' }).waitFor();
    expect(await kinds.locator('tbody tr').count()).toBe(12);
    expect(await kinds.locator('tbody td').first().textContent()).toMatch(/^\d+\s?%$/);
    // Revenue: plans and passes paid at the desk in past months; two passes still to take.
    const revenue = page.locator('section', { has: page.getByRole('heading', { name: /^Recettes \d{4} par mois/ }) });
    await revenue.getByText('Voir les chiffres').click();
    await revenue.getByRole('columnheader', { name: 'Abonnements' }).waitFor();
    await page.getByText(/2 en attente · 135,00\s€/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-dashboard-fr');

    await page.getByRole('group', { name: /Langue|Language/ }).getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByRole('img', { name: /Stacked bar chart: revenue of each month/ }).waitFor();
    await page.getByText(/2 waiting · €135\.00/).waitFor();
    const en = await paintedPixels(page);
    expect(en.map((c) => c.label)).toContain('Bar chart: occupancy rate of each resource this week');
    for (const c of en) expect(c.painted, c.label ?? '').toBeGreaterThan(2000);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-dashboard-en');

    // On a phone, the charts fit the screen (no sideways scroll of the page).
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'backoffice-dashboard-en-360px');
    await page.getByRole('group', { name: /Langue|Language/ }).getByRole('button', { name: 'FR' }).click();
    await ctx.close();
  }, 240_000);

  it('lists open payment alerts in words (what, amount, member, date) and takes one off when staff mark it handled; no block without alerts', async () => {
    // Written as the Stripe webhook leaves them (test/billing/stripeMoney.test.ts covers the webhook itself).
    const db = s.env.db;
    const tenantId = (await tenantsRepo(db).idBySlug('machinerie'))!;
    const yanis = (await usersRepo(db, tenantRealm(tenantId)).getByEmail(DEMO.machinerie.member2))!;
    const createdAt = testNow().toISOString();
    const ledger = stripeLedgerRepo(db, tenantId);
    await transact(db, [
      ledger.alertPut({ id: 're_e2e_unmatched', kind: 'refund_unmatched', status: 'open', amountCents: 4200, currency: 'EUR', createdAt }),
      ledger.alertPut({
        id: 'dp_e2e_open', kind: 'dispute_open', status: 'open', amountCents: 12000, currency: 'EUR', createdAt,
        paymentId: 'pay_e2e', memberId: yanis.id, memberName: yanis.name, label: 'Carte 10 jours',
      }),
    ], () => new Error('alerts not written'));

    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.operator);
    await page.goto(at(s.env.url, hosts.machinerie, '/staff/dashboard'));
    const alerts = page.locator('section', { has: page.getByRole('heading', { name: 'Alertes paiements' }) });
    const refund = alerts.locator('li', { hasText: 'Remboursement fait sur Stripe, sans paiement correspondant' });
    const dispute = alerts.locator('li', { hasText: 'Contestation bancaire en cours' });
    await refund.getByText(/42,00\s€/).waitFor();
    await dispute.getByText(/120,00\s€/).waitFor();
    await dispute.getByRole('link', { name: yanis.name }).waitFor();
    await dispute.getByText('Carte 10 jours').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-dashboard-alerts');

    await refund.getByRole('button', { name: /^Marquer comme traité : Remboursement fait sur Stripe/ }).click();
    await refund.waitFor({ state: 'detached' });
    expect(await dispute.count()).toBe(1);
    await dispute.getByRole('button', { name: /^Marquer comme traité : Contestation bancaire en cours, 120,00\s€/ }).click();
    // The last one handled: no alert block at all.
    await page.getByRole('heading', { name: 'Alertes paiements' }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Tableau de bord', level: 1 }).waitFor();
    await ctx.close();
  }, 240_000);

  it('a member opens no back-office page (each says the place is the team’s, without its menu) and gets 403 from their API routes', async () => {
    expect(STAFF_PATHS).toEqual(expect.arrayContaining(['/staff/dashboard', '/staff/settings', '/staff/audit', '/staff/exports']));
    const ctx = await s.browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.member);
    await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Gestion' }).count()).toBe(0);
    for (const path of STAFF_PATHS) {
      await page.goto(at(s.env.url, hosts.machinerie, path));
      // A clear page of its own, with the way home, and never the back office's menu.
      await page.getByRole('heading', { name: 'Cet espace est réservé à l’équipe' }).waitFor();
      await page.getByRole('main').getByRole('link', { name: 'Retour à l’accueil' }).waitFor();
      expect(await page.locator('nav.staff-side').count(), path).toBe(0);
      expect(await page.locator('.chart-box, table, form.audit-filters').count(), path).toBe(0);
    }
    await ctx.close();

    const lea = await new HttpSession(s.env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const year = testNow().getUTCFullYear();
    for (const path of [
      '/api/v1/reports/dashboard', '/api/v1/billing/reports/revenue?year=' + year, '/api/v1/audit', '/api/v1/tenant/settings',
      '/api/v1/members', '/api/v1/billing/reports/payments.csv?format=fr', '/api/v1/reports/sales.csv?from=2026-01-01&to=2026-01-31', '/api/v1/stripe/connect',
    ]) {
      const res = await lea.fetch(path);
      expect(res.status, path).toBe(403);
    }
  }, 240_000);

  it('settings, audit log and exports pass axe, and the audit log shows a role change made from settings', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await logIn(page, s.env.url, hosts.machinerie, DEMO.machinerie.owner);

    await page.goto(at(s.env.url, hosts.machinerie, '/staff/settings'));
    await page.getByRole('heading', { name: 'Paiements en ligne' }).waitFor();
    // Without Stripe keys locally: payments at the desk, said plainly, nothing fails.
    await page.getByText(/paiements sont encaissés à l’accueil/).waitFor();
    await page.getByText(/Commission de la plateforme/).waitFor();
    // Operators and roles: Yanis becomes operator (owner only), audited.
    const team = page.locator('section', { has: page.getByRole('heading', { name: 'Équipe et rôles' }) });
    await team.getByLabel('Rôle de Yanis Benali', { exact: true }).selectOption('operator');
    await team.getByRole('button', { name: 'Changer le rôle de Yanis Benali' }).click();
    await team.getByRole('status').getByText('Yanis Benali : Équipe').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-settings');

    await page.goto(at(s.env.url, hosts.machinerie, '/staff/audit'));
    await page.getByRole('heading', { name: "Journal d'audit", level: 1 }).waitFor();
    const entry = page.locator('li[data-action="member.role_changed"]').first();
    await entry.getByText('Yanis Benali: role member → operator').waitFor();
    await entry.getByText(/par Camille Lefèvre/).waitFor();
    await entry.locator('.audit-changes li', { hasText: 'member → operator' }).waitFor();
    // Filtered by another kind of change: the role change is not listed.
    await page.getByLabel('Type de modification').selectOption('qualification');
    await page.getByText('Aucune entrée pour ces filtres.').waitFor();
    await page.getByLabel('Type de modification').selectOption('member');
    await entry.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-audit');

    await page.goto(at(s.env.url, hosts.machinerie, '/staff/exports'));
    await page.getByRole('heading', { name: 'Exports comptables', level: 1 }).waitFor();
    const payments = page.getByRole('link', { name: 'Télécharger le CSV : Paiements' });
    expect(await payments.getAttribute('href')).toMatch(/^\/api\/v1\/billing\/reports\/payments\.csv\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}&format=fr$/);
    await page.getByLabel(/Conventions françaises/).uncheck();
    expect(await payments.getAttribute('href')).toMatch(/format=intl$/);
    // The file itself, fetched with the page's session: French conventions byte for byte.
    await page.getByLabel(/Conventions françaises/).check();
    const href = (await page.getByRole('link', { name: 'Télécharger le CSV : Ventes de la boutique' }).getAttribute('href'))!;
    const bytes = await page.evaluate(async (u) => [...new Uint8Array(await (await fetch(u)).arrayBuffer()).slice(0, 8)], href);
    expect(bytes.slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(new Uint8Array(bytes.slice(3)))).toBe('Date;');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backoffice-exports');
    await ctx.close();
  }, 240_000);
});
