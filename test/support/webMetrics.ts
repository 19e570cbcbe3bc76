/// <reference lib="dom" />
// (the page functions run in the browser: they use DOM types)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { testNow } from './clock';

/**
 * The portal's measured figures, shared by the browser tests (test/e2e) and `pnpm bench web`:
 * what a member's first page load downloads, and time to first render in headless Chromium. No
 * vitest import here, so the bench can use it outside the test runner.
 */
const root = resolve(import.meta.dirname, '../..');
export const WEB_DIST = resolve(root, 'web/dist');

/** Builds web/dist when it is missing or stale (under a lock: test files run in parallel). */
export function ensureWebBuild(): void {
  execFileSync('flock', ['/tmp/lieu-web-build.lock', process.execPath, resolve(root, 'web/scripts/ensure-build.mjs')], { stdio: 'inherit' });
}

/** Debian's Chromium, headless; it resolves `*.localhost` to loopback itself. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** `http://127.0.0.1:PORT` → `http://<host>:PORT` */
export const at = (serverUrl: string, host: string, path = '/') => `http://${host}:${new URL(serverUrl).port}${path}`;

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * What the first page load downloads: the entry script, the chunks it preloads and the stylesheets
 * that web/dist/index.html names (lazy pages come later), gzip-compressed as a CDN serves them.
 */
export function firstLoadGzip(dist = WEB_DIST): { jsBytes: number; cssBytes: number; files: string[] } {
  const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(js|css))"/g)].map((m) => ({ file: m[1]!, kind: m[2]! }));
  const gzip = (kind: string) => assets.filter((a) => a.kind === kind).reduce((n, a) => n + gzipSync(readFileSync(resolve(dist, a.file))).length, 0);
  return { jsBytes: gzip('js'), cssBytes: gzip('css'), files: assets.map((a) => a.file) };
}

/**
 * Time to first render, `runs` cold page loads in `ctx` (a new page each; the HTTP cache of the
 * context is warm after the first): from navigation to the moment `selector` (with `text`, if given)
 * is in the document, polled on every animation frame inside the page.
 */
export async function firstRenderSamples(ctx: BrowserContext, url: string, until: { selector: string; text?: string }, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url, { waitUntil: 'commit' });
    const painted = await page.waitForFunction(({ selector, text }) => {
      const el = document.querySelector(selector);
      // The document timeline counts from this page's navigation in real time even when the context's
      // clock is set (a set clock fakes performance.now, which would count from the clock's install).
      return el !== null && (text === undefined || el.textContent === text) && Number(document.timeline.currentTime ?? performance.now());
    }, until, { polling: 'raf', timeout: 20_000 }).catch(async (e: Error) => {
      const shown = await page.evaluate((sel) => Array.from(document.querySelectorAll(sel), (x) => x.textContent).join(' | '), until.selector).catch(() => '?');
      throw new Error(`${url}: ${until.selector}${until.text ? ` "${until.text}"` : ''} not painted (${e.message}); shown: [${shown}]; errors: ${problems.join('; ') || 'none'}`);
    });
    out.push((await painted.jsonValue()) as number);
    await page.close();
  }
  return out;
}

/** A browser context signed in as a member of `host` (through the API, as the login page does). */
export async function memberContext(browser: Browser, serverUrl: string, host: string, email: string, password: string): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  // The booking page opens on the browser's today: make it a weekday morning, when the demo spaces
  // are open, so the grid has slots whatever the day and hour the measure runs.
  await ctx.clock.setSystemTime(nextWeekdayMorning(testNow()));
  const page = await ctx.newPage();
  await page.goto(at(serverUrl, host, '/login'));
  const status = await page.evaluate(async ([e, p]) => (await fetch('/api/v1/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: e, password: p }),
  })).status, [email, password] as const);
  if (status !== 200) throw new Error(`sign-in for the render timing answered ${status}`);
  await page.close();
  return ctx;
}

/** 09:00 UTC on the next Monday to Friday after `now` (10:00 or 11:00 in Paris: the demo spaces are open). */
export function nextWeekdayMorning(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 9));
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/** The booking page of a signed-in member: from navigation to the first slot of the grid on screen. */
export const BOOKING_PAGE_PAINTED = { selector: '.slot' } as const;
