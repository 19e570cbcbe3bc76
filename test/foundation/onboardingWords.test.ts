import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emails } from '@lieu/core';

/**
 * The words of a new space's first steps: the onboarding checklist counts with each language's
 * plurals (French counts 0 and 1 in the singular), and the invitation email names the role in words.
 */
const root = resolve(import.meta.dirname, '../..');
const fromWeb = createRequire(resolve(root, 'web/package.json'));
const { compileMessageOrThrow } = (await import(pathToFileURL(fromWeb.resolve('@lingui/message-utils/compileMessage')).href)) as { compileMessageOrThrow(m: string): unknown };
// Lingui is the portal's dependency, not the root's: loaded from web/, typed here as much as used.
const { setupI18n } = (await import(pathToFileURL(fromWeb.resolve('@lingui/core')).href)) as {
  setupI18n(o: { locale: string; messages: Record<string, Record<string, unknown>> }): { _(id: string, values: Record<string, number>): string };
};

function progress(locale: 'fr' | 'en', done: number, total: number): string {
  const words = JSON.parse(readFileSync(resolve(root, `web/src/messages/${locale}/backOffice.json`), 'utf8')) as Record<string, string>;
  const i18n = setupI18n({ locale, messages: { [locale]: { p: compileMessageOrThrow(words['onboarding.progress']!) } } });
  return i18n._('p', { done, total });
}

describe('the onboarding checklist’s count', () => {
  it('is singular in French for 0 and 1 step, plural from 2', () => {
    expect(progress('fr', 0, 5)).toBe('0 étape sur 5 terminée');
    expect(progress('fr', 1, 5)).toBe('1 étape sur 5 terminée');
    expect(progress('fr', 4, 5)).toBe('4 étapes sur 5 terminées');
  });
  it('reads "1 of 5 steps done" in English', () => {
    expect(progress('en', 1, 5)).toBe('1 of 5 steps done');
    expect(progress('en', 0, 5)).toBe('0 of 5 steps done');
  });
});

describe('the invitation email', () => {
  it('names the role in words in French and English, never its code', () => {
    const url = 'https://atelier.example/invitation?token=t';
    expect(emails.invitation('fr', 'L’Atelier', 'member', url).text).toContain('rejoindre L’Atelier en tant que membre.');
    expect(emails.invitation('fr', 'L’Atelier', 'operator', url).text).toContain('en tant qu’opérateur·rice.'); // elided before a vowel
    expect(emails.invitation('fr', 'L’Atelier', 'owner', url).text).toContain('en tant que responsable.');
    expect(emails.invitation('en', 'The Workshop', 'member', url).text).toContain('join The Workshop as a member.');
    expect(emails.invitation('en', 'The Workshop', 'operator', url).text).toContain('as an operator.');
    for (const l of ['fr', 'en'] as const) {
      for (const role of ['member', 'operator', 'owner'] as const) expect(emails.invitation(l, 'X', role, url).text).not.toMatch(/\(r[oô]le ?: /);
    }
  });
});
