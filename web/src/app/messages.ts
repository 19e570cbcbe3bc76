import type { Locale } from '@lieu/core';
import type { Messages } from '@lingui/core';
import { i18n } from '@lingui/core';
import frApp from '../messages/fr/app.json';
import type account from '../messages/fr/account.json';
import type app from '../messages/fr/app.json';
import type audit from '../messages/fr/audit.json';
import type auth from '../messages/fr/auth.json';
import type backOffice from '../messages/fr/backOffice.json';
import type billing from '../messages/fr/billing.json';
import type book from '../messages/fr/book.json';
import type calendar from '../messages/fr/calendar.json';
import type dashboard from '../messages/fr/dashboard.json';
import type errors from '../messages/fr/errors.json';
import type events from '../messages/fr/events.json';
import type exports_ from '../messages/fr/exports.json';
import type offer from '../messages/fr/offer.json';
import type platform from '../messages/fr/platform.json';
import type productPhotos from '../messages/fr/productPhotos.json';
import type settingsMore from '../messages/fr/settingsMore.json';
import type setup from '../messages/fr/setup.json';
import type shop from '../messages/fr/shop.json';
import type staff from '../messages/fr/staff.json';
import type staffShop from '../messages/fr/staffShop.json';

/**
 * The portal's message catalogues: `src/messages/<locale>/<name>.json`, ICU MessageFormat, keyed
 * by id, one file per language and per group of pages. `vite.config.ts` compiles them for Lingui
 * at build time. French `app` (the shell and the home page) is in the first load; every other
 * catalogue, and English `app`, is its own small chunk fetched when a page asks for it
 * (`usePageI18n('events')`), so a visitor never downloads the back office's words.
 * The French file gives the keys; `test/foundation/messages.test.ts` holds English to the same keys
 * and placeholders, and asks for words for every API error reason.
 */
export interface Catalogues {
  account: typeof account;
  app: typeof app;
  audit: typeof audit;
  auth: typeof auth;
  backOffice: typeof backOffice;
  billing: typeof billing;
  book: typeof book;
  calendar: typeof calendar;
  dashboard: typeof dashboard;
  errors: typeof errors;
  events: typeof events;
  exports: typeof exports_;
  offer: typeof offer;
  platform: typeof platform;
  productPhotos: typeof productPhotos;
  settingsMore: typeof settingsMore;
  setup: typeof setup;
  shop: typeof shop;
  staff: typeof staff;
  staffShop: typeof staffShop;
}
export type CatalogueName = keyof Catalogues;
/** The keys of the named catalogues (of each one, when several are named). */
export type KeyOf<N extends CatalogueName> = N extends CatalogueName ? keyof Catalogues[N] & string : never;
/** The keys every component may use: the shell's, always loaded. */
export type AppKey = KeyOf<'app'>;

const LOADERS = import.meta.glob<{ default: Messages }>(['../messages/*/*.json', '!../messages/fr/app.json']);

// French `app` ships in the entry script; the rest is fetched on demand.
i18n.load('fr', frApp as unknown as Messages);
const loaded = new Set<string>(['fr/app']);
const pending = new Map<string, Promise<void>>();
/** The catalogues some page asked for, so a change of language fetches the same ones first. */
const wanted = new Set<CatalogueName>(['app']);

function loadOne(locale: Locale, name: CatalogueName): Promise<void> {
  const id = `${locale}/${name}`;
  let p = pending.get(id);
  if (!p) {
    const load = LOADERS[`../messages/${id}.json`];
    if (!load) throw new Error(`no catalogue ${id}`);
    p = load().then((m) => {
      i18n.load(locale, m.default);
      loaded.add(id);
    });
    // A failed fetch (network) may be tried again by the next render.
    p.catch(() => pending.delete(id));
    pending.set(id, p);
  }
  return p;
}

const combined = new Map<string, Promise<void>>();
/**
 * Makes sure `names` are loaded in `locale`: `null` when they already are (render at once),
 * else one promise per set of names, the same on every call (React's `use` wants a stable one).
 */
export function loadCatalogues(locale: Locale, names: readonly CatalogueName[]): Promise<void> | null {
  for (const n of names) wanted.add(n);
  const missing = names.filter((n) => !loaded.has(`${locale}/${n}`));
  if (missing.length === 0) return null;
  const key = `${locale}:${missing.join(',')}`;
  let p = combined.get(key);
  if (!p) {
    p = Promise.all(missing.map((n) => loadOne(locale, n))).then(() => undefined);
    p.catch(() => combined.delete(key));
    combined.set(key, p);
  }
  return p;
}

/** Switches the language once every catalogue in use is there in the new one (no flash of ids). */
export async function activate(locale: Locale): Promise<void> {
  await loadCatalogues(locale, [...wanted]);
  i18n.activate(locale);
}

/** Activates at once when `locale`'s shell catalogue is loaded; else the promise to wait for first. */
export function activateNow(locale: Locale): Promise<void> | null {
  if (i18n.locale === locale) return null;
  const p = loadCatalogues(locale, [...wanted]);
  if (p) return p;
  i18n.activate(locale);
  return null;
}

// The page's language follows the active catalogue (screen readers, hyphenation).
i18n.on('change', () => {
  if (i18n.locale) document.documentElement.lang = i18n.locale;
});

/** Whether the loaded catalogues have words for `key` (a page's own words for an API reason, say). */
export const hasMessage = (key: string): boolean => i18n.messages[key] !== undefined;

export { i18n };
