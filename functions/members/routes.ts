import { AppError, hasRole, ruleViolation, toPublicUser, type Role, type User } from '@lieu/core';
import { members as api } from '@lieu/api';
import { auditPut, memberDirectoryPage, personalData, sessionsRepo, usersRepo } from '@lieu/db';
import { clearSessionCookie, implement, verifyPassword, type RequestCtx, type Route } from '@lieu/http';

const users = (ctx: RequestCtx) => usersRepo(ctx.deps.db, ctx.realm);

/** Loads a person of this tenant; an id from elsewhere is simply not found here. */
async function member(ctx: RequestCtx, id: string): Promise<User> {
  const u = await users(ctx).get(id);
  if (!u || u.tenantId !== ctx.tenant!.id) throw new AppError('not_found', 'Member not found');
  return u;
}

async function ownerCount(ctx: RequestCtx): Promise<number> {
  return (await personalData(ctx.deps.db, ctx.realm).activeOwners()).length;
}

export const routes: Route[] = [
  implement(api.listMembers, async ({ query, ctx }) => {
    const { limit, cursor, ...filter } = query;
    const page = await memberDirectoryPage(ctx.deps.db, ctx.tenant!.id, filter, ctx.now.toISOString().slice(0, 10), limit, cursor);
    return {
      items: page.items.map(({ user, profile }) => {
        const sub = profile.subscription && profile.subscription.status !== 'canceled' ? profile.subscription : null;
        return { ...toPublicUser(user), category: profile.category, plan: sub ? { id: sub.planId, name: sub.planName, status: sub.status } : null };
      }),
      nextCursor: page.nextCursor,
    };
  }),

  implement(api.getMember, async ({ params, ctx }) => toPublicUser(await member(ctx, params.memberId))),

  implement(api.updateMember, async ({ params, body, ctx }) => {
    const target = await member(ctx, params.memberId);
    const actor = ctx.session!;
    if (target.status === 'erased') throw ruleViolation('erased', 'This account was closed');
    if (target.id === actor.sub) throw ruleViolation('self', 'You cannot change your own role or status');
    if (hasRole(target.role, 'operator') && !hasRole(actor.role as Role, 'owner')) {
      throw new AppError('forbidden', 'Only owners change staff accounts');
    }
    if (body.role !== undefined && body.role !== target.role && !hasRole(actor.role as Role, 'owner')) {
      throw new AppError('forbidden', 'Only owners change roles');
    }
    const next: User = { ...target, ...(body.role ? { role: body.role } : {}), ...(body.status ? { status: body.status } : {}) };
    if (target.role === 'owner' && (next.role !== 'owner' || next.status !== 'active') && (await ownerCount(ctx)) <= 1) {
      throw ruleViolation('last_owner', 'A space keeps at least one active owner');
    }
    const action = next.role !== target.role ? 'member.role_changed' : next.status === 'suspended' ? 'member.suspended' : 'member.reactivated';
    const saved = await users(ctx).update(target, next, next.role === target.role && next.status === target.status ? [] : [auditPut(ctx.deps.db, ctx.tenant!.id, {
      actorId: actor.sub, action, targetType: 'member', targetId: target.id,
      summary: `${target.name}: ${[next.role !== target.role ? `role ${target.role} → ${next.role}` : '', next.status !== target.status ? `status ${target.status} → ${next.status}` : ''].filter(Boolean).join(', ')}`,
      changes: {
        ...(next.role !== target.role ? { role: { from: target.role, to: next.role } } : {}),
        ...(next.status !== target.status ? { status: { from: target.status, to: next.status } } : {}),
      },
    }, ctx.now)]);
    if (saved.status !== 'active' || saved.role !== target.role) await sessionsRepo(ctx.deps.db, ctx.realm).revokeAllOf(saved.id);
    return toPublicUser(saved);
  }),

  implement(api.updateProfile, async ({ body, ctx }) => {
    const me = await member(ctx, ctx.session!.sub);
    const next: User = { ...me };
    if (body.name !== undefined) next.name = body.name;
    if (body.locale !== undefined) next.locale = body.locale;
    if (body.phone !== undefined) next.phone = body.phone ?? undefined;
    return toPublicUser(await users(ctx).update(me, next));
  }),

  implement(api.exportMyData, async ({ ctx }) => {
    const me = await member(ctx, ctx.session!.sub);
    const records = await personalData(ctx.deps.db, ctx.realm).collect(me.id);
    return {
      exportedAt: ctx.now.toISOString(),
      space: { name: ctx.tenant!.name, slug: ctx.tenant!.slug },
      profile: toPublicUser(me),
      records,
    };
  }),

  implement(api.closeMyAccount, async ({ body, ctx }) => {
    const me = await member(ctx, ctx.session!.sub);
    if (me.passwordHash && !(await verifyPassword(body.password ?? '', me.passwordHash))) {
      throw new AppError('forbidden', 'Wrong password', { fields: [{ path: 'password', message: 'Wrong password' }] });
    }
    if (me.role === 'owner' && (await ownerCount(ctx)) <= 1) {
      throw ruleViolation('last_owner', 'Hand the space to another owner before closing your account');
    }
    // Personal data goes; the id stays so that payments and receipts remain whole, detached from the person.
    const erased: User = {
      id: me.id, tenantId: me.tenantId, email: null, name: ctx.tenant!.locale === 'fr' ? 'Membre supprimé' : 'Deleted member',
      role: me.role, status: 'erased', createdAt: me.createdAt, version: me.version,
    };
    await users(ctx).update(me, erased);
    await personalData(ctx.deps.db, ctx.realm).eraseOwnedItems(me.id);
    await sessionsRepo(ctx.deps.db, ctx.realm).revokeAllOf(me.id);
    clearSessionCookie(ctx.hono, ctx.deps);
    return { ok: true as const };
  }),
];
