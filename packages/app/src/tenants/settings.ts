import { AppError, conflict, domainTxtName, domainTxtValue, forbidden, MODULES, notFound, toPublicTenant, type Tenant } from '@lieu/core';
import { auditPut, diff, tenantsRepo } from '@lieu/db';
import type { SignedScope } from '../scope';
import { newDomainToken } from './domains';

/** The settings page's view of a space (public fields plus what staff see). */
export const presentSettings = (t: Tenant) => ({
  ...toPublicTenant(t), legalForm: t.legalForm, status: t.status, version: t.version,
  ...(t.customDomain ? {
    customDomain: t.customDomain,
    domainStatus: t.domainStatus ?? 'pending',
    // The record staff publish, and what the last check found, until the domain is verified.
    ...(t.domainStatus !== 'verified' && t.domainToken ? {
      domainVerification: {
        recordName: domainTxtName(t.customDomain), recordValue: domainTxtValue(t.domainToken),
        ...(t.domainCheck ? { checkedAt: t.domainCheck.at, result: t.domainCheck.result } : {}),
      },
    } : {}),
  } : {}),
  disputeRule: t.disputeRule ?? 'none',
  refundRestocks: t.refundRestocks ?? true,
});

/** Settings whose changes go to the audit log. */
const AUDITED_SETTINGS = ['name', 'branding', 'address', 'openingHours', 'locale', 'vat', 'legalForm', 'timeZone', 'customDomain', 'disputeRule', 'refundRestocks', 'modules'];
/** Settings with legal or routing weight: owners only. */
const OWNER_ONLY = ['vat', 'legalForm', 'timeZone', 'customDomain', 'disputeRule', 'refundRestocks', 'modules'] as const;

export interface SettingsChange {
  version?: number | undefined;
  name?: string | undefined;
  branding?: Tenant['branding'] | undefined;
  address?: Tenant['address'] | null | undefined;
  openingHours?: Tenant['openingHours'] | undefined;
  locale?: Tenant['locale'] | undefined;
  vat?: Tenant['vat'] | undefined;
  legalForm?: Tenant['legalForm'] | undefined;
  timeZone?: string | undefined;
  customDomain?: string | null | undefined;
  modules?: Tenant['modules'] | undefined;
  disputeRule?: Tenant['disputeRule'] | undefined;
  refundRestocks?: boolean | undefined;
}

/** Staff change the space's settings under its version; the change and its audit entry are one write. */
export async function updateSettings(scope: SignedScope, body: SettingsChange, platformDomain: string): Promise<Tenant> {
  const repo = tenantsRepo(scope.db);
  // Read fresh (the host resolution may come from a cache) and lock on its version.
  const current = await repo.get(scope.tenantId);
  if (!current) throw notFound('Space');
  if (body.version !== undefined && body.version !== current.version) {
    throw conflict('The settings were changed meanwhile; reload and try again', { rule: 'stale_version' });
  }
  const ownerOnly = OWNER_ONLY.filter((k) => body[k] !== undefined);
  if (ownerOnly.length && !scope.actor.isOwner) throw forbidden(`Only owners change ${ownerOnly.join(', ')}`, 'role');
  const next: Tenant = { ...current };
  if (body.name !== undefined) next.name = body.name;
  if (body.branding !== undefined) next.branding = body.branding;
  if (body.address !== undefined) next.address = body.address ?? undefined;
  if (body.openingHours !== undefined) next.openingHours = body.openingHours;
  if (body.locale !== undefined) next.locale = body.locale;
  if (body.vat !== undefined) next.vat = body.vat;
  if (body.legalForm !== undefined) next.legalForm = body.legalForm;
  if (body.timeZone !== undefined) next.timeZone = body.timeZone;
  if (body.disputeRule !== undefined) next.disputeRule = body.disputeRule;
  if (body.refundRestocks !== undefined) next.refundRestocks = body.refundRestocks;
  // Stored in the one order of MODULES, so that the same choice never reads as a change.
  if (body.modules !== undefined) next.modules = MODULES.filter((m) => body.modules!.includes(m));
  if (body.customDomain !== undefined) {
    const d = body.customDomain ?? undefined;
    if (d && (d === platformDomain || d.endsWith(`.${platformDomain}`))) {
      throw new AppError('invalid_input', 'A custom domain cannot be under the platform domain', { fields: [{ path: 'customDomain', message: 'Under the platform domain' }] });
    }
    // A new domain waits for its TXT record before it routes (job `verify-domains` or "verify now").
    // Saving again a domain stored before verification existed (no state) starts its verification.
    if (d !== current.customDomain || (d && !current.domainStatus)) {
      next.customDomain = d;
      delete next.domainCheck;
      if (d) {
        next.domainStatus = 'pending';
        next.domainToken = current.domainToken ?? newDomainToken();
      } else delete next.domainStatus;
    }
  }
  const changes = diff(current as never, next as never, AUDITED_SETTINGS);
  const changed = Object.keys(changes ?? {});
  return repo.update(current, next, changed.length ? [auditPut(scope.db, current.id, {
    actorId: scope.actor.id, action: 'tenant.settings_updated', targetType: 'tenant', targetId: current.id,
    summary: `Settings changed: ${changed.join(', ')}`, changes,
  }, scope.now)] : []);
}
