import { AppError, conflict, DEFAULT_BRANDING, hasRole, newId, toPublicTenant, type Role, type Tenant, type User } from '@lieu/core';
import { audit as auditApi, tenant as api } from '@lieu/api';
import { auditPut, auditRepo, diff, PLATFORM_REALM, sessionsRepo, stripeRepo, tenantRealm, tenantsRepo, transact } from '@lieu/db';
import { hashPassword, implement, newLinkToken, type RequestCtx, type Route } from '@lieu/http';

const DEFAULT_HOURS = {
  mon: [{ open: '09:00', close: '18:00' }], tue: [{ open: '09:00', close: '18:00' }], wed: [{ open: '09:00', close: '18:00' }],
  thu: [{ open: '09:00', close: '18:00' }], fri: [{ open: '09:00', close: '18:00' }],
};

/** `http://localhost:3000` + slug → `http://slug.localhost:3000` (the space's own address). */
export function spaceUrl(ctx: RequestCtx, slug: string): string {
  const u = new URL(ctx.origin);
  return `${u.protocol}//${slug}.${u.host.replace(/^www\./, '')}`;
}

const settings = (t: Tenant) => ({
  ...toPublicTenant(t), legalForm: t.legalForm, status: t.status, version: t.version,
  ...(t.customDomain ? { customDomain: t.customDomain } : {}),
});

/** Settings whose changes go to the audit log. */
const AUDITED_SETTINGS = ['name', 'branding', 'address', 'openingHours', 'locale', 'vat', 'legalForm', 'timeZone', 'customDomain'];

const platformView = (t: Tenant) => ({ id: t.id, slug: t.slug, name: t.name, status: t.status, createdAt: t.createdAt, legalForm: t.legalForm });

export const routes: Route[] = [
  implement(api.signupSpace, async ({ body, ctx }) => {
    const id = newId(ctx.now.getTime());
    const tenant: Tenant = {
      id, slug: body.slug, name: body.name, status: 'active', timeZone: body.timeZone, currency: body.currency,
      locale: body.locale, vat: body.vat, legalForm: body.legalForm, branding: DEFAULT_BRANDING,
      openingHours: DEFAULT_HOURS, createdAt: ctx.now.toISOString(), version: 1,
    };
    const owner: User = {
      id: newId(ctx.now.getTime()), tenantId: id, email: body.owner.email, name: body.owner.name, role: 'owner',
      status: 'active', locale: body.locale, passwordHash: await hashPassword(body.owner.password),
      createdAt: ctx.now.toISOString(), version: 1,
    };
    const realm = tenantRealm(id);
    const { token, hash } = newLinkToken();
    const platform = sessionsRepo(ctx.deps.db, PLATFORM_REALM);
    const repo = tenantsRepo(ctx.deps.db);
    // One transaction: slug marker, tenant, owner and email marker, the owner's sign-in token, the rate-limit hit.
    await transact(ctx.deps.db, [
      ...repo.createItems(tenant, owner),
      sessionsRepo(ctx.deps.db, realm).tokenPut(hash, { purpose: 'magic_link', userId: owner.id, email: owner.email!, expiresAt: Math.floor(ctx.now.getTime() / 1000) + 900 }),
      platform.hitItem('space-signup-ip', ctx.ip, ctx.deps.limits.spacesPerIp, 900, ctx.now),
    ], (reasons) => {
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return repo.slugTaken(tenant.slug);
      if (reasons[5]?.Code === 'ConditionalCheckFailed') return platform.rateLimited(900, ctx.now);
      return conflict('This space could not be created; try again');
    });
    const url = spaceUrl(ctx, tenant.slug);
    return { tenant: toPublicTenant(tenant), url, signInUrl: `${url}/login/magic?token=${token}` };
  }),

  implement(api.getTenant, async ({ ctx }) => toPublicTenant(ctx.tenant!)),

  implement(api.getTenantSettings, async ({ ctx }) => settings(ctx.tenant!)),

  implement(api.updateTenant, async ({ body, ctx }) => {
    const repo = tenantsRepo(ctx.deps.db);
    // Read fresh (the host resolution may come from a cache) and lock on its version.
    const current = await repo.get(ctx.tenant!.id);
    if (!current) throw new AppError('not_found', 'Space not found');
    if (body.version !== undefined && body.version !== current.version) {
      throw conflict('The settings were changed meanwhile; reload and try again', { rule: 'stale_version' });
    }
    const ownerOnly = (['vat', 'legalForm', 'timeZone', 'customDomain'] as const).filter((k) => body[k] !== undefined);
    if (ownerOnly.length && !hasRole(ctx.session!.role as Role, 'owner')) {
      throw new AppError('forbidden', `Only owners change ${ownerOnly.join(', ')}`);
    }
    const next: Tenant = { ...current };
    if (body.name !== undefined) next.name = body.name;
    if (body.branding !== undefined) next.branding = body.branding;
    if (body.address !== undefined) next.address = body.address ?? undefined;
    if (body.openingHours !== undefined) next.openingHours = body.openingHours;
    if (body.locale !== undefined) next.locale = body.locale;
    if (body.vat !== undefined) next.vat = body.vat;
    if (body.legalForm !== undefined) next.legalForm = body.legalForm;
    if (body.timeZone !== undefined) next.timeZone = body.timeZone;
    if (body.customDomain !== undefined) {
      const d = body.customDomain ?? undefined;
      if (d && (d === ctx.deps.platformDomain || d.endsWith(`.${ctx.deps.platformDomain}`))) {
        throw new AppError('invalid_input', 'A custom domain cannot be under the platform domain', { fields: [{ path: 'customDomain', message: 'Under the platform domain' }] });
      }
      next.customDomain = d;
    }
    const changes = diff(current as never, next as never, AUDITED_SETTINGS);
    const saved = await repo.update(current, next, Object.keys(changes ?? {}).length ? [auditPut(ctx.deps.db, current.id, {
      actorId: ctx.session!.sub, action: 'tenant.settings_updated', targetType: 'tenant', targetId: current.id,
      summary: `Settings changed: ${Object.keys(changes!).join(', ')}`, changes,
    }, ctx.now)] : []);
    ctx.tenantChanged?.();
    return settings(saved);
  }),

  implement(auditApi.listAudit, async ({ query, ctx }) => {
    const { limit, cursor, ...filter } = query;
    return auditRepo(ctx.deps.db, ctx.tenant!.id).list(filter, limit, cursor);
  }),

  implement(api.listTenants, async ({ query, ctx }) => {
    const page = await tenantsRepo(ctx.deps.db).list(query.limit, query.cursor);
    return { items: page.items.map(platformView), nextCursor: page.nextCursor };
  }),

  implement(api.setTenantStatus, async ({ params, body, ctx }) => {
    const t = await tenantsRepo(ctx.deps.db).setStatus(params.tenantId, body.status);
    return platformView(t);
  }),

  // The platform's fee on a space's online payments (Checkout's application fee): the fee and its audit
  // entry, in the space's own log so its owner sees who changed it, are one transaction.
  implement(api.setPlatformFee, async ({ params, body, ctx }) => {
    const t = await tenantsRepo(ctx.deps.db).get(params.tenantId);
    if (!t) throw new AppError('not_found', 'Space not found');
    const stripe = stripeRepo(ctx.deps.db);
    const [before, settings] = await Promise.all([stripe.platformFee(t.id), stripe.settings(t.id)]);
    const from = before?.feeBp ?? settings?.feeBp ?? null;
    const fee = { feeBp: body.feeBp, setBy: ctx.session!.sub, setAt: ctx.now.toISOString() };
    await transact(ctx.deps.db, [stripe.platformFeeOp(t.id, fee), auditPut(ctx.deps.db, t.id, {
      actorId: ctx.session!.sub, action: 'platform.fee_changed', targetType: 'tenant', targetId: t.id,
      summary: `platform fee ${from === null ? 'default' : `${from / 100} %`} → ${body.feeBp / 100} %`, changes: { feeBp: { from, to: body.feeBp } },
    }, ctx.now)], () => conflict('The space changed meanwhile; try again'));
    return { tenantId: t.id, feeBp: fee.feeBp, setAt: fee.setAt };
  }),
];
