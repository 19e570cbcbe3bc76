import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { auth, members } from '@lieu/api';
import { NOTIFICATION_KINDS, type Locale, type Module, type NotificationKind, type PublicUser } from '@lieu/core';
import { call, forgetSession, queryClient, useApiMutation } from '../app/api';
import { ErrorNote, Field, Notice, SelectField, useFormState, validate } from '../app/forms';
import { usePageI18n } from '../app/i18n';
import { BOOKABLE, useMe, useRuns, useTenant } from '../app/site';
import { PageTitle } from '../ui/Layout';
import { RequireUser } from '../ui/guards';

export function Account() {
  return (
    <RequireUser>
      <AccountPage />
    </RequireUser>
  );
}

function AccountPage() {
  const { t, fmt } = usePageI18n('account', 'errors');
  const { user } = useMe();
  if (!user) return null;
  return (
    <>
      <PageTitle>{t('account.title')}</PageTitle>
      <p className="hint">
        {t(`role.${user.role}`)} · {t('account.since', { date: fmt.date(user.createdAt, 'short') })}
      </p>
      <p><Link href="/billing">{t('nav.billing')}</Link></p>
      <Profile user={user} />
      <Language />
      <Notifications user={user} />
      <Export />
      <Close />
    </>
  );
}

const profileSchema = members.updateProfile.body;

function Profile({ user }: { user: PublicUser }) {
  const { t } = usePageI18n('account', 'errors');
  const form = useFormState({ name: user.name, phone: user.phone ?? '' });
  const save = useApiMutation(members.updateProfile, () => void queryClient.invalidateQueries({ queryKey: [auth.me.operationId] }));
  function submit(e: FormEvent) {
    e.preventDefault();
    const v = validate(profileSchema, { name: form.values.name, phone: form.values.phone.trim() || null }, t);
    form.setErrors(v.ok ? {} : v.errors);
    if (v.ok) save.mutate({ body: v.data });
  }
  return (
    <section className="card">
      <h2>{t('account.profile')}</h2>
      <form onSubmit={submit} noValidate>
        <Field label={t('form.name')} autoComplete="name" {...form.bind('name')} />
        <Field label={t('form.email')} value={user.email ?? ''} readOnly />
        <Field label={`${t('form.phone')} (${t('app.optional')})`} type="tel" autoComplete="tel" {...form.bind('phone')} />
        <ErrorNote error={save.error} />
        {save.isSuccess && <Notice>{t('app.saved')}</Notice>}
        <button className="button primary" disabled={save.isPending}>{t('app.save')}</button>
      </form>
    </section>
  );
}

function Language() {
  const { t, locale, setLocale } = usePageI18n('account', 'errors');
  const save = useApiMutation(members.updateProfile, () => void queryClient.invalidateQueries({ queryKey: [auth.me.operationId] }));
  return (
    <section className="card">
      <SelectField
        label={t('account.language')}
        value={locale}
        onChange={(e) => {
          const l = e.target.value as Locale;
          setLocale(l);
          save.mutate({ body: { locale: l } });
        }}
      >
        <option value="fr" lang="fr">Français</option>
        <option value="en" lang="en">English</option>
      </SelectField>
      <ErrorNote error={save.error} />
    </section>
  );
}

/** The module each email belongs to: a space shows only the switches of what it runs (payments always). */
const KIND_MODULE: Record<NotificationKind, Module | readonly Module[] | null> = {
  bookingConfirmed: BOOKABLE, bookingCancelled: BOOKABLE, bookingMoved: BOOKABLE,
  eventRegistered: 'events', eventPromoted: 'events', paymentReceived: null, qualificationGranted: 'machines', orderReady: 'shop',
};

/** Which emails the member receives: each switch saves at once (all on until turned off). */
function Notifications({ user }: { user: PublicUser }) {
  const { t } = usePageI18n('account', 'errors');
  const runs = useRuns();
  const kinds = NOTIFICATION_KINDS.filter((k) => { const m = KIND_MODULE[k]; return m === null || runs(m); });
  const save = useApiMutation(members.updateProfile, () => void queryClient.invalidateQueries({ queryKey: [auth.me.operationId] }));
  // Shown as chosen at once; the saved profile comes back with the refreshed session.
  const [chosen, setChosen] = useState(() => Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, user.notifications?.[k] ?? true])));
  return (
    <section className="card">
      <h2 id="notifications-title">{t('account.notifications')}</h2>
      <p>{t('account.notificationsBody')}</p>
      <fieldset aria-labelledby="notifications-title">
        {kinds.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox" checked={chosen[k] ?? true} disabled={save.isPending}
              onChange={(e) => {
                const on = e.target.checked;
                setChosen((c) => ({ ...c, [k]: on }));
                // A refused save puts the box back: it never shows a choice that was not kept.
                save.mutate({ body: { notifications: { [k]: on } } }, { onError: () => setChosen((c) => ({ ...c, [k]: !on })) });
              }}
            />{' '}
            {t(`account.notify.${k}`)}
          </label>
        ))}
      </fieldset>
      <ErrorNote error={save.error} />
      {save.isSuccess && <Notice>{t('app.saved')}</Notice>}
    </section>
  );
}

/** The GDPR export: fetched with the typed client, handed to the browser as a JSON file. */
function Export() {
  const { t } = usePageI18n('account', 'errors');
  const tenant = useTenant();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    setError(null);
    try {
      const data = await call(members.exportMyData);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${tenant.slug}-my-data-${data.exportedAt.slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card">
      <h2>{t('account.export')}</h2>
      <p>{t('account.exportBody')}</p>
      <ErrorNote error={error} />
      <button type="button" className="button" onClick={() => void download()} disabled={busy}>{t('account.exportButton')}</button>
    </section>
  );
}

const closeSchema = members.closeMyAccount.body;

function Close() {
  const { t } = usePageI18n('account', 'errors');
  const [, navigate] = useLocation();
  const form = useFormState({ confirm: '', password: '' });
  const close = useApiMutation(members.closeMyAccount, () => {
    forgetSession();
    navigate('/');
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const v = validate(closeSchema, { confirm: form.values.confirm, ...(form.values.password ? { password: form.values.password } : {}) }, t);
    form.setErrors(v.ok ? {} : v.errors);
    if (v.ok) close.mutate({ body: v.data });
  }
  return (
    <section className="card danger">
      <h2>{t('account.close')}</h2>
      <p>{t('account.closeBody')}</p>
      <form onSubmit={submit} noValidate>
        <Field label={t('account.closeConfirm')} autoComplete="off" {...form.bind('confirm')} />
        <Field label={t('form.password')} type="password" autoComplete="current-password" {...form.bind('password')} />
        <ErrorNote error={close.error} />
        <button className="button danger" disabled={close.isPending}>{t('account.closeButton')}</button>
      </form>
    </section>
  );
}
