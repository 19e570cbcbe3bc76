import { AppError, emails, newId, type Locale, type User } from '@lieu/core';
import { auth } from '@lieu/api';
import { emailTaken, outboxRepo, sessionsRepo, transact, userPutItems, usersRepo } from '@lieu/db';
import {
  clearSessionCookie, hashPassword, prepareSession, hashToken, implement, newLinkToken, readToken, startSession, verifyPassword,
  verifySession, type RequestCtx, type Route,
} from '@lieu/http';
import { toPublicUser } from '@lieu/core';

const MAGIC_LINK_SECONDS = 15 * 60;
const RESET_SECONDS = 60 * 60;
const INVITE_SECONDS = 7 * 86400;
const WINDOW = 900; // rate-limit window: 15 minutes

const users = (ctx: RequestCtx) => usersRepo(ctx.deps.db, ctx.realm);
const sessions = (ctx: RequestCtx) => sessionsRepo(ctx.deps.db, ctx.realm);
const spaceName = (ctx: RequestCtx) => ctx.tenant?.name ?? 'Lieu';
const localeOf = (ctx: RequestCtx, u?: User | null): Locale => u?.locale ?? ctx.tenant?.locale ?? 'fr';
const expiry = (ctx: RequestCtx, seconds: number) => Math.floor(ctx.now.getTime() / 1000) + seconds;

const invalidCredentials = () => new AppError('unauthenticated', 'Wrong email or password');

async function emailLink(ctx: RequestCtx, to: string, build: (url: string) => { subject: string; text: string }, path: string, token: string) {
  const url = `${ctx.origin}${path}?token=${encodeURIComponent(token)}`;
  await outboxRepo(ctx.deps.db, ctx.realm).enqueue({ to, ...build(url) }, ctx.now);
}

/**
 * Emails a one-time link (magic link, password reset) to an active account with that email. Rate
 * limited per email; the caller answers the same whether or not the email is known.
 */
async function sendLinkIfKnown(
  ctx: RequestCtx, email: string, purpose: 'magic_link' | 'password_reset', ttlSeconds: number, path: string,
  text: (l: Locale, space: string, url: string) => { subject: string; text: string },
) {
  await sessions(ctx).hit('link-email', email, ctx.deps.limits.linksPerEmail, WINDOW, ctx.now);
  const user = await users(ctx).getByEmail(email);
  if (!user || user.status !== 'active') return;
  const { token, hash } = newLinkToken();
  await sessions(ctx).putToken(hash, { purpose, userId: user.id, email, expiresAt: expiry(ctx, ttlSeconds) });
  await emailLink(ctx, email, (url) => text(localeOf(ctx, user), spaceName(ctx), url), path, token);
}

export const routes: Route[] = [
  implement(auth.signupMember, async ({ body, ctx }) => {
    const user: User = {
      id: newId(ctx.now.getTime()), tenantId: ctx.tenant!.id, email: body.email, name: body.name, role: 'member',
      status: 'active', locale: body.locale, passwordHash: await hashPassword(body.password), createdAt: ctx.now.toISOString(), version: 1,
    };
    const welcome = emails.welcome(localeOf(ctx, user), spaceName(ctx), ctx.origin);
    const session = await prepareSession(ctx, user);
    // One transaction: the user, its email marker, the welcome email, the session and the rate-limit hit.
    await transact(ctx.deps.db, [
      ...userPutItems(ctx.deps.db, ctx.realm, user),
      outboxRepo(ctx.deps.db, ctx.realm).putItem({ to: body.email, ...welcome }, ctx.now),
      session.put,
      sessions(ctx).hitItem('signup-ip', ctx.ip, ctx.deps.limits.signupsPerIp, WINDOW, ctx.now),
    ], (reasons) => (reasons[1]?.Code === 'ConditionalCheckFailed' ? emailTaken() : sessions(ctx).rateLimited(WINDOW, ctx.now)));
    session.apply();
    return { user: toPublicUser(user) };
  }),

  implement(auth.login, async ({ body, ctx }) => {
    await sessions(ctx).hit('login-email', body.email, ctx.deps.limits.loginsPerEmail, WINDOW, ctx.now);
    await sessions(ctx).hit('login-ip', ctx.ip, ctx.deps.limits.loginsPerIp, WINDOW, ctx.now);
    const user = await users(ctx).getByEmail(body.email);
    const ok = await verifyPassword(body.password, user?.passwordHash);
    if (!user || !ok) throw invalidCredentials();
    if (user.status !== 'active') throw new AppError('forbidden', 'This account is suspended; contact the space');
    await startSession(ctx, user);
    return { user: toPublicUser(user) };
  }),

  implement(auth.logout, async ({ ctx }) => {
    const t = readToken(ctx.hono);
    const claims = t ? await verifySession(t.token, ctx.deps.jwtSecret, ctx.now) : null;
    if (claims) await sessions(ctx).revoke(claims.sid);
    clearSessionCookie(ctx.hono, ctx.deps);
    return { ok: true as const };
  }),

  implement(auth.me, async ({ ctx }) => {
    const s = ctx.session!;
    // One round trip: the session item (revocation) and the user, together.
    const { user, session } = await users(ctx).getWithSession(s.sub, s.sid);
    if (!user || !session || (session.expiresAt as number) <= ctx.now.getTime() / 1000 || user.status !== 'active') {
      clearSessionCookie(ctx.hono, ctx.deps);
      throw new AppError('unauthenticated', 'Your session has ended; sign in again');
    }
    return { user: toPublicUser(user), realm: s.realm };
  }),

  implement(auth.requestMagicLink, async ({ body, ctx }) => {
    await sendLinkIfKnown(ctx, body.email, 'magic_link', MAGIC_LINK_SECONDS, '/login/magic', emails.magicLink);
    return { ok: true as const };
  }),

  implement(auth.verifyMagicLink, async ({ body, ctx }) => {
    const t = await sessions(ctx).consumeToken(hashToken(body.token), 'magic_link', ctx.now);
    const user = t?.userId ? await users(ctx).get(t.userId) : null;
    if (!user || user.status !== 'active') throw new AppError('unauthenticated', 'This link has expired or was already used');
    await startSession(ctx, user);
    return { user: toPublicUser(user) };
  }),

  implement(auth.requestPasswordReset, async ({ body, ctx }) => {
    await sendLinkIfKnown(ctx, body.email, 'password_reset', RESET_SECONDS, '/reset-password', emails.passwordReset);
    return { ok: true as const };
  }),

  implement(auth.confirmPasswordReset, async ({ body, ctx }) => {
    const t = await sessions(ctx).consumeToken(hashToken(body.token), 'password_reset', ctx.now);
    const user = t?.userId ? await users(ctx).get(t.userId) : null;
    if (!user || user.status !== 'active') throw new AppError('unauthenticated', 'This link has expired or was already used');
    const updated = await users(ctx).update(user, { ...user, passwordHash: await hashPassword(body.password) });
    await sessions(ctx).revokeAllOf(user.id);
    await startSession(ctx, updated);
    return { user: toPublicUser(updated) };
  }),

  implement(auth.invite, async ({ body, ctx }) => {
    const inviterRole = ctx.session!.role;
    if (body.role !== 'member' && inviterRole !== 'owner') throw new AppError('forbidden', 'Only owners invite operators and owners');
    if (await users(ctx).getByEmail(body.email)) {
      throw new AppError('conflict', 'This person already has an account here', { fields: [{ path: 'email', message: 'Already registered' }] });
    }
    const { token, hash } = newLinkToken();
    await sessions(ctx).putToken(hash, { purpose: 'invite', email: body.email, role: body.role, expiresAt: expiry(ctx, INVITE_SECONDS) });
    await emailLink(ctx, body.email, (url) => emails.invitation(localeOf(ctx), spaceName(ctx), body.role, url), '/invitation', token);
    return { ok: true as const };
  }),

  implement(auth.acceptInvitation, async ({ body, ctx }) => {
    const t = await sessions(ctx).consumeToken(hashToken(body.token), 'invite', ctx.now);
    if (!t) throw new AppError('unauthenticated', 'This invitation has expired or was already used');
    const user: User = {
      id: newId(ctx.now.getTime()), tenantId: ctx.tenant!.id, email: t.email, name: body.name,
      role: (t.role as User['role']) ?? 'member', status: 'active', passwordHash: await hashPassword(body.password),
      createdAt: ctx.now.toISOString(), version: 1,
    };
    await users(ctx).create(user);
    await startSession(ctx, user);
    return { user: toPublicUser(user) };
  }),
];
