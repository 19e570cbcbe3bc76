import { AppError, newId, notFound, ruleViolation } from '@lieu/core';
import type { Resource } from '@lieu/core/booking';
// The specs module itself, not the index's namespace: unused specs then stay out of this bundle.
import * as api from '@lieu/api/bookings';
import { auditPut, usersRepo } from '@lieu/db';
import { implement, tenantOf, type RequestCtx, type Route } from '@lieu/http';
import { forgetRules, isStaff, repo, resourceOf } from '../bookings/context';

/**
 * What staff set up before anyone books: resources and their rules, the opening calendar, the
 * training catalogue and members' qualifications. Its own Lambda, off the booking hot path.
 * Rule changes reach the bookings function when its rules cache expires (`tenantCacheMs`).
 */

/** A member of this space (for staff routes about someone), or 404. */
async function memberOf(ctx: RequestCtx, id: string) {
  const u = await usersRepo(ctx.deps.db, ctx.realm).get(id);
  if (!u || u.tenantId !== tenantOf(ctx).id || u.status === 'erased') throw notFound('Member');
  return u;
}

/** Every training a resource requires must exist in this space's catalogue. */
async function checkTrainings(ctx: RequestCtx, ids: string[]) {
  if (!ids.length) return;
  const known = new Set((await repo(ctx).listTrainings()).map((t) => t.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing) throw ruleViolation('unknown_training', `Training ${missing} is not in this space's catalogue`);
}export const routes: Route[] = [
  // ——— resources ———
  implement(api.listResources, async ({ query, ctx }) => {
    const all = await repo(ctx).listResources();
    return { items: all.filter((r) => (isStaff(ctx) || r.active) && (!query.kind || r.kind === query.kind)) };
  }),

  implement(api.getResource, async ({ params, ctx }) => resourceOf(ctx, params.resourceId, { activeOnly: true })),

  implement(api.createResource, async ({ body, ctx }) => {
    await checkTrainings(ctx, body.requiredTrainingIds);
    const r: Resource = { ...body, capacity: body.kind === 'desk_area' || body.kind === 'room' ? body.capacity : 1, id: newId(ctx.now.getTime()), createdAt: ctx.now.toISOString(), version: 1 };
    return repo(ctx).putResource(null, r);
  }),

  implement(api.updateResource, async ({ params, body, ctx }) => {
    const before = await resourceOf(ctx, params.resourceId);
    if (body.version !== undefined && body.version !== before.version) throw new AppError('conflict', 'The resource was changed meanwhile; reload and try again', { rule: 'stale_version' });
    const { version: _v, ...changes } = body;
    const after = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as Resource;
    if (changes.requiredTrainingIds) await checkTrainings(ctx, changes.requiredTrainingIds);
    // A price change is audited in the same transaction (issue 9: who changed prices, when).
    const priceChanged = after.priceCentsPerHour !== before.priceCentsPerHour;
    const saved = await repo(ctx).putResource(before, after, priceChanged ? [auditPut(ctx.deps.db, tenantOf(ctx).id, {
      actorId: ctx.session!.sub, action: 'resource.price_changed', targetType: 'resource', targetId: before.id,
      summary: `${after.name}: hourly rate ${before.priceCentsPerHour} → ${after.priceCentsPerHour} cents`,
      changes: { priceCentsPerHour: { from: before.priceCentsPerHour, to: after.priceCentsPerHour } },
    }, ctx.now)] : []);
    forgetRules(tenantOf(ctx));
    return saved;
  }),

  implement(api.archiveResource, async ({ params, ctx }) => {
    const before = await resourceOf(ctx, params.resourceId);
    const saved = await repo(ctx).putResource(before, { ...before, active: false });
    forgetRules(tenantOf(ctx));
    return saved;
  }),

  // ——— opening calendar ———
  implement(api.getOpeningCalendar, async ({ ctx }) => repo(ctx).getCalendar()),
  implement(api.putOpeningCalendar, async ({ body, ctx }) => {
    await repo(ctx).putCalendar(body);
    forgetRules(tenantOf(ctx));
    return body;
  }),

  // ——— trainings and qualifications ———
  implement(api.listTrainings, async ({ ctx }) => ({ items: await repo(ctx).listTrainings() })),
  implement(api.createTraining, async ({ body, ctx }) => {
    const t = { id: newId(ctx.now.getTime()), name: body.name, ...(body.description ? { description: body.description } : {}), createdAt: ctx.now.toISOString() };
    await repo(ctx).putTraining(t);
    return t;
  }),
  implement(api.trainingHolders, async ({ params, ctx }) => {
    if (!(await repo(ctx).getTraining(params.trainingId))) throw notFound('Training');
    return { items: await repo(ctx).holders(params.trainingId) };
  }),
  implement(api.listMemberQualifications, async ({ params, ctx }) => {
    await memberOf(ctx, params.memberId);
    return { items: await repo(ctx).listQualifications(params.memberId) };
  }),
  implement(api.myQualifications, async ({ ctx }) => ({ items: await repo(ctx).listQualifications(ctx.session!.sub) })),
  implement(api.grantQualification, async ({ params, body, ctx }) => {
    const member = await memberOf(ctx, params.memberId);
    const training = await repo(ctx).getTraining(body.trainingId);
    if (!training) throw notFound('Training');
    const q = {
      trainingId: training.id, trainingName: training.name, grantedAt: ctx.now.toISOString(), grantedBy: ctx.session!.sub,
      ...(body.expiresOn ? { expiresOn: body.expiresOn } : {}),
    };
    // Audited in the same transaction (issue 9: who qualified whom, when).
    await repo(ctx).grantQualification(params.memberId, q, [auditPut(ctx.deps.db, tenantOf(ctx).id, {
      actorId: ctx.session!.sub, action: 'qualification.granted', targetType: 'member', targetId: member.id,
      summary: `${member.name} qualified: ${training.name}${body.expiresOn ? ` (until ${body.expiresOn})` : ''}`,
    }, ctx.now)]);
    return q;
  }),
  implement(api.revokeQualification, async ({ params, ctx }) => {
    const [member, training] = await Promise.all([memberOf(ctx, params.memberId), repo(ctx).getTraining(params.trainingId)]);
    const audit = auditPut(ctx.deps.db, tenantOf(ctx).id, {
      actorId: ctx.session!.sub, action: 'qualification.revoked', targetType: 'member', targetId: member.id,
      summary: `${member.name}: qualification revoked: ${training?.name ?? params.trainingId}`,
    }, ctx.now);
    if (!(await repo(ctx).revokeQualification(params.memberId, params.trainingId, [audit]))) throw notFound('Qualification');
    return { ok: true as const };
  }),];
