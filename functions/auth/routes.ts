import { toPublicUser } from '@lieu/core';
import { auth } from '@lieu/api';
import {
  acceptInvitation, checkCredentials, confirmPasswordReset, confirmSignUp, consumeLink, invite, liveSession, requestLink, requestSignUp,
} from '@lieu/app/account';
import { sessionsRepo, WriteSet } from '@lieu/db';
import {
  clearSessionCookie, identityScopeOf, implement, jwtKeysOf, prepareSession, readToken, sessionEnded, startSession, verifySession, type Route,
} from '@lieu/http';

/** Sign-in, links and invitations: adapters of the account use-cases (packages/app/src/account) plus the session cookie. */
export const routes: Route[] = [
  implement(auth.signupMember, async ({ body, ctx, scope }) => {
    await requestSignUp({ ...identityScopeOf(ctx), tenant: scope.tenant }, body);
    return { ok: true as const };
  }),

  implement(auth.confirmSignup, async ({ body, ctx, scope }) => {
    let session: Awaited<ReturnType<typeof prepareSession>> | undefined;
    const user = await confirmSignUp({ ...identityScopeOf(ctx), tenant: scope.tenant }, body.token, async (u) => {
      session = await prepareSession(ctx, u);
      return new WriteSet().add('session', session.put);
    });
    session!.apply();
    return { user: toPublicUser(user) };
  }),

  implement(auth.login, async ({ body, ctx }) => {
    const user = await checkCredentials(identityScopeOf(ctx), body.email, body.password);
    await startSession(ctx, user);
    return { user: toPublicUser(user) };
  }),

  implement(auth.logout, async ({ ctx }) => {
    const t = readToken(ctx.hono);
    const claims = t ? await verifySession(t.token, jwtKeysOf(ctx.deps), ctx.now) : null;
    if (claims) await sessionsRepo(ctx.deps.db, ctx.realm).revoke(claims.sid);
    clearSessionCookie(ctx.hono, ctx.deps);
    return { ok: true as const };
  }),

  implement(auth.me, async ({ ctx }) => {
    const user = await liveSession(identityScopeOf(ctx), ctx.session.sub, ctx.session.sid);
    if (!user) {
      clearSessionCookie(ctx.hono, ctx.deps);
      throw sessionEnded();
    }
    return { user: toPublicUser(user), realm: ctx.session.realm };
  }),

  implement(auth.requestMagicLink, async ({ body, ctx }) => {
    await requestLink(identityScopeOf(ctx), body.email, 'magic_link');
    return { ok: true as const };
  }),

  implement(auth.verifyMagicLink, async ({ body, ctx }) => {
    const user = await consumeLink(identityScopeOf(ctx), body.token, 'magic_link');
    await startSession(ctx, user);
    return { user: toPublicUser(user) };
  }),

  implement(auth.requestPasswordReset, async ({ body, ctx }) => {
    await requestLink(identityScopeOf(ctx), body.email, 'password_reset');
    return { ok: true as const };
  }),

  implement(auth.confirmPasswordReset, async ({ body, ctx }) => {
    const user = await confirmPasswordReset(identityScopeOf(ctx), body.token, body.password);
    await startSession(ctx, user);
    return { user: toPublicUser(user) };
  }),

  implement(auth.invite, async ({ body, ctx, scope }) => {
    await invite(scope, identityScopeOf(ctx), body);
    return { ok: true as const };
  }),

  implement(auth.acceptInvitation, async ({ body, ctx, scope }) => {
    const user = await acceptInvitation({ ...identityScopeOf(ctx), tenant: scope.tenant }, body);
    await startSession(ctx, user);
    return { user: toPublicUser(user) };
  }),
];
