import { conflict, type MemberCategory } from '@lieu/core';
import { auditPut, commit, WriteSet } from '@lieu/db';
import type { SignedScope } from '../scope';
import { billedMember } from './members';
import { presentProfile } from './present';

/** Staff set a member's price category: the change and its audit entry are one transaction. */
export async function setMemberCategory(scope: SignedScope, memberId: string, category: MemberCategory) {
  await billedMember(scope, memberId);
  const b = await scope.repos.memberBilling.load(memberId);
  if (b.profile.category === category) return presentProfile(b.profile);
  const p = scope.repos.memberBilling.profilePut(b.profile, { ...b.profile, category });
  const set = new WriteSet()
    .add('profile', p.op)
    .add('audit', auditPut(scope.db, scope.tenantId, {
      actorId: scope.actor.id, action: 'member.category_changed', targetType: 'member', targetId: memberId,
      summary: `category ${b.profile.category} → ${category}`, changes: { category: { from: b.profile.category, to: category } },
    }, scope.now));
  await commit(scope.db, set, () => conflict('The billing profile changed meanwhile; reload and try again', { rule: 'stale_version' }), { clientRequestToken: scope.requestId });
  return presentProfile(p.item);
}
