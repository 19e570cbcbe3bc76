import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RouteSpec } from '@lieu/api';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const FUNCTIONS_DIR = join(REPO_ROOT, 'functions');

/** One HTTP route of an area, as API Gateway sees it. */
export interface AreaRoute {
  method: RouteSpec['method'];
  /** Hono-style, as declared: `/api/v1/members/:memberId`. */
  path: string;
  host: RouteSpec['host'];
  operationId: string;
}

/** An HTTP area: `functions/<name>/handler.ts` (the Lambda entry) and the routes its `routes.ts` declares. */
export interface Area {
  name: string;
  entry: string;
  routes: AreaRoute[];
  specs: RouteSpec[];
}

/** `/api/v1/members/:memberId` → `/api/v1/members/{memberId}` (API Gateway's path parameters). */
export const toApiGatewayPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/**
 * Finds every HTTP area: a folder under `functions/` with both `handler.ts` and `routes.ts`. Its routes
 * come from importing `routes.ts` at synth time (routes are data: method, path, host), so a route added
 * to an area reaches API Gateway with no change here. Event-driven code (`functions/jobs`) has no
 * `routes.ts` and is wired by the jobs construct.
 */
export async function discoverAreas(dir = FUNCTIONS_DIR): Promise<Area[]> {
  const areas: Area[] = [];
  for (const name of readdirSync(dir).sort()) {
    const entry = join(dir, name, 'handler.ts');
    const routesFile = join(dir, name, 'routes.ts');
    if (!existsSync(entry) || !existsSync(routesFile)) continue;
    const mod = (await import(pathToFileURL(routesFile).href)) as { routes?: { spec: RouteSpec }[] };
    if (!Array.isArray(mod.routes)) throw new Error(`functions/${name}/routes.ts must export \`routes\``);
    const specs = mod.routes.map((r) => r.spec);
    areas.push({ name, entry, specs, routes: specs.map((s) => ({ method: s.method, path: s.path, host: s.host, operationId: s.operationId })) });
  }
  assertNoClash(areas);
  return areas;
}

/** Two areas declaring the same method and path would silently shadow one another in API Gateway. */
export function assertNoClash(areas: Area[]): void {
  const seen = new Map<string, string>();
  for (const a of areas) for (const r of a.routes) {
    const key = `${r.method.toUpperCase()} ${toApiGatewayPath(r.path).replace(/\{\w+\}/g, '{}')}`;
    const other = seen.get(key);
    if (other && other !== a.name) throw new Error(`route ${key} is declared by both ${other} and ${a.name}`);
    seen.set(key, a.name);
  }
}
