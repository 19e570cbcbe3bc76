import { randomBytes } from 'node:crypto';
import { AppError, hasRole, type Role } from '@lieu/core';
import { PLATFORM_REALM, sessionsRepo, tenantRealm, usersRepo, withSessionCheck, type Realm } from '@lieu/db';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Access } from '@lieu/api';
import { linksFor } from '@lieu/app';
import type { IdentityScope } from '@lieu/app/account';
import type { Deps, RequestCtx, Route } from './route';
import { jwtKeysOf, SESSION_DAYS, signSession, verifySession, type SessionClaims } from './tokens';

export const SESSION_COOKIE = 'lieu_session';
/**
 * A member's read with a token older than this re-checks its session item (revocation, role
 * changes). State changes and staff reads check it on every request (`guardedBySession`).
 */
export const REFRESH_AFTER_SECONDS = 60;

export const realmId = (r: Realm) => (r.kind === 'tenant' ? r.tenantId : 'platform');

/** Reads the token from the cookie, or from `Authorization: Bearer` for API clients. */
export function readToken(c: Context): { token: string; via: 'cookie' | 'bearer' } | null {
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), via: 'bearer' };
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

export function setSessionCookie(c: Context, deps: Deps, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true, secure: deps.secureCookies, sameSite: 'Lax', path: '/', maxAge: SESSION_DAYS * 86400,
  });
}
export const clearSessionCookie = (c: Context, deps: Deps) =>
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: deps.secureCookies });

/** Verifies the presented token. A valid token of another realm is 403 on every route. */
export async function readSession(c: Context, deps: Deps, realm: Realm, now: Date): Promise<SessionClaims | null> {
  const t = readToken(c);
  if (!t) return null;
  const claims = await verifySession(t.token, jwtKeysOf(deps), now);
  if (!claims) return null;
  if (claims.realm !== realmId(realm)) {
    // Refused on every route; a cookie is also cleared, so that the browser can sign in here next.
    if (t.via === 'cookie') clearSessionCookie(c, deps);
    throw new AppError('forbidden', 'This session belongs to another space; sign in here');
  }
  return claims;
}

/** Enforces the route's access rule; re-checks stale sessions against the table and refreshes them. */
export async function authorize(ctx: RequestCtx, access: Access): Promise<void> {
  if (access === 'public') return;
  if (access === 'platform' && ctx.realm.kind !== 'platform') throw new AppError('not_found', 'Not found');
  const s = ctx.session;
  if (!s) throw new AppError('unauthenticated', 'Sign in to continue');
  const nowSec = Math.floor(ctx.now.getTime() / 1000);
  if (nowSec - s.iat > REFRESH_AFTER_SECONDS) await refresh(ctx, s);
  if (access === 'session' || access === 'platform') return;
  if (!hasRole((ctx.session ?? s).role as Role, access)) {
    throw new AppError('forbidden', access === 'member' ? 'Members only' : `Only ${access}s of this space may do this`);
  }
}

async function refresh(ctx: RequestCtx, s: SessionClaims) {
  const { user, session } = await usersRepo(ctx.deps.db, ctx.realm).getWithSession(s.sub, s.sid);
  const nowSec = Math.floor(ctx.now.getTime() / 1000);
  if (!user || !session || (session.expiresAt as number) <= nowSec || user.status !== 'active') {
    clearSessionCookie(ctx.hono, ctx.deps);
    throw sessionEnded();
  }
  const claims = { sub: user.id, sid: s.sid, realm: s.realm, role: user.role };
  setSessionCookie(ctx.hono, ctx.deps, await signSession(claims, jwtKeysOf(ctx.deps), ctx.now));
  ctx.session = { ...claims, iat: nowSec };
  ctx.sessionVerified = true;
}

/**
 * The route as this request runs it: a state change or a staff read (any route of a staff or
 * platform session) runs only while its session item exists, checked by the data layer on the
 * request's own reads and writes where it can (packages/db/src/sessionGuard.ts), so that a logout,
 * a password reset, a suspension or a role change stops it at once rather than at the next refresh.
 */
export function guardedBySession(ctx: RequestCtx, route: Route): Route {
  const s = ctx.session;
  if (!s || route.spec.access === 'public' || ctx.sessionVerified) return route;
  const writes = !['GET', 'HEAD', 'OPTIONS'].includes(ctx.hono.req.method);
  if (!writes && !hasRole(s.role as Role, 'operator') && ctx.realm.kind !== 'platform') return route;
  const ended = () => {
    clearSessionCookie(ctx.hono, ctx.deps);
    return sessionEnded();
  };
  return {
    spec: route.spec,
    handler: (input) => withSessionCheck(ctx.deps.db, ctx.realm, s.sid, ctx.now, ended, () => route.handler(input)),
  };
}

/** A session logged out, revoked, expired or of a suspended or closed account. */
export const sessionEnded = () => new AppError('unauthenticated', 'Your session has ended; sign in again', { rule: 'session_revoked' });

export const realmOfHost = (tenantId: string | null): Realm => (tenantId ? tenantRealm(tenantId) : PLATFORM_REALM);


/**
 * Prepares a session for a user: the item to write (alone, or inside the caller's transaction) and
 * `apply()` which sets the cookie once the write has succeeded.
 */
export async function prepareSession(ctx: RequestCtx, user: { id: string; role: string }) {
  const sid = randomBytes(18).toString('base64url');
  const nowSec = Math.floor(ctx.now.getTime() / 1000);
  const record = { sessionId: sid, userId: user.id, createdAt: ctx.now.toISOString(), expiresAt: nowSec + SESSION_DAYS * 86400 };
  const claims = { sub: user.id, sid, realm: realmId(ctx.realm), role: user.role };
  const token = await signSession(claims, jwtKeysOf(ctx.deps), ctx.now);
  return {
    put: sessionsRepo(ctx.deps.db, ctx.realm).sessionPut(record),
    record,
    apply() {
      setSessionCookie(ctx.hono, ctx.deps, token);
      ctx.session = { ...claims, iat: nowSec };
      return token;
    },
  };
}

/** Opens a session for a user: a session item (revocable) and a signed cookie. */
export async function startSession(ctx: RequestCtx, user: { id: string; role: string }): Promise<string> {
  const s = await prepareSession(ctx, user);
  await sessionsRepo(ctx.deps.db, ctx.realm).create(s.record);
  return s.apply();
}

/** What the sign-in use-cases take: the realm of the host, its space if any, the caller's address. */
export function identityScopeOf(ctx: RequestCtx): IdentityScope {
  return {
    db: ctx.deps.db, realm: ctx.realm, tenant: ctx.tenant, now: ctx.now, requestId: ctx.requestId,
    links: linksFor(ctx.origin), ip: ctx.ip, limits: ctx.deps.limits,
  };
}
