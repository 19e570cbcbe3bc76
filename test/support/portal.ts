import type { Page } from 'playwright-core';

/**
 * Following the portal's menus as a person does, at any width (no vitest here: `pnpm bench web` uses
 * it too). On a phone the site's links sit behind the header's menu button, and the back office's
 * behind its own; on a wide screen both are shown and the buttons are not.
 */

/** Clicks a link of the site's main navigation, opening the phone menu first when it is folded. */
export async function navLink(page: Page, name: string | RegExp): Promise<void> {
  const nav = page.locator('#site-nav');
  const link = nav.getByRole('link', { name, exact: typeof name === 'string', includeHidden: true });
  await link.waitFor({ state: 'attached' });
  if (!(await link.isVisible())) await page.locator('.site-header .menu-button').click();
  await link.click();
}

/** Clicks a page of the back office's menu (grouped beside the page; folded under a button on a phone). */
export async function staffLink(page: Page, name: string | RegExp): Promise<void> {
  const menu = page.locator('nav.staff-side');
  await menu.waitFor();
  const link = menu.getByRole('link', { name, exact: typeof name === 'string', includeHidden: true });
  await link.waitFor({ state: 'attached' });
  if (!(await link.isVisible())) await menu.locator('.staff-menu-button').click();
  await link.click();
}

/** The texts of the back office's menu links, unfolding it first on a phone. */
export async function staffLinkTexts(page: Page): Promise<string[]> {
  const menu = page.locator('nav.staff-side');
  await menu.locator('a').first().waitFor({ state: 'attached' }); // folded links are not in the accessibility tree
  const button = menu.locator('.staff-menu-button');
  if (await button.isVisible() && (await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return (await menu.getByRole('link').allInnerTexts()).map((x) => x.trim());
}

/** The texts of the site's main navigation links, opening the phone menu first when it is folded. */
export async function navLinkTexts(page: Page): Promise<string[]> {
  const nav = page.locator('#site-nav');
  await nav.locator('a').first().waitFor({ state: 'attached' }); // folded links are not in the accessibility tree
  const button = page.locator('.site-header .menu-button');
  if (await button.isVisible() && (await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return (await nav.getByRole('link').allInnerTexts()).map((x) => x.trim());
}
