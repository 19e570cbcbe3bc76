import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredPartitions, ENTITIES, fill, likePattern } from '../src/entities';

/** The partition shapes the README's access-pattern tables name (`PK=…`, `GSI1PK=…`), as `*` patterns. */
export function documentedPartitions(readme: string): string[] {
  const out = new Set<string>();
  for (const line of readme.split('\n').filter((l) => l.startsWith('|'))) {
    for (const m of line.matchAll(/(?:GSI1)?PK=(R )?((?:<[^>]*>|[^,`\s<])+)/g)) {
      const shape = likePattern(m[2]!.replace(/^T#t#/, 'T#<t>#'));
      if (m[1]) { out.add(`T#*#${shape}`); out.add(`P#${shape}`); } else out.add(shape);
    }
  }
  return [...out];
}

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('entities', () => {
  it('every declared partition is in the README access-pattern tables, and the tables name no undeclared one', () => {
    const declared = declaredPartitions();
    // A realm-wide shape is declared for both realms; the README may document the platform one as `R …`.
    const documented = documentedPartitions(readme);
    expect(declared.filter((p) => !documented.includes(p) && !documented.includes(p.replace(/^P#/, 'T#*#')))).toEqual([]);
    expect(documented.filter((p) => !declared.includes(p))).toEqual([]);
  });

  it('every item type is declared once', () => {
    const names = ENTITIES.map((e) => `${e.type} ${e.pk} ${e.sk}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('a key is its shape filled in order, and a missing or extra value is refused', () => {
    expect(fill('T#<t>#ORDER#<id>', 't1', 'o1')).toBe('T#t1#ORDER#o1');
    expect(() => fill('T#<t>#ORDER#<id>', 't1')).toThrow();
    expect(() => fill('T#<t>#ORDER', 't1', 'x')).toThrow();
  });
});
