import { Link } from 'wouter';
import { bookings, members } from '@lieu/api';
import { DEFAULT_BRANDING, type PublicTenant } from '@lieu/core';
import { useApiQuery } from '../app/api';
import type { KeyOf } from '../app/messages';
import { usePageI18n } from '../app/i18n';
import { BOOKABLE, runs, useTenant } from '../app/site';

export interface Step { key: KeyOf<'backOffice'>; href: string | null; done: boolean }

const INVITED_KEY = (tenantId: string) => `lieu.onboarding.invited.${tenantId}`;
export const rememberInvitation = (tenantId: string) => localStorage.setItem(INVITED_KEY(tenantId), '1');

/**
 * The five steps from a new space to a bookable one, each judged from what the API says (a brand
 * that is no longer the default, an address, a second person). Steps whose area is not built yet
 * have no page to link to and say so.
 */
export function useOnboardingSteps(tenant: PublicTenant): Step[] {
  const people = useApiQuery(members.listMembers, { query: { limit: 2 } });
  const bookable = runs(tenant, BOOKABLE);
  const resources = useApiQuery(bookings.listResources, { query: {} }, { enabled: bookable });
  const b = tenant.branding;
  const branded = b.primaryColor !== DEFAULT_BRANDING.primaryColor || b.accentColor !== DEFAULT_BRANDING.accentColor || !!b.logoUrl || !!b.tagline;
  const invited = (people.data?.items.length ?? 0) > 1 || localStorage.getItem(INVITED_KEY(tenant.id)) === '1';
  return [
    { key: 'onboarding.branding', href: '/staff/settings#brand', done: branded },
    { key: 'onboarding.hours', href: '/staff/settings#hours', done: !!tenant.address },
    // A space that books nothing (events or a shop only) has no resource to add.
    ...(bookable ? [{ key: 'onboarding.resource', href: '/staff/resources', done: (resources.data?.items.length ?? 0) > 0 } as const] : []),
    // Payments: the Stripe section of the settings (or pay at the desk, which needs nothing).
    { key: 'onboarding.payments', href: '/staff/settings#payments', done: false },
    { key: 'onboarding.invite', href: '/staff/members#invite', done: invited },
  ];
}

export function OnboardingSummary() {
  const tenant = useTenant();
  const { t } = usePageI18n('backOffice');
  const steps = useOnboardingSteps(tenant);
  const done = steps.filter((s) => s.done).length;
  return (
    <section className="card onboarding-summary">
      <h2>{t('onboarding.title')}</h2>
      <progress max={steps.length} value={done} aria-label={t('onboarding.progress', { done, total: steps.length })} />
      <p>{t('onboarding.progress', { done, total: steps.length })}</p>
      <Link href="/staff/onboarding" className="button primary">{t('onboarding.go')}</Link>
    </section>
  );
}
