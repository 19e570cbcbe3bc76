import { useState, type FormEvent } from 'react';
import { billing, members, tenant as tenantApi } from '@lieu/api';
import { domainSchema, type Role } from '@lieu/core';
import { keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../../app/api';
import { ErrorNote, Field, Notice, SelectField, validate, type FieldErrors } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { useMe } from '../../app/site';
import { Loading } from '../../ui/Layout';

/**
 * The settings only an owner changes: language and VAT, the custom domain, the Stripe
 * connection (and the platform's fee), the team and its roles. Operators see them read-only. Strings
 * live in this page's chunk. Each form saves under the version read, like the rest of the page.
 */
type Settings = CallOutput<typeof tenantApi.getTenantSettings>;

const useT = () => usePageI18n('settingsMore', 'backOffice', 'book');
const useIsOwner = () => useMe().user?.role === 'owner';

function useSave() {
  return useApiMutation(tenantApi.updateTenant, (saved) => {
    queryClient.setQueryData(keyOf(tenantApi.getTenantSettings), saved);
    void queryClient.invalidateQueries({ queryKey: keyOf(tenantApi.getTenant) });
  });
}
const currentVersion = (fallback: number) => queryClient.getQueryData<Settings>(keyOf(tenantApi.getTenantSettings))?.version ?? fallback;

export function LocaleVatForm({ settings }: { settings: Settings }) {
  const { t } = useT();
  const owner = useIsOwner();
  const [locale, setLocale] = useState(settings.locale);
  const [mode, setMode] = useState(settings.vat.mode);
  const [rate, setRate] = useState(settings.vat.mode === 'standard' ? String(settings.vat.rateBp / 100) : '20');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSave();
  function submit(e: FormEvent) {
    e.preventDefault();
    const bp = Math.round(Number(rate.replace(',', '.')) * 100);
    if (mode === 'standard' && (!/^\d{1,3}([.,]\d{1,2})?$/.test(rate.trim()) || bp > 10_000)) { setErrors({ rate: t('sm.vatRateError') }); return; }
    setErrors({});
    save.mutate({ body: { locale, vat: mode === 'standard' ? { mode, rateBp: bp } : { mode: 'exempt_293b' }, version: currentVersion(settings.version) } });
  }
  return (
    <section className="card" id="locale-vat" aria-labelledby="lv-title">
      <h2 id="lv-title">{t('sm.localeVat')}</h2>
      {!owner && <p className="hint">{t('sm.ownerOnly')}</p>}
      <form onSubmit={submit} noValidate>
        <fieldset disabled={!owner} className="plain">
          <SelectField label={t('sm.locale')} value={locale} onChange={(e) => setLocale(e.target.value as typeof locale)}>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </SelectField>
          <SelectField label={t('sm.vatMode')} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="standard">{t('sm.vatStandard')}</option>
            <option value="exempt_293b">{t('sm.vatExempt')}</option>
          </SelectField>
          {mode === 'standard' && <Field label={t('sm.vatRate')} inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} error={errors.rate} />}
          <ErrorNote error={save.error} />
          {save.isSuccess && <Notice>{t('app.saved')}</Notice>}
          <button className="button primary" disabled={save.isPending}>{t('app.save')}</button>
        </fieldset>
      </form>
    </section>
  );
}

export function DomainForm({ settings }: { settings: Settings }) {
  const { t } = useT();
  const owner = useIsOwner();
  const [domain, setDomain] = useState(settings.customDomain ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSave();
  function submit(e: FormEvent) {
    e.preventDefault();
    const value = domain.trim().toLowerCase();
    if (!value) { setErrors({}); save.mutate({ body: { customDomain: null, version: currentVersion(settings.version) } }); return; }
    const r = validate(domainSchema, value, t);
    setErrors(r.ok ? {} : { domain: Object.values(r.errors)[0] ?? t('sm.domainField') });
    if (r.ok) save.mutate({ body: { customDomain: r.data, version: currentVersion(settings.version) } });
  }
  return (
    <section className="card" id="domain" aria-labelledby="domain-title">
      <h2 id="domain-title">{t('sm.domain')}</h2>
      {!owner && <p className="hint">{t('sm.ownerOnly')}</p>}
      <form onSubmit={submit} noValidate>
        <fieldset disabled={!owner} className="plain">
          <Field label={t('sm.domainField')} value={domain} onChange={(e) => setDomain(e.target.value)} error={errors.domain}
            hint={t('sm.domainHint', { slug: `${settings.slug}.${location.hostname.split('.').slice(1).join('.') || location.hostname}` })} />
          <ErrorNote error={save.error} />
          {save.isSuccess && <Notice>{t('app.saved')}</Notice>}
          <button className="button primary" disabled={save.isPending}>{t('app.save')}</button>
        </fieldset>
      </form>
      {settings.customDomain && <DomainStatus settings={settings} />}
    </section>
  );
}

/**
 * Where the custom domain stands: verified (it serves the space), or pending with the TXT record to
 * publish, what the last check found and "verify now" (any staff: it only checks).
 */
function DomainStatus({ settings }: { settings: Settings }) {
  const { t, fmt } = useT();
  const verify = useApiMutation(tenantApi.verifyTenantDomain, (checked) => {
    queryClient.setQueryData(keyOf(tenantApi.getTenantSettings), checked);
  });
  if (settings.domainStatus === 'verified') {
    return <p><span className="status status-active">✓</span> {t('sm.domainVerified', { domain: settings.customDomain ?? '' })}</p>;
  }
  const v = settings.domainVerification;
  const at = v?.checkedAt ? `${fmt.date(v.checkedAt, 'short')} ${fmt.time(v.checkedAt)}` : '';
  return (
    <div className="domain-status" aria-live="polite">
      <p><strong>{t('sm.domainPending')}</strong></p>
      {v && (
        <>
          <p>{t('sm.domainPublish')}</p>
          <dl>
            <dt>{t('sm.domainRecordName')} (TXT)</dt><dd><code>{v.recordName}</code></dd>
            <dt>{t('sm.domainRecordValue')}</dt><dd><code>{v.recordValue}</code></dd>
          </dl>
          {v.result === 'record_not_found' && <p className="hint">{t('sm.domainNotFound', { at })}</p>}
          {v.result === 'domain_taken' && <p className="hint">{t('sm.domainTaken', { at })}</p>}
        </>
      )}
      <ErrorNote error={verify.error} />
      <button type="button" className="button" disabled={verify.isPending} onClick={() => verify.mutate({})}>{t('sm.domainVerify')}</button>
    </div>
  );
}

/** A new space's email budget for the day, so staff know why an invitation or a visitor was refused. */
export function SendBudgetNote({ settings }: { settings: Settings }) {
  const { t, fmt } = useT();
  const b = settings.sendBudget;
  if (!b) return null;
  return <p className="hint" id="send-budget">{t('sm.sendBudget', { sent: b.sent, perDay: b.perDay, until: fmt.date(b.until) })}</p>;
}

/** Stripe Connect: the status, and the button that starts or resumes the onboarding (owners). */
export function StripeSection() {
  const { t } = useT();
  const owner = useIsOwner();
  return (
    <section className="card" id="payments" aria-labelledby="payments-title">
      <h2 id="payments-title">{t('sm.payments')}</h2>
      {owner ? <StripeStatus /> : <p className="hint">{t('sm.ownerOnly')}</p>}
    </section>
  );
}

function StripeStatus() {
  const { t } = useT();
  const status = useApiQuery(billing.stripeStatus, undefined, { staleTime: 0 });
  const connect = useApiMutation(billing.stripeConnect, (out) => { window.location.assign(out.url); });
  if (status.isPending) return <Loading />;
  if (status.error) return <ErrorNote error={status.error} />;
  const s = status.data;
  const fee = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 2 }).format(s.feeBp / 10_000);
  const button = (label: string) => (
    <button type="button" className="button primary" disabled={connect.isPending} onClick={() => connect.mutate({})}>{label}</button>
  );
  return (
    <>
      {!s.configured ? <p>{t('sm.notConfigured')}</p>
        : !s.connected ? <><p>{t('sm.notConnected')}</p>{button(t('sm.connect'))}</>
        : !s.chargesEnabled || !s.detailsSubmitted ? <><p>{t('sm.incomplete')}</p>{button(t('sm.continue'))}</>
        : <p><span className="status status-active">✓</span> {t('sm.connected', { account: s.accountId ?? '' })}</p>}
      <p className="hint">{s.configured && s.connected ? t('sm.fee', { fee }) : `${t('sm.feeDesk')} ${t('sm.fee', { fee })}`}</p>
      <ErrorNote error={connect.error} />
    </>
  );
}

/** The team: everyone's role, changed by an owner (audited by the API; the last owner stays). */
export function TeamSection() {
  const { t } = useT();
  const { user: me } = useMe();
  const owner = me?.role === 'owner';
  const people = useApiQuery(members.listMembers, { query: { limit: 100 } }, { staleTime: 0 });
  const [roles, setRoles] = useState<Record<string, Role>>({});
  const [done, setDone] = useState<string | null>(null);
  const update = useApiMutation(members.updateMember, (saved) => {
    setDone(t('sm.changed', { name: saved.name, role: t(`role.${saved.role as Role}`) }));
    void queryClient.invalidateQueries({ queryKey: keyOf(members.listMembers, { query: { limit: 100 } }) });
  });
  const list = (people.data?.items ?? []).filter((p) => p.status !== 'erased')
    .sort((a, b) => rank(a.role as Role) - rank(b.role as Role) || a.name.localeCompare(b.name));
  return (
    <section className="card" id="team" aria-labelledby="team-title">
      <h2 id="team-title">{t('sm.team')}</h2>
      <p className="hint">{t('sm.teamHint')}</p>
      {!owner && <p className="hint">{t('sm.ownerOnly')}</p>}
      <ErrorNote error={people.error ?? update.error} />
      {done && !update.error && <Notice>{done}</Notice>}
      {people.isPending ? <Loading /> : (
        <div className="table-scroll">
          <table className="data">
            <thead><tr><th scope="col">{t('sm.person')}</th><th scope="col">{t('sm.role')}</th><th scope="col"><span className="sr-only">{t('sm.change')}</span></th></tr></thead>
            <tbody>
              {list.map((p) => {
                const self = p.id === me?.id;
                const chosen = roles[p.id] ?? (p.role as Role);
                return (
                  <tr key={p.id}>
                    <th scope="row">{p.name} {self && <span className="hint">{t('sm.you')}</span>}</th>
                    <td>
                      {owner && !self ? (
                        <select aria-label={t('sm.roleOf', { name: p.name })} value={chosen} onChange={(e) => setRoles((r) => ({ ...r, [p.id]: e.target.value as Role }))}>
                          {(['member', 'operator', 'owner'] as const).map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                        </select>
                      ) : t(`role.${p.role as Role}`)}
                    </td>
                    <td>
                      {owner && !self && (
                        <button type="button" className="button small" disabled={update.isPending || chosen === p.role} aria-label={t('sm.changeOf', { name: p.name })}
                          onClick={() => { setDone(null); update.mutate({ params: { memberId: p.id }, body: { role: chosen } }); }}>{t('sm.change')}</button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
const rank = (r: Role) => (r === 'owner' ? 0 : r === 'operator' ? 1 : 2);
