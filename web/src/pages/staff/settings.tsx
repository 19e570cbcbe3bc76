import { useState, type FormEvent } from 'react';
import { tenant as tenantApi } from '@lieu/api';
import { addressSchema, brandingSchema, openingHoursSchema, tenantNameSchema, WEEKDAYS, type OpeningHours, type TimeRange, type Weekday } from '@lieu/core';
import * as z from 'zod/mini';
import { keyOf, queryClient, useApiMutation, useApiQuery } from '../../app/api';
import { brandVariables, contrast } from '../../app/brand';
import { ErrorNote, Field, Notice, validate, type FieldErrors } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { Loading, PageTitle } from '../../ui/Layout';
import { Logo } from '../../ui/Logo';
import { RequireUser } from '../../ui/guards';
import { LogoUpload } from './LogoUpload';
import { EmbedSection } from './settingsEmbed';
import { DomainForm, LocaleVatForm, SendBudgetNote, StripeSection, TeamSection } from './settingsMore';
import { ModulesForm } from './settingsModules';
import { RefundRestocksForm } from './settingsRefunds';

type Settings = NonNullable<ReturnType<typeof useSettings>['data']>;
const useSettings = () => useApiQuery(tenantApi.getTenantSettings);

export default function SettingsPage() {
  return (
    <RequireUser staff>
      <SettingsBody />
    </RequireUser>
  );
}

function SettingsBody() {
  const { t } = usePageI18n('backOffice', 'book');
  const settings = useSettings();
  if (settings.isPending) return <Loading />;
  if (settings.error) return <ErrorNote error={settings.error} />;
  return (
    <>
      <PageTitle>{t('settings.title')}</PageTitle>
      <SendBudgetNote settings={settings.data} />
      <BrandForm settings={settings.data} />
      <ModulesForm settings={settings.data} />
      <HoursForm settings={settings.data} />
      <AddressForm settings={settings.data} />
      <LocaleVatForm settings={settings.data} />
      <DomainForm settings={settings.data} />
      <EmbedSection tenant={settings.data} />
      <StripeSection />
      <RefundRestocksForm settings={settings.data} />
      <TeamSection />
    </>
  );
}

/** Saves part of the settings under the version read (a stale one is refused), then re-brands the portal. */
function useSave() {
  return useApiMutation(tenantApi.updateTenant, (saved) => {
    queryClient.setQueryData(keyOf(tenantApi.getTenantSettings), saved);
    void queryClient.invalidateQueries({ queryKey: keyOf(tenantApi.getTenant) });
  });
}
const currentVersion = (fallback: number) => queryClient.getQueryData<Settings>(keyOf(tenantApi.getTenantSettings))?.version ?? fallback;

const brandForm = z.object({ name: tenantNameSchema, branding: brandingSchema });

function BrandForm({ settings }: { settings: Settings }) {
  const { t } = usePageI18n('backOffice', 'book');
  const b = settings.branding;
  const [v, setV] = useState({ name: settings.name, tagline: b.tagline ?? '', logoUrl: b.logoUrl ?? '', primaryColor: b.primaryColor, accentColor: b.accentColor });
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSave();
  // Any edit or new attempt clears the last outcome: "Enregistré." never stands next to unsaved values.
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => { save.reset(); setV((s) => ({ ...s, [k]: e.target.value })); };

  function submit(e: FormEvent) {
    e.preventDefault();
    save.reset();
    const body = { name: v.name, branding: { primaryColor: v.primaryColor, accentColor: v.accentColor, tagline: v.tagline, logoUrl: v.logoUrl.trim() || null } };
    const r = validate(brandForm, body, t, { primaryColor: 'field.colour', accentColor: 'field.colour', logoUrl: 'field.url' });
    setErrors(r.ok ? {} : r.errors);
    if (r.ok) save.mutate({ body: { ...r.data, version: currentVersion(settings.version) } });
  }
  const colourValid = /^#[0-9a-fA-F]{6}$/;
  const preview = { primaryColor: colourValid.test(v.primaryColor) ? v.primaryColor : b.primaryColor, accentColor: colourValid.test(v.accentColor) ? v.accentColor : b.accentColor };
  const lowContrast = contrast(preview.primaryColor, '#ffffff') < 4.5 && contrast(preview.primaryColor, '#111111') < 4.5;

  return (
    <section className="card" id="brand" aria-labelledby="brand-title">
      <h2 id="brand-title">{t('settings.brand')}</h2>
      <div className="grid-2">
        <form onSubmit={submit} noValidate>
          <Field label={t('settings.name')} value={v.name} onChange={set('name')} error={errors.name} />
          <Field label={`${t('settings.tagline')} (${t('app.optional')})`} value={v.tagline} onChange={set('tagline')} error={errors['branding.tagline']} />
          <LogoUpload onUploaded={(url) => setV((s) => ({ ...s, logoUrl: url }))} />
          <Field label={`${t('settings.logo')} (${t('app.optional')})`} type="url" placeholder="https://…" value={v.logoUrl} onChange={set('logoUrl')} error={errors['branding.logoUrl']} />
          <div className="colours">
            <Field label={t('settings.primary')} type="color" value={v.primaryColor} onChange={set('primaryColor')} error={errors['branding.primaryColor']} />
            <Field label={t('settings.accent')} type="color" value={v.accentColor} onChange={set('accentColor')} error={errors['branding.accentColor']} />
          </div>
          <ErrorNote error={save.error} />
          {save.isSuccess && <Notice>{t('app.saved')}</Notice>}
          <button className="button primary" disabled={save.isPending}>{t('app.save')}</button>
        </form>
        <figure className="preview" style={brandVariables(preview)} aria-label={t('settings.preview')}>
          <figcaption className="hint">{t('settings.preview')}</figcaption>
          <div className="preview-header">
            <Logo name={v.name || settings.name} url={v.logoUrl.trim() || null} size={32} />
            <strong>{v.name || settings.name}</strong>
          </div>
          <div className="preview-body">
            {v.tagline && <p className="tagline">{v.tagline}</p>}
            <p>{t('settings.previewText')}</p>
            <span className="button primary" aria-hidden="true">{t('settings.previewButton')}</span>
            <span className="preview-accent" aria-hidden="true" />
          </div>
          {lowContrast && <p className="hint">{t('settings.lowContrast')}</p>}
        </figure>
      </div>
    </section>
  );
}

type Hours = Record<Weekday, TimeRange[]>;
const toHours = (h: OpeningHours): Hours => Object.fromEntries(WEEKDAYS.map((d) => [d, [...(h[d] ?? [])]])) as Hours;

function HoursForm({ settings }: { settings: Settings }) {
  const { t, fmt } = usePageI18n('backOffice', 'book');
  const [hours, setHours] = useState<Hours>(() => toHours(settings.openingHours));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSave();
  const edit = (change: (h: Hours) => Hours) => { save.reset(); setHours(change); };
  const update = (d: Weekday, i: number, k: keyof TimeRange, value: string) =>
    edit((h) => ({ ...h, [d]: h[d].map((r, j) => (j === i ? { ...r, [k]: value } : r)) }));
  const add = (d: Weekday) => edit((h) => ({ ...h, [d]: [...h[d], { open: '09:00', close: '18:00' }] }));
  const remove = (d: Weekday, i: number) => edit((h) => ({ ...h, [d]: h[d].filter((_, j) => j !== i) }));

  function submit(e: FormEvent) {
    e.preventDefault();
    save.reset();
    const r = validate(openingHoursSchema, hours, t, { open: 'field.time', close: 'field.time' });
    // The schema's "open before close" rule is a refinement on `close`.
    const errs = r.ok ? {} : Object.fromEntries(Object.entries(r.errors).map(([k, m]) => [k, m === t('field.invalid') ? t('field.openBeforeClose') : m]));
    setErrors(errs);
    if (r.ok) save.mutate({ body: { openingHours: r.data, version: currentVersion(settings.version) } });
  }

  return (
    <section className="card" id="hours" aria-labelledby="hours-title">
      <h2 id="hours-title">{t('settings.hours')}</h2>
      <p className="hint">{t('home.hoursIn', { zone: settings.timeZone })}</p>
      <form onSubmit={submit} noValidate>
        {WEEKDAYS.map((d, di) => (
          <fieldset key={d} className="day">
            <legend>{fmt.weekday(di)}</legend>
            {hours[d].length === 0 && <span className="hint">{t('settings.closedDay')}</span>}
            {hours[d].map((r, i) => (
              <div className="range" key={i}>
                <Field label={t('settings.opens')} type="time" value={r.open} onChange={(e) => update(d, i, 'open', e.target.value)} error={errors[`${d}.${i}.open`]} />
                <Field label={t('settings.closes')} type="time" value={r.close} onChange={(e) => update(d, i, 'close', e.target.value)} error={errors[`${d}.${i}.close`]} />
                <button type="button" className="button small" onClick={() => remove(d, i)} aria-label={`${t('settings.removeRange')} (${fmt.weekday(di)})`}>×</button>
              </div>
            ))}
            {hours[d].length < 4 && (
              <button type="button" className="link-button" onClick={() => add(d)} aria-label={`${t('settings.addRange')} (${fmt.weekday(di)})`}>+ {t('settings.addRange')}</button>
            )}
          </fieldset>
        ))}
        <ErrorNote error={save.error} />
        {save.isSuccess && <Notice>{t('app.saved')}</Notice>}
        <button className="button primary" disabled={save.isPending}>{t('app.save')}</button>
      </form>
    </section>
  );
}

function AddressForm({ settings }: { settings: Settings }) {
  const { t } = usePageI18n('backOffice', 'book');
  const a = settings.address;
  const [v, setV] = useState({ line1: a?.line1 ?? '', line2: a?.line2 ?? '', postalCode: a?.postalCode ?? '', city: a?.city ?? '', country: a?.country ?? 'FR' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSave();
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => { save.reset(); setV((s) => ({ ...s, [k]: e.target.value })); };

  function submit(e: FormEvent) {
    e.preventDefault();
    save.reset();
    const empty = !v.line1 && !v.postalCode && !v.city;
    if (empty) {
      setErrors({});
      save.mutate({ body: { address: null, version: currentVersion(settings.version) } });
      return;
    }
    const body = { line1: v.line1, postalCode: v.postalCode, city: v.city, country: v.country.toUpperCase(), ...(v.line2 ? { line2: v.line2 } : {}) };
    const r = validate(addressSchema, body, t, { country: 'field.country' });
    setErrors(r.ok ? {} : r.errors);
    if (r.ok) save.mutate({ body: { address: r.data, version: currentVersion(settings.version) } });
  }
  return (
    <section className="card" id="address" aria-labelledby="address-title">
      <h2 id="address-title">{t('settings.address')}</h2>
      <form onSubmit={submit} noValidate>
        <Field label={t('settings.line1')} autoComplete="address-line1" value={v.line1} onChange={set('line1')} error={errors.line1} />
        <Field label={`${t('settings.line2')} (${t('app.optional')})`} autoComplete="address-line2" value={v.line2} onChange={set('line2')} error={errors.line2} />
        <div className="grid-3">
          <Field label={t('settings.postalCode')} autoComplete="postal-code" value={v.postalCode} onChange={set('postalCode')} error={errors.postalCode} />
          <Field label={t('settings.city')} autoComplete="address-level2" value={v.city} onChange={set('city')} error={errors.city} />
          <Field label={t('settings.country')} autoComplete="country" maxLength={2} value={v.country} onChange={set('country')} error={errors.country} />
        </div>
        <ErrorNote error={save.error} />
        {save.isSuccess && <Notice>{t('app.saved')}</Notice>}
        <button className="button primary" disabled={save.isPending}>{t('app.save')}</button>
      </form>
    </section>
  );
}
