import type { Locale } from '@lieu/core';
import type { MessageKey } from './dict';
import { useI18n, type I18n } from './i18n';

/**
 * A lazy page's own strings, French first, English typed with the very same keys (a missing
 * translation does not compile, as in `dict.ts`). They travel in the page's chunk, so a member's
 * first load does not carry the words of pages they have not opened. Only pages import this file.
 */
export type PageDict<K extends string> = Record<Locale, Record<K, string>>;
export const definePageDict = <const F extends Record<string, string>>(fr: F, en: Record<keyof F, string>): PageDict<keyof F & string> => ({ fr, en });

/** `useI18n()` whose `t` reads the page's strings first, then the portal's dictionary. */
export function usePageI18n<K extends string>(dict: PageDict<K>): Omit<I18n, 't'> & { t(key: K | MessageKey, vars?: Record<string, string | number>): string } {
  const i18n = useI18n();
  const own: Record<string, string> = dict[i18n.locale];
  return {
    ...i18n,
    t(key, vars) {
      if (!(key in own)) return i18n.t(key as MessageKey, vars);
      const text = own[key]!;
      return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
    },
  };
}
