import { ruleViolation, toPublicUser } from '@lieu/core';
import { members as api } from '@lieu/api';
import { closeAccount, exportMyData, updateProfile, verifyPassword } from '@lieu/app/account';
import { activeOwnerCount, listMembers, updateMember } from '@lieu/app/members';
import { AppError } from '@lieu/core';
import { clearSessionCookie, implement, type Route } from '@lieu/http';

export const routes: Route[] = [
  implement(api.listMembers, async ({ query, scope }) => {
    const { limit, cursor, ...filter } = query;
    return listMembers(scope, filter, limit, cursor);
  }),

  implement(api.getMember, async ({ params, scope }) => toPublicUser(await scope.memberOrFail(params.memberId))),

  implement(api.updateMember, async ({ params, body, scope }) => toPublicUser(await updateMember(scope, params.memberId, body))),

  implement(api.updateProfile, async ({ body, scope }) => toPublicUser(await updateProfile(scope, body))),

  implement(api.exportMyData, async ({ scope }) => exportMyData(scope)),

  implement(api.closeMyAccount, async ({ body, scope, ctx }) => {
    const me = await scope.memberOrFail(scope.actor.id);
    if (me.passwordHash && !(await verifyPassword(body.password ?? '', me.passwordHash))) {
      throw new AppError('forbidden', 'Wrong password', { rule: 'invalid_credentials', fields: [{ path: 'password', message: 'Wrong password' }] });
    }
    if (me.role === 'owner' && (await activeOwnerCount(scope)) <= 1) {
      throw ruleViolation('last_owner', 'Hand the space to another owner before closing your account');
    }
    await closeAccount(scope, me);
    clearSessionCookie(ctx.hono, ctx.deps);
    return { ok: true as const };
  }),
];
