import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/lib/areas';
import { allRoutes, areaRoutes } from '../../packages/local/src/routes';

/** What exists only for a developer's machine stays there. */
describe('local-only surfaces', () => {
  it('the dev mailbox is mounted in dev mode only, and by no deployed area', () => {
    const mailbox = (routes: typeof areaRoutes) => routes.some((r) => r.spec.path.startsWith('/api/v1/dev/'));
    expect(mailbox(allRoutes(true))).toBe(true);
    expect(mailbox(allRoutes(false))).toBe(false);
    expect(mailbox(areaRoutes)).toBe(false); // what the Lambdas mount (infra/test/stack.test.ts holds them to areaRoutes)
  });

  it('the local server listens on 127.0.0.1 unless HOST says otherwise', () => {
    const main = readFileSync(join(REPO_ROOT, 'packages/local/src/main.ts'), 'utf8');
    expect(main).toMatch(/hostname: process\.env\.HOST \?\? '127\.0\.0\.1'/);
  });
});
