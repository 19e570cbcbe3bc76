import { toPublicUser, type Locale, type Notifications, type User } from '@lieu/core';
import { personalData, tenantRealm } from '@lieu/db';
import type { SignedScope } from '../scope';

/** The signed-in person changes their own name, language, phone or which booking emails they receive. */
export async function updateProfile(scope: SignedScope, body: {
  name?: string | undefined; locale?: Locale | undefined; phone?: string | null | undefined;
  notifications?: { [K in keyof Notifications]?: boolean | undefined } | undefined;
}): Promise<User> {
  const me = await scope.memberOrFail(scope.actor.id);
  const next: User = { ...me };
  if (body.name !== undefined) next.name = body.name;
  if (body.locale !== undefined) next.locale = body.locale;
  if (body.phone !== undefined) next.phone = body.phone ?? undefined;
  if (body.notifications) {
    const set = Object.fromEntries(Object.entries(body.notifications).filter(([, v]) => v !== undefined));
    next.notifications = { ...me.notifications, ...set };
  }
  return scope.repos.users.update(me, next);
}

/** Everything the space holds about the signed-in person (GDPR access and portability). */
export async function exportMyData(scope: SignedScope) {
  const me = await scope.memberOrFail(scope.actor.id);
  const records = await personalData(scope.db, tenantRealm(scope.tenantId)).collect(me.id);
  return {
    exportedAt: scope.now.toISOString(),
    space: { name: scope.tenant.name, slug: scope.tenant.slug },
    profile: toPublicUser(me),
    records,
  };
}
