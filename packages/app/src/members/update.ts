import { forbidden, hasRole, ruleViolation, type Role, type User, type UserStatus } from '@lieu/core';
import { auditPut, personalData, sessionsRepo, tenantRealm } from '@lieu/db';
import type { SignedScope, TenantScope } from '../scope';

export const activeOwnerCount = async (scope: TenantScope) =>
  (await personalData(scope.db, tenantRealm(scope.tenantId)).activeOwners()).length;

/**
 * Staff change a person's role or status. Owners alone touch staff accounts and roles; nobody
 * changes their own; a space keeps one active owner. A change of role or status ends the person's
 * sessions (and, through the account's version, voids the links sent to them).
 */
export async function updateMember(scope: SignedScope, memberId: string, body: { role?: Role | undefined; status?: UserStatus | undefined }): Promise<User> {
  const target = await scope.memberOrFail(memberId);
  const actor = scope.actor;
  if (target.status === 'erased') throw ruleViolation('erased', 'This account was closed');
  if (target.id === actor.id) throw ruleViolation('self', 'You cannot change your own role or status');
  if (hasRole(target.role, 'operator') && !actor.isOwner) throw forbidden('Only owners change staff accounts', 'role');
  if (body.role !== undefined && body.role !== target.role && !actor.isOwner) throw forbidden('Only owners change roles', 'role');
  const next: User = { ...target, ...(body.role ? { role: body.role } : {}), ...(body.status ? { status: body.status } : {}) };
  if (target.role === 'owner' && (next.role !== 'owner' || next.status !== 'active') && (await activeOwnerCount(scope)) <= 1) {
    throw ruleViolation('last_owner', 'A space keeps at least one active owner');
  }
  const unchanged = next.role === target.role && next.status === target.status;
  const action = next.role !== target.role ? 'member.role_changed' : next.status === 'suspended' ? 'member.suspended' : 'member.reactivated';
  const saved = await scope.repos.users.update(target, next, unchanged ? [] : [auditPut(scope.db, scope.tenantId, {
    actorId: actor.id, action, targetType: 'member', targetId: target.id,
    summary: [next.role !== target.role ? `role ${target.role} → ${next.role}` : '', next.status !== target.status ? `status ${target.status} → ${next.status}` : ''].filter(Boolean).join(', '),
    changes: {
      ...(next.role !== target.role ? { role: { from: target.role, to: next.role } } : {}),
      ...(next.status !== target.status ? { status: { from: target.status, to: next.status } } : {}),
    },
  }, scope.now)]);
  if (saved.status !== 'active' || saved.role !== target.role) await sessionsRepo(scope.db, tenantRealm(scope.tenantId)).revokeAllOf(saved.id);
  return saved;
}
