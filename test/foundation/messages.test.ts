import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_REASONS } from '@lieu/core';

/**
 * The portal's message catalogues (web/src/messages/<locale>/<name>.json) are complete: French and
 * English have the same files, the same keys and the same ICU placeholders, every message parses,
 * no key lives in two catalogues, and every reason an API error can carry has words in both.
 */
const root = resolve(import.meta.dirname, '../..');
const dir = resolve(root, 'web/src/messages');
const LOCALES = ['fr', 'en'] as const;

type Token = string | [name: string, type?: string, format?: unknown];
const { compileMessageOrThrow } = (await import(
  pathToFileURL(createRequire(resolve(root, 'web/package.json')).resolve('@lingui/message-utils/compileMessage')).href
)) as { compileMessageOrThrow(message: string): Token[] };

const files = (locale: string) => readdirSync(resolve(dir, locale)).filter((f) => f.endsWith('.json')).sort();
const read = (locale: string, file: string) => JSON.parse(readFileSync(resolve(dir, locale, file), 'utf8')) as Record<string, string>;
const catalogue = (locale: string) => Object.assign({}, ...files(locale).map((f) => read(locale, f))) as Record<string, string>;

/** The placeholders of a message with their kind (`n:plural`, `name:`), and whether every plural or select has `other`. */
function placeholders(tokens: Token[], out = new Set<string>()): Set<string> {
  for (const t of tokens) {
    if (typeof t === 'string') continue;
    const [name, type, format] = t;
    out.add(`${name}:${type ?? ''}`);
    if (format && typeof format === 'object') {
      if ((type === 'plural' || type === 'select' || type === 'selectordinal') && !('other' in format)) out.add(`${name}:missing-other`);
      for (const [k, v] of Object.entries(format)) if (k !== 'offset' && Array.isArray(v)) placeholders(v as Token[], out);
    }
  }
  return out;
}

describe('the portal’s message catalogues', () => {
  it('French and English have the same catalogue files, each with the same keys', () => {
    expect(files('en')).toEqual(files('fr'));
    expect(files('fr').length).toBeGreaterThan(10);
    for (const f of files('fr')) expect(Object.keys(read('en', f)).sort(), f).toEqual(Object.keys(read('fr', f)).sort());
  });

  it('every message is valid ICU MessageFormat, not empty, with the same placeholders in French and English', () => {
    const problems: string[] = [];
    const fr = catalogue('fr');
    const en = catalogue('en');
    for (const [key, text] of Object.entries(fr)) {
      for (const [locale, t] of [['fr', text], ['en', en[key]]] as const) {
        if (!t?.trim()) problems.push(`${locale} ${key}: empty`);
      }
      try {
        const a = [...placeholders(compileMessageOrThrow(text))].sort();
        const b = [...placeholders(compileMessageOrThrow(en[key] ?? ''))].sort();
        if (a.join() !== b.join()) problems.push(`${key}: fr {${a.join(', ')}} / en {${b.join(', ')}}`);
        if ([...a, ...b].some((p) => p.endsWith(':missing-other'))) problems.push(`${key}: a plural or select without "other"`);
      } catch (e) {
        problems.push(`${key}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no key is in two catalogues (they load into one map per language)', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const f of files('fr')) {
      for (const key of Object.keys(read('fr', f))) {
        if (seen.has(key)) twice.push(`${key}: ${seen.get(key)} and ${f}`);
        seen.set(key, f);
      }
    }
    expect(twice).toEqual([]);
  });

  it('every API error reason and code has French and English words in the errors catalogue', () => {
    for (const locale of LOCALES) {
      const errors = read(locale, 'errors.json');
      const missing = [...ERROR_CODES, ...ERROR_REASONS].filter((r) => !errors[`err.${r}`]?.trim());
      expect(missing, `${locale}/errors.json`).toEqual([]);
    }
  });

  it('counts read as ICU plurals, never "(s)"', () => {
    for (const locale of LOCALES) {
      const withS = Object.entries(catalogue(locale)).filter(([, t]) => /\w\(s\)/.test(t)).map(([k]) => k);
      // Amounts that arrive already worded ("1 jour") keep their "(s)" until the API sends a count.
      expect(withS.filter((k) => !['bill.creditLeft', 'bill.quotaUsed', 'mp.creditLine'].includes(k)), locale).toEqual([]);
    }
  });

});
