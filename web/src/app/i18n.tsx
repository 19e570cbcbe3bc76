import { createContext, use, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { I18nProvider as LinguiProvider, useLingui } from '@lingui/react';
import { formatMoney, type Locale } from '@lieu/core';
import { activate, activateNow, i18n, loadCatalogues, type AppKey, type CatalogueName, type KeyOf } from './messages';

const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const STORAGE_KEY = 'lieu.locale';

export interface Formatters {
  /** A calendar date, e.g. "mardi 24 novembre 2026", in the space's time zone. */
  date(iso: string | Date, style?: 'long' | 'short'): string;
  /** A time of day, e.g. "14:30", in the space's time zone. */
  time(iso: string | Date): string;
  /** Integer cents in the space's currency, e.g. "12,50 €". */
  money(cents: number): string;
  /** A weekday's name (0 = Monday). */
  weekday(index: number): string;
}

/** Values of a message's placeholders (ICU: `{name}`, `{n, plural, …}`). */
export type MessageValues = Record<string, string | number>;

export interface I18n<K extends string = AppKey> {
  locale: Locale;
  setLocale(l: Locale): void;
  /** The message `key` of the loaded catalogues in the reader's language, placeholders filled. */
  t(key: K, vars?: MessageValues): string;
  fmt: Formatters;
  timeZone: string;
}

interface Space { timeZone: string; currency: string }
const SpaceContext = createContext<Space | null>(null);

/** The first language: a choice saved on this device, else the space's. */
export function initialLocale(fallback: Locale): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved === 'fr' || saved === 'en') return saved;
  return fallback;
}

/**
 * Lingui's provider over the portal's one `i18n` instance, plus the space's zone and currency.
 * The first render waits (Suspense) only when the first language's shell catalogue is not the
 * French one that ships in the entry script.
 */
export function I18nProvider(props: { fallback: Locale; timeZone: string; currency: string; children: ReactNode }) {
  const [first] = useState(() => initialLocale(props.fallback));
  const started = useRef(false);
  if (!started.current) {
    const wait = activateNow(first);
    if (wait) use(wait);
    started.current = true;
  }
  const space = useMemo(() => ({ timeZone: props.timeZone, currency: props.currency }), [props.timeZone, props.currency]);
  return (
    <LinguiProvider i18n={i18n}>
      <SpaceContext.Provider value={space}>{props.children}</SpaceContext.Provider>
    </LinguiProvider>
  );
}

const formatters = new Map<string, Formatters>();
function formattersOf(locale: Locale, tz: string, currency: string): Formatters {
  const key = `${locale}|${tz}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    const tag = INTL_LOCALE[locale];
    const dateLong = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeZone: tz });
    const dateShort = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: tz });
    const time = new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone: tz });
    const weekday = new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone: 'UTC' });
    f = {
      date: (d, style = 'long') => (style === 'long' ? dateLong : dateShort).format(new Date(d)),
      time: (d) => time.format(new Date(d)),
      money: (cents) => formatMoney({ amountCents: cents, currency }, tag),
      // 2024-01-01 was a Monday.
      weekday: (i) => weekday.format(new Date(Date.UTC(2024, 0, 1 + i))),
    };
    formatters.set(key, f);
  }
  return f;
}

function setLocale(l: Locale): void {
  localStorage.setItem(STORAGE_KEY, l);
  void activate(l);
}

/** The shell's words (`app` catalogue), formatters in the space's zone, and the language switch. */
export function useI18n(): I18n {
  const { i18n: lingui } = useLingui();
  const space = useContext(SpaceContext);
  if (!space) throw new Error('useI18n outside I18nProvider');
  const locale = lingui.locale as Locale;
  return useMemo(() => ({
    locale,
    setLocale,
    t: (key: string, vars?: MessageValues) => lingui._(key, vars),
    fmt: formattersOf(locale, space.timeZone, space.currency),
    timeZone: space.timeZone,
  }), [lingui, locale, space]);
}

/**
 * `useI18n()` for a page whose words live in the named catalogues: the page suspends (its lazy
 * chunk's Suspense fallback) until they are loaded in the reader's language, and `t` is typed with
 * their keys and the shell's.
 */
export function usePageI18n<N extends CatalogueName>(...names: N[]): I18n<KeyOf<N> | AppKey> {
  const i18n = useI18n();
  const wait = loadCatalogues(i18n.locale, names);
  if (wait) use(wait);
  return i18n as I18n<KeyOf<N> | AppKey>;
}
