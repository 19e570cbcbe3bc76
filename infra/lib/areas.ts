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

/** An HTTP feature (area): `functions/<name>/routes.ts` and the routes it declares. */
export interface Area {
  name: string;
  routes: AreaRoute[];
  specs: RouteSpec[];
}

/**
 * One deployed HTTP function: `functions/<name>/handler.ts`, mounting the route lists of whole
 * features. Which features share a function is a bundling choice, made from the cold-start
 * simulation (`pnpm bench coldstarts`, docs/deploy.md).
 */
export interface Group {
  name: string;
  entry: string;
  areas: Area[];
  routes: AreaRoute[];
  specs: RouteSpec[];
}

/**
 * The HTTP functions deployed: the API but Stripe in one, Stripe (its SDK and its secrets) alone.
 * Each folder's handler.ts exports the `routes` it mounts; discoverGroups checks they are whole features.
 */
export const HTTP_GROUPS = ['api', 'webhooks'] as const;

/** `/api/v1/members/:memberId` → `/api/v1/members/{memberId}` (API Gateway's path parameters). */
export const toApiGatewayPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/**
 * Finds every HTTP feature: a folder under `functions/` with a `routes.ts`. Its routes come from
 * importing `routes.ts` at synth time (routes are data: method, path, host), so a route added to a
 * feature reaches API Gateway, in its group's function, with no change here. Event-driven code
 * (`functions/jobs`, `functions/stripe-worker`) has no `routes.ts` and is wired by its own construct.
 */
export async function discoverAreas(dir = FUNCTIONS_DIR): Promise<Area[]> {
  const areas: Area[] = [];
  for (const name of readdirSync(dir).sort()) {
    const routesFile = join(dir, name, 'routes.ts');
    if (!existsSync(routesFile)) continue;
    const mod = (await import(pathToFileURL(routesFile).href)) as { routes?: { spec: RouteSpec }[] };
    if (!Array.isArray(mod.routes)) throw new Error(`functions/${name}/routes.ts must export \`routes\``);
    const specs = mod.routes.map((r) => r.spec);
    areas.push({ name, specs, routes: specs.map((s) => ({ method: s.method, path: s.path, host: s.host, operationId: s.operationId })) });
  }
  assertNoClash(areas);
  return areas;
}

/** `GET /api/v1/members/{}`: what API Gateway tells routes apart by. */
export const routeKey = (r: { method: string; path: string }): string => `${r.method.toUpperCase()} ${toApiGatewayPath(r.path).replace(/\{\w+\}/g, '{}')}`;

/**
 * The deployed HTTP functions: imports each group's `functions/<group>/handler.ts` (its exported
 * `routes`, the list it mounts) and finds which features those routes are. Refuses a group that mounts
 * part of a feature or a route no feature declares, a feature in two groups, and a feature in none.
 */
export async function discoverGroups(areas: Area[], names: readonly string[] = HTTP_GROUPS, dir = FUNCTIONS_DIR): Promise<Group[]> {
  const declared = new Set(areas.flatMap((a) => a.routes.map(routeKey)));
  const placed = new Map<string, string>();
  const groups: Group[] = [];
  for (const name of names) {
    const entry = join(dir, name, 'handler.ts');
    const mod = (await import(pathToFileURL(entry).href)) as { routes?: { spec: RouteSpec }[] };
    if (!Array.isArray(mod.routes)) throw new Error(`functions/${name}/handler.ts must export the \`routes\` it mounts`);
    const keys = new Set(mod.routes.map((r) => routeKey(r.spec)));
    for (const k of keys) if (!declared.has(k)) throw new Error(`functions/${name}/handler.ts mounts ${k}, which no feature declares`);
    const members = areas.filter((a) => a.routes.some((r) => keys.has(routeKey(r))));
    for (const a of members) {
      if (!a.routes.every((r) => keys.has(routeKey(r)))) throw new Error(`functions/${name}/handler.ts mounts part of ${a.name}: a group mounts whole features`);
      if (placed.has(a.name)) throw new Error(`${a.name} is mounted by both ${placed.get(a.name)} and ${name}`);
      placed.set(a.name, name);
    }
    groups.push({ name, entry, areas: members, routes: members.flatMap((a) => a.routes), specs: members.flatMap((a) => a.specs) });
  }
  const missing = areas.filter((a) => !placed.has(a.name)).map((a) => a.name);
  if (missing.length) throw new Error(`features no group mounts: ${missing.join(', ')}`);
  return groups;
}

/** Two areas declaring the same method and path would silently shadow one another in API Gateway. */
export function assertNoClash(areas: Area[]): void {
  const seen = new Map<string, string>();
  for (const a of areas) for (const r of a.routes) {
    const key = routeKey(r);
    const other = seen.get(key);
    if (other && other !== a.name) throw new Error(`route ${key} is declared by both ${other} and ${a.name}`);
    seen.set(key, a.name);
  }
}
