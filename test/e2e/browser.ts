/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser: they use DOM types)
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { testClockMoved, testNow } from '../support/clock';

export { testNow } from '../support/clock';
import { createTestEnv, type TestEnv } from '../support/env';
import { DEMO, localFetch } from '../support/http';

const root = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = resolve(root, 'test/artifacts');

// Building the portal, launching Chromium and the host URL helper live in test/support/webMetrics.ts
// (shared with `pnpm bench web`, which runs outside vitest).
export { at, ensureWebBuild, launchBrowser } from '../support/webMetrics';
import { at, ensureWebBuild, launchBrowser } from '../support/webMetrics';

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** Runs axe-core in the page; returns the serious and critical violations (an empty list is the goal). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as an inline <script>: the portal's CSP forbids those.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** The newest email sent to `to` on this host's dev mailbox (local server only). */
export async function lastEmailTo(serverUrl: string, host: string, to: string): Promise<{ subject: string; text: string }> {
  const res = await localFetch(at(serverUrl, host, '/api/v1/dev/mailbox'));
  const { emails } = (await res.json()) as { emails: { to: string; subject: string; text: string }[] };
  const mail = emails.find((e) => e.to === to);
  if (!mail) throw new Error(`no email to ${to} on ${host}: ${emails.map((e) => e.to).join(', ')}`);
  return mail;
}

export const linkIn = (text: string): string => {
  const m = /https?:\/\/\S+/.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[0];
};

/** The value of a CSS variable on <html>, as the page computes it. */
export const cssVar = (page: Page, name: string) =>
  page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);

/**
 * One local server (seeded unless told otherwise) and one Chromium for a test file, started before
 * its tests and closed after them: `const s = useBrowserEnv(); … s.env.url, s.browser.newContext()`.
 */
export function useBrowserEnv(opts: Parameters<typeof createTestEnv>[0] = {}): { env: TestEnv; browser: Browser } {
  const s = {} as { env: TestEnv; browser: Browser };
  beforeAll(async () => {
    ensureWebBuild();
    [s.env, s.browser] = await Promise.all([createTestEnv(opts), launchBrowser()]);
    if (testClockMoved) startPagesAtTestNow(s.browser);
  }, 240_000); // the first file builds the portal, which on a busy two-core machine takes minutes
  afterAll(async () => {
    await s.browser?.close();
    await s.env?.close();
  });
  return s;
}

/**
 * With `LIEU_TEST_NOW` set, every context of this browser (`newContext`, and `newPage`, which makes one)
 * starts its clock at the tests' now and lets it flow, so the portal's "today" is the server's.
 */
function startPagesAtTestNow(browser: Browser): void {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const ctx = await newContext(options);
    await ctx.clock.install({ time: testNow() });
    return ctx;
  };
}

/** Signs in through the login page (French labels) and waits for the home page's greeting. */
export async function logIn(page: Page, serverUrl: string, host: string, email: string, password = DEMO.password): Promise<void> {
  await page.goto(at(serverUrl, host, '/login'));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();
}
