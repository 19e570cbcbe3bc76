import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { declaredPartitions } from '@lieu/db';
import { ofType, synth } from './fixture';

let template: Template;

beforeAll(async () => {
  ({ template } = await synth({ stage: 'dev' }, undefined, 'leading-keys'));
});

/** Every `dynamodb:LeadingKeys` pattern any policy of the stack grants. */
function grantedPatterns(): string[] {
  const out = new Set<string>();
  for (const p of Object.values(ofType(template, 'AWS::IAM::Policy'))) {
    for (const s of p.Properties!.PolicyDocument.Statement as { Condition?: Record<string, Record<string, unknown>> }[]) {
      for (const cond of Object.values(s.Condition ?? {})) {
        const v = cond['dynamodb:LeadingKeys'];
        for (const k of v === undefined ? [] : Array.isArray(v) ? v : [v]) out.add(String(k));
      }
    }
  }
  return [...out];
}

/** IAM StringLike: `*` matches any run of characters. */
const likeMatches = (pattern: string, key: string) =>
  new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\#]/g, '\\$&')).join('.*')}$`).test(key);

/** The key spaces the declarations open: each declared partition's first segment (`T#*`, `SLUG#*`…). */
const roots = (declared: string[]) => new Set(declared.map((p) => (p.includes('#') ? `${p.slice(0, p.indexOf('#') + 1)}*` : p)));

describe('IAM key prefixes follow the entity declarations', () => {
  it('every declared partition is reachable by some function, and no grant names an undeclared partition', () => {
    const declared = declaredPartitions();
    const granted = grantedPatterns();
    expect(granted.length).toBeGreaterThan(0);
    // Each declared partition is within some grant (a placeholder `*` is matched by the grant's `*`).
    expect(declared.filter((d) => !granted.some((g) => likeMatches(g, d)))).toEqual([]);
    // Each grant is either a declared partition or a whole declared key space (`T#*`, `P#*`, `SLUG#*`…).
    const spaces = roots(declared);
    expect(granted.filter((g) => !declared.includes(g) && !spaces.has(g))).toEqual([]);
  });
});
