import { AppError, newId, notFound, ruleViolation } from '@lieu/core';
import type { OpeningCalendar, Qualification, Resource, ResourceInput } from '@lieu/core/booking';
import { auditPut } from '@lieu/db';
import { qualificationEmailPut } from '../notices';
import type { SignedScope, TenantScope } from '../scope';
import { forgetRules, resourceOf } from './rules';

/**
 * What staff set up before anyone books: resources and their rules, the opening calendar, the
 * training catalogue and members' qualifications. Rule changes reach other processes when their
 * rules cache expires (`cacheMs`).
 */

/** A member of this space for staff routes about someone (not an erased one), or 404. */
async function memberOf(scope: SignedScope, id: string) {
  const u = await scope.memberOrFail(id);
  if (u.status === 'erased') throw notFound('Member');
  return u;
}

/** Every training a resource requires must exist in this space's catalogue. */
async function checkTrainings(scope: TenantScope, ids: readonly string[]) {
  if (!ids.length) return;
  const known = new Set((await scope.repos.bookings.listTrainings()).map((t) => t.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing) throw ruleViolation('unknown_training', `Training ${missing} is not in this space's catalogue`, { trainingId: missing });
}

/** The resources this caller may see (archived ones: staff only), optionally of one kind. */
export async function listResources(scope: TenantScope, q: { kind?: string | undefined }) {
  const all = await scope.repos.bookings.listResources();
  return { items: all.filter((r) => (scope.actor?.isStaff || r.active) && (!q.kind || r.kind === q.kind)) };
}

export const getResource = (scope: TenantScope, id: string) => resourceOf(scope, id, { activeOnly: true });

export async function createResource(scope: SignedScope, body: ResourceInput): Promise<Resource> {
  await checkTrainings(scope, body.requiredTrainingIds);
  const r: Resource = {
    ...body, capacity: body.kind === 'desk_area' || body.kind === 'room' ? body.capacity : 1,
    id: newId(scope.now.getTime()), createdAt: scope.now.toISOString(), version: 1,
  };
  return scope.repos.bookings.putResource(null, r);
}

/** A partial update under optimistic locking; a change of the hourly rate is audited in the same transaction. */
export async function updateResource(scope: SignedScope, id: string, body: Partial<ResourceInput> & { version?: number | undefined }): Promise<Resource> {
  const before = await resourceOf(scope, id);
  if (body.version !== undefined && body.version !== before.version) throw new AppError('conflict', 'The resource was changed meanwhile; reload and try again', { rule: 'stale_version' });
  const { version: _v, ...changes } = body;
  const after = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as Resource;
  if (changes.requiredTrainingIds) await checkTrainings(scope, changes.requiredTrainingIds);
  const priceChanged = after.priceCentsPerHour !== before.priceCentsPerHour;
  const saved = await scope.repos.bookings.putResource(before, after, priceChanged ? [auditPut(scope.db, scope.tenantId, {
    actorId: scope.actor.id, action: 'resource.price_changed', targetType: 'resource', targetId: before.id,
    summary: `${after.name}: hourly rate ${before.priceCentsPerHour} → ${after.priceCentsPerHour} cents`,
    changes: { priceCentsPerHour: { from: before.priceCentsPerHour, to: after.priceCentsPerHour } },
  }, scope.now)] : []);
  forgetRules(scope.tenantId);
  return saved;
}

export async function archiveResource(scope: SignedScope, id: string): Promise<Resource> {
  const before = await resourceOf(scope, id);
  const saved = await scope.repos.bookings.putResource(before, { ...before, active: false });
  forgetRules(scope.tenantId);
  return saved;
}

export const getOpeningCalendar = (scope: TenantScope) => scope.repos.bookings.getCalendar();
export async function putOpeningCalendar(scope: SignedScope, calendar: OpeningCalendar): Promise<OpeningCalendar> {
  await scope.repos.bookings.putCalendar(calendar);
  forgetRules(scope.tenantId);
  return calendar;
}

export const listTrainings = async (scope: TenantScope) => ({ items: await scope.repos.bookings.listTrainings() });
export async function createTraining(scope: SignedScope, body: { name: string; description?: string | undefined }) {
  const t = { id: newId(scope.now.getTime()), name: body.name, ...(body.description ? { description: body.description } : {}), createdAt: scope.now.toISOString() };
  await scope.repos.bookings.putTraining(t);
  return t;
}
export async function trainingHolders(scope: SignedScope, trainingId: string) {
  if (!(await scope.repos.bookings.getTraining(trainingId))) throw notFound('Training');
  return { items: await scope.repos.bookings.holders(trainingId) };
}

export async function memberQualifications(scope: SignedScope, memberId: string) {
  await memberOf(scope, memberId);
  return { items: await scope.repos.bookings.listQualifications(memberId) };
}
export const myQualifications = async (scope: SignedScope) => ({ items: await scope.repos.bookings.listQualifications(scope.actor.id) });

/** Staff qualify a member for a training, audited in the same transaction. */
export async function grantQualification(scope: SignedScope, memberId: string, body: { trainingId: string; expiresOn?: string | undefined }): Promise<Qualification> {
  const member = await memberOf(scope, memberId);
  const training = await scope.repos.bookings.getTraining(body.trainingId);
  if (!training) throw notFound('Training');
  const q: Qualification = {
    trainingId: training.id, trainingName: training.name, grantedAt: scope.now.toISOString(), grantedBy: scope.actor.id,
    ...(body.expiresOn ? { expiresOn: body.expiresOn } : {}),
  };
  await scope.repos.bookings.grantQualification(memberId, q, [auditPut(scope.db, scope.tenantId, {
    actorId: scope.actor.id, action: 'qualification.granted', targetType: 'member', targetId: member.id,
    summary: `${member.name} qualified: ${training.name}${body.expiresOn ? ` (until ${body.expiresOn})` : ''}`,
  }, scope.now), ...qualificationEmailPut(scope, member, q)]);
  return q;
}

export async function revokeQualification(scope: SignedScope, memberId: string, trainingId: string) {
  const [member, training] = await Promise.all([memberOf(scope, memberId), scope.repos.bookings.getTraining(trainingId)]);
  const audit = auditPut(scope.db, scope.tenantId, {
    actorId: scope.actor.id, action: 'qualification.revoked', targetType: 'member', targetId: member.id,
    summary: `${member.name}: qualification revoked: ${training?.name ?? trainingId}`,
  }, scope.now);
  if (!(await scope.repos.bookings.revokeQualification(memberId, trainingId, [audit]))) throw notFound('Qualification');
  return { ok: true as const };
}
