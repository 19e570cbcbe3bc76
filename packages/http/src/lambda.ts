import { createDb } from '@lieu/db';
import { handle } from 'hono/aws-lambda';
import type { Hono } from 'hono';
import { createApp } from './app';
import { DEFAULT_LIMITS, type Deps, type Route } from './route';
import { parseJwtKeys, type JwtKeys } from './tokens';

/**
 * Reads the JWT keys: from `JWT_SECRET` when given (tests), else from Secrets Manager through the
 * AWS Parameters and Secrets Lambda extension (a local HTTP call: no SDK in the bundle). The secret
 * is one key, or a keyring during a rotation (`parseJwtKeys`).
 */
async function jwtKeys(): Promise<JwtKeys> {
  if (process.env.JWT_SECRET) return parseJwtKeys(process.env.JWT_SECRET);
  const id = process.env.JWT_SECRET_ID;
  if (!id) throw new Error('JWT_SECRET or JWT_SECRET_ID must be set');
  return parseJwtKeys(await readSecret(id));
}

/** A Secrets Manager secret's string, through the Parameters and Secrets Lambda extension (no SDK). */
export async function readSecret(id: string): Promise<string> {
  const res = await fetch(`http://localhost:2773/secretsmanager/get?secretId=${encodeURIComponent(id)}`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' },
  });
  if (!res.ok) throw new Error(`secret ${id}: ${res.status}`);
  const { SecretString } = (await res.json()) as { SecretString: string };
  return SecretString;
}

/**
 * The value CloudFront adds in ORIGIN_SECRET_HEADER: `ORIGIN_SECRET` (tests) or the secret
 * `ORIGIN_SECRET_ID`; none outside AWS.
 */
async function originSecret(): Promise<Deps['originSecret']> {
  const header = process.env.ORIGIN_SECRET_HEADER?.toLowerCase();
  if (!header) return undefined;
  const value = process.env.ORIGIN_SECRET ?? (process.env.ORIGIN_SECRET_ID ? await readSecret(process.env.ORIGIN_SECRET_ID) : undefined);
  if (!value) throw new Error('ORIGIN_SECRET_HEADER needs ORIGIN_SECRET or ORIGIN_SECRET_ID');
  return { header, value };
}

export async function depsFromEnv(): Promise<Deps> {
  const [keys, origin] = await Promise.all([jwtKeys(), originSecret()]);
  return {
    db: createDb({ tableName: process.env.TABLE_NAME ?? 'lieu', ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}) }),
    jwtSecret: keys.keys[keys.current]!,
    jwtKeys: keys,
    platformDomain: process.env.PLATFORM_DOMAIN ?? 'localhost',
    clock: () => new Date(),
    secureCookies: process.env.SECURE_COOKIES !== 'false',
    tenantCacheMs: Number(process.env.TENANT_CACHE_MS ?? 30_000),
    devMode: false,
    ...(process.env.VIEWER_HOST_HEADER ? { hostHeader: process.env.VIEWER_HOST_HEADER.toLowerCase() } : {}),
    ...(origin ? { originSecret: origin } : {}),
    ...(process.env.VIEWER_IP_HEADER ? { viewerIpHeader: process.env.VIEWER_IP_HEADER.toLowerCase() } : {}),
    ...(process.env.TENANT_RPS ? { tenantBudget: { perSecond: Number(process.env.TENANT_RPS), burst: Number(process.env.TENANT_BURST ?? process.env.TENANT_RPS) } } : {}),
    limits: DEFAULT_LIMITS,
  };
}

/**
 * The Lambda entry of one area: its routes on the shared app, built once per container (after `init`).
 * `withDeps` adds what only this area needs (e.g. the media store of functions/shop-media).
 */
export function lambdaHandler(routes: Route[], opts: { init?: () => Promise<void>; withDeps?: (deps: Deps) => Deps } = {}) {
  let app: Promise<Hono> | null = null;
  return async (event: Parameters<ReturnType<typeof handle>>[0], context: Parameters<ReturnType<typeof handle>>[1]) => {
    app ??= (opts.init?.() ?? Promise.resolve()).then(depsFromEnv).then((deps) => createApp(opts.withDeps?.(deps) ?? deps, routes) as unknown as Hono);
    return handle(await app)(event, context);
  };
}
