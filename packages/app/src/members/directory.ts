import { toPublicUser } from '@lieu/core';
import { memberDirectoryPage, type DirectoryFilter } from '@lieu/db';
import type { SignedScope } from '../scope';

/** A page of the space's people for the staff, with their price category and current plan. */
export async function listMembers(scope: SignedScope, filter: DirectoryFilter, limit: number, cursor?: string) {
  const page = await memberDirectoryPage(scope.db, scope.tenantId, filter, scope.today, limit, cursor);
  return {
    items: page.items.map(({ user, profile }) => {
      const sub = profile.subscription && profile.subscription.status !== 'canceled' ? profile.subscription : null;
      return { ...toPublicUser(user), category: profile.category, plan: sub ? { id: sub.planId, name: sub.planName, status: sub.status } : null };
    }),
    nextCursor: page.nextCursor,
  };
}
