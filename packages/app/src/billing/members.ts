import { forbidden, notFound, type User } from '@lieu/core';
import type { SignedScope, TenantScope } from '../scope';

/** A person of this space whose billing can be read or written: erased accounts have none left. */
export async function billedMember(scope: TenantScope, id: string): Promise<User> {
  const u = await scope.memberOrFail(id);
  if (u.status === 'erased') throw notFound('Member');
  return u;
}

/** The member a request acts for: the caller, or (staff only) the member it names. */
export async function actingFor(scope: SignedScope, memberId: string | undefined): Promise<User> {
  const me = scope.actor.id;
  if (memberId && memberId !== me && !scope.actor.isStaff) throw forbidden('Only staff act for another member');
  return billedMember(scope, memberId ?? me);
}
