import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS_DIR } from '../lib/areas';
import { readConfig } from '../lib/config';
import { ESM_REQUIRE_BANNER, LieuFunction } from '../lib/fn';
import { ofType } from './fixture';

process.env.CDK_VALIDATION = 'false';

let bundle: string;
let template: Template;

/** One function bundled for real (esbuild, as `pnpm synth` does for all of them). */
beforeAll(() => {
  const outdir = mkdtempSync(join(tmpdir(), 'lieu-fn-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'FnTest', { env: { region: 'eu-west-3' } });
  new LieuFunction(stack, 'Outbox', {
    entry: join(FUNCTIONS_DIR, 'jobs', 'outbox.ts'), description: 'bundling test', environment: {}, config: readConfig(app.node),
  });
  const asm = app.synth();
  template = Template.fromJSON(asm.getStackByName('FnTest').template, { skipCyclicalDependenciesCheck: true });
  const [fn] = Object.values(ofType(template, 'AWS::Lambda::Function'));
  const assetHash = (fn!.Properties!.Code.S3Key as string).replace(/\.zip$/, '');
  bundle = join(outdir, `asset.${assetHash}`);
}, 120_000);

describe('a function bundle (esbuild, no Docker)', () => {
  it('is one minified ESM file with the createRequire banner and an external source map', () => {
    const code = readFileSync(join(bundle, 'index.mjs'), 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(code.length / code.split('\n').length).toBeGreaterThan(2000); // minified: long lines (template literals keep their newlines)
    expect(code).toMatch(/sourceMappingURL=index\.mjs\.map/);
    expect(existsSync(join(bundle, 'index.mjs.map'))).toBe(true);
    expect(statSync(join(bundle, 'index.mjs')).size).toBeLessThan(1_000_000);
  });

  it('runs: Node imports it (the SDK and middy bundled in) and finds the handler', async () => {
    const mod = (await import(pathToFileURL(join(bundle, 'index.mjs')).href)) as { handler?: unknown };
    expect(typeof mod.handler).toBe('function');
  });

  it('is declared as arm64 Node 22, handler index.handler, source maps on', () => {
    const [fn] = Object.values(ofType(template, 'AWS::Lambda::Function'));
    expect(fn!.Properties).toMatchObject({
      Handler: 'index.handler', Runtime: 'nodejs22.x', Architectures: ['arm64'],
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
    });
  });
});
