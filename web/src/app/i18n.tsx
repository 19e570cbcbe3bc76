import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { formatMoney, type Locale } from '@lieu/core';
import { en, fr, type Dict, type MessageKey } from './dict';

const DICTS: Record<Locale, Dict> = { fr, en };
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

export interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  fmt: Formatters;
  timeZone: string;
}

const I18nContext = createContext<I18n | null>(null);

/** The first language: a choice saved on this device, else the browser's if it is English, else French. */
export function initialLocale(fallback: Locale): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved === 'fr' || saved === 'en') return saved;
  return fallback;
}

export function I18nProvider(props: { fallback: Locale; timeZone: string; currency: string; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(props.fallback));
  const value = useMemo<I18n>(() => {
    const dict = DICTS[locale];
    const tag = INTL_LOCALE[locale];
    const tz = props.timeZone;
    const dateLong = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeZone: tz });
    const dateShort = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: tz });
    const time = new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone: tz });
    const weekday = new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone: 'UTC' });
    return {
      locale,
      timeZone: tz,
      setLocale(l) {
        localStorage.setItem(STORAGE_KEY, l);
        setLocaleState(l);
      },
      t(key, vars) {
        const text = dict[key];
        return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
      },
      fmt: {
        date: (d, style = 'long') => (style === 'long' ? dateLong : dateShort).format(new Date(d)),
        time: (d) => time.format(new Date(d)),
        money: (cents) => formatMoney({ amountCents: cents, currency: props.currency }, tag),
        // 2024-01-01 was a Monday.
        weekday: (i) => weekday.format(new Date(Date.UTC(2024, 0, 1 + i))),
      },
    };
  }, [locale, props.timeZone, props.currency]);
  document.documentElement.lang = locale;
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
