import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../lib/app';
import { discoverAreas, type Area, type Group } from '../lib/areas';
import type { LieuStack } from '../lib/stack';

// aws-cdk-lib's built-in CloudFormation validation (a WASM rule engine) costs ~10 s per process: the
// assertions below check the template themselves, and `pnpm synth` keeps it on.
process.env.CDK_VALIDATION = 'false';

const CACHE = join(import.meta.dirname, '..', 'node_modules', '.cache', 'cdk-test');

export const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000';

/**
 * Builds the stack once (per test file) with stub code: the assertions look at the template, and
 * `pnpm synth` is what really bundles (fn.test.ts bundles one function for real).
 */
export async function synth(context: Record<string, unknown> = {}, areas?: Area[], cacheKey = 'default'): Promise<{ stack: LieuStack; template: Template; areas: Area[]; groups: Group[] }> {
  const found = areas ?? (await discoverAreas());
  const { stack } = await buildApp({
    // A stable outdir per caller: assets (the portal, aws-cdk-lib's helper layers) are staged once, then reused.
    appProps: { context: { 'lieu:bundling': 'stub', stage: 'dev', ...context }, outdir: join(CACHE, cacheKey) },
    areas: found,
    nag: false,
  });
  return { stack, template: Template.fromStack(stack), areas: found, groups: stack.groups };
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, any>; [k: string]: any }>;

/** Every resource of a type, by logical id. */
export function ofType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** A `{ "Fn::GetAtt": [id, attr] }` or `{ Ref: id }` → id. */
export function refId(v: unknown): string | undefined {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string') return o.Ref;
    if (Array.isArray(o['Fn::GetAtt'])) return o['Fn::GetAtt'][0] as string;
  }
  return undefined;
}
