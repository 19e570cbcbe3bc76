import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules, checked on the source: use-cases live in packages/app, functions/ are
 * adapters that nothing else imports, the actor is typed once, transactions name their writes and
 * raw DynamoDB keys are written only where entities are declared.
 */
const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name === 'dist' || name === 'cdk.out' || name.startsWith('.')) continue;
    const p = join(root, dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(relative(root, p)));
    else if (/\.tsx?$/.test(name)) out.push(relative(root, p));
  }
  return out;
}

const productCode = [...sources('packages'), ...sources('functions')].filter((f) => !/\/test\//.test(f));
const read = (f: string) => readFileSync(join(root, f), 'utf8');
/** The code of a file without its comments (a comment may name a key shape to explain a pattern). */
const code = (f: string) => read(f).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const offenders = (files: string[], re: RegExp) => files.filter((f) => re.test(read(f)));

describe('architecture', () => {
  // Tests may drive an adapter (a job, the Stripe worker) the way its Lambda does; product code may not.
  it('nothing imports from functions/ but the group entries, infra, the local server and tests', () => {
    const importers = [...productCode, ...sources('test'), ...sources('web/src')].filter((f) => {
      const text = read(f);
      return /from\s+['"](@lieu\/fn-[\w-]+|(\.\.\/)+functions\/|\.\.\/[\w-]+\/(routes|context|holds|book|availability))/.test(text);
    });
    const allowed = (f: string) =>
      f.startsWith('packages/local/src/') || /^functions\/[\w-]+\/handler\.ts$/.test(f) || f.startsWith('infra/') || f.startsWith('test/');
    expect(importers.filter((f) => !allowed(f))).toEqual([]);
  });

  it('handlers never assert a session or cast a role: the route access types them', () => {
    expect(offenders(productCode, /ctx\.session!/)).toEqual([]);
    // The two places that turn a verified session into a typed actor may cast.
    expect(offenders(productCode, /as Role\b/).filter((f) => f !== 'packages/app/src/scope.ts' && f !== 'packages/http/src/session.ts')).toEqual([]);
  });

  it('no transaction failure is read by position', () => {
    expect(offenders(productCode, /reasons\[\d+\]|reasons\[[a-z]\w*\]|failedAt\(reasons/).filter((f) => f !== 'packages/db/src/transact.ts')).toEqual([]);
  });

  it('a failed condition is recognised by the one helper, not by comparing error names', () => {
    expect(offenders(productCode, /name === 'ConditionalCheckFailedException'/).filter((f) => f !== 'packages/db/src/transact.ts')).toEqual([]);
  });

  it('raw DynamoDB key strings live only in the key declarations of packages/db', () => {
    const raw = /[`'"](T#|P#|SLUG#|DOMAIN#|STRIPE_ACCOUNT#)/;
    const declared = (f: string) => /^packages\/db\/src\/(keys|entities)[\w/]*\.ts$/.test(f) || /^packages\/db\/src\/[\w]+Keys\.ts$/.test(f);
    expect(productCode.filter((f) => raw.test(code(f)) && !declared(f))).toEqual([]);
  });
});
