import { toPublicTenant } from '@lieu/core';
import { audit as auditApi, tenant as api } from '@lieu/api';
import { linksFor, sendBudgetView } from '@lieu/app';
import { dnsTxtResolver, listAudit, listSpaces, presentSettings, setPlatformFee, setSpaceStatus, signUpSpace, updateSettings, verifyDomainNow, type PlatformScope } from '@lieu/app/tenants';
import { implement, publicOrigin, sessionOf, type RequestCtx, type Route } from '@lieu/http';

/** The platform's side of a request (no space, or across spaces). */
const platformOf = (ctx: RequestCtx): PlatformScope => ({ db: ctx.deps.db, now: ctx.now, requestId: ctx.requestId, actorId: ctx.session?.sub ?? null });

/** Spaces, their settings and the audit log: adapters of packages/app/src/tenants. */
export const routes: Route[] = [
  implement(api.signupSpace, async ({ body, ctx }) => {
    const made = await signUpSpace({
      ...platformOf(ctx), ip: ctx.ip, limits: ctx.deps.limits, linksOf: (slug) => linksFor(publicOrigin(ctx.deps, { slug })),
    }, body);
    return { tenant: toPublicTenant(made.tenant), url: made.url, signInUrl: made.signInUrl };
  }),

  implement(api.getTenant, async ({ scope }) => toPublicTenant(scope.tenant)),

  implement(api.getTenantSettings, async ({ scope }) => {
    const budget = await sendBudgetView(scope);
    return { ...presentSettings(scope.tenant), ...(budget ? { sendBudget: budget } : {}) };
  }),

  implement(api.updateTenant, async ({ body, scope, ctx }) => {
    const saved = await updateSettings(scope, body, ctx.deps.platformDomain);
    ctx.tenantChanged?.();
    return presentSettings(saved);
  }),

  implement(api.verifyTenantDomain, async ({ scope, ctx }) => {
    const checked = await verifyDomainNow(scope, ctx.deps.dns ?? dnsTxtResolver);
    ctx.tenantChanged?.();
    return presentSettings(checked);
  }),

  implement(auditApi.listAudit, async ({ query, scope }) => {
    const { limit, cursor, ...filter } = query;
    return listAudit(scope, filter, limit, cursor);
  }),

  implement(api.listTenants, async ({ query, ctx }) => listSpaces(platformOf(ctx), query.limit, query.cursor)),

  implement(api.setTenantStatus, async ({ params, body, ctx }) => setSpaceStatus(platformOf(ctx), params.tenantId, body.status)),

  implement(api.setPlatformFee, async ({ params, body, ctx }) =>
    setPlatformFee({ ...platformOf(ctx), actorId: sessionOf(ctx).sub }, params.tenantId, body.feeBp)),
];
