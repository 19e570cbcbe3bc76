import type * as z from 'zod/mini';
import type { Tenant, TxtResolver } from '@lieu/core';
import type { Actor, SendBudget, SignedScope, TenantScope } from '@lieu/app';
import type { Db, Realm } from '@lieu/db';
import type { Out, RouteSpec } from '@lieu/api';
import type { Context } from 'hono';
import type { TenantBudget } from './budget';
import type { MediaStore } from './media';
import type { JwtKeys, SessionClaims } from './tokens';

export interface Deps {
  db: Db;
  /** The key that signs session tokens (and upload URLs locally); `jwtKeys`, when set, holds it as its current key. */
  jwtSecret: Uint8Array;
  /** Session-token keys by kid during a rotation (tokens.ts); absent: `jwtSecret` alone, kid `k1`. */
  jwtKeys?: JwtKeys;
  /** `localhost` locally; the platform's apex domain in AWS. Tenants live on `<slug>.<platformDomain>`. */
  platformDomain: string;
  clock: () => Date;
  secureCookies: boolean;
  /** How long a resolved host → tenant is reused in this process (0 to disable). */
  tenantCacheMs: number;
  devMode: boolean;
  /**
   * The header that carries the host the visitor typed. `host` locally; behind CloudFront the
   * origin request's Host is API Gateway's, so a CloudFront function copies the viewer's host into
   * a header of our own (infra/lib/web.ts) and the Lambdas read that one.
   */
  hostHeader?: string;
  /**
   * Behind CloudFront: the header CloudFront adds to every origin request with a secret value
   * (infra/lib/web.ts). When set, a request without it is refused, and only then are the viewer
   * headers (`hostHeader`, `viewerIpHeader`) trusted.
   */
  originSecret?: { header: string; value: string };
  /** The header in which the CloudFront function passes the viewer's address (with `originSecret`). */
  viewerIpHeader?: string;
  /** Requests per second each space may make in this process (budget.ts); none when absent. */
  tenantBudget?: TenantBudget;
  /** Rate limits (per 15-minute window); tests raise them where they create many accounts. */
  limits: RateLimits;
  /** Uploaded files (product photos): set only where uploads are served (functions/shop-media, the local server). */
  media?: MediaStore;
  /**
   * How visitors reach the product, for absolute links (emails, feeds, uploads): the scheme (`https`
   * in AWS; `http` locally) and, locally, the port. Never taken from request headers.
   */
  publicScheme?: 'http' | 'https';
  publicPort?: number;
  /** TXT lookups for custom-domain checks: the DNS when absent; the local server answers its own records. */
  dns?: TxtResolver;
  /** A new space's daily email budget (DEFAULT_SEND_BUDGET when absent). */
  sendBudget?: SendBudget;
}

export interface RateLimits {
  loginsPerEmail: number;
  loginsPerIp: number;
  linksPerEmail: number;
  signupsPerIp: number;
  spacesPerIp: number;
}
export const DEFAULT_LIMITS: RateLimits = { loginsPerEmail: 10, loginsPerIp: 100, linksPerEmail: 5, signupsPerIp: 30, spacesPerIp: 5 };

export interface RequestCtx {
  deps: Deps;
  requestId: string;
  now: Date;
  /** The tenant of the host, when the host is a tenant's. */
  tenant: Tenant | null;
  realm: Realm;
  /** The verified session, when one was presented. */
  session: SessionClaims | null;
  /** Its session item was read during this request (a refresh): no second check is needed. */
  sessionVerified?: boolean;
  /** Scheme + canonical host of this space (or the platform), from configuration, for absolute links. */
  origin: string;
  /** Who is asking, once the access rule has run (null on public routes without a session). */
  actor: Actor | null;
  /** The use-case scope of a tenant-host request (built on first use). */
  readonly scope: TenantScope | null;
  ip: string;
  hono: Context;
  /**
   * On a route that honours an Idempotency-Key: a use-case that knows its answer before committing
   * hands it here, so the request record stores it in the commit itself (no write after it).
   */
  answerEarly?: (out: unknown) => void;
  /** Drops this process's cached copy of the host's tenant after a settings change. */
  tenantChanged?: () => void;
}

/** The context of a route whose access rule needs a session: the session and actor are there. */
export interface SignedCtx extends RequestCtx {
  session: SessionClaims;
  actor: Actor;
}

type Signed<S extends RouteSpec> = S['access'] extends 'public' ? false : true;
export type CtxOf<S extends RouteSpec> = Signed<S> extends true ? SignedCtx : RequestCtx;
export type ScopeOf<S extends RouteSpec> = S['host'] extends 'tenant'
  ? (Signed<S> extends true ? SignedScope : TenantScope)
  : TenantScope | null;

export interface HandlerInput<S extends RouteSpec> {
  params: Out<S['params']>;
  query: Out<S['query']>;
  body: Out<S['body']>;
  /** The request (adapters only: cookies, headers, raw responses). */
  ctx: CtxOf<S>;
  /** What use-cases take: the space, the actor, the clock, the repositories. */
  scope: ScopeOf<S>;
}

export type Handler<S extends RouteSpec> = (input: HandlerInput<S>) => Promise<z.input<S['response']> | Response>;

export interface Route<S extends RouteSpec = RouteSpec> {
  spec: S;
  handler: Handler<S>;
}

/** Pairs a declared route with its handler. */
export function implement<S extends RouteSpec>(spec: S, handler: Handler<S>): Route {
  return { spec, handler: handler as unknown as Handler<RouteSpec> };
}

/** The tenant of a tenant-host route (the app guarantees it is there). */
export function tenantOf(ctx: RequestCtx): Tenant {
  if (!ctx.tenant) throw new Error('tenant route without tenant');
  return ctx.tenant;
}
/** The session of a route whose access needs one (the app guarantees it is there). */
export function sessionOf(ctx: RequestCtx) {
  if (!ctx.session) throw new Error('session route without session');
  return ctx.session;
}
