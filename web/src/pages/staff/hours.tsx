import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { bookings } from '@lieu/api';
import { WEEKDAYS } from '@lieu/core';
import { openingCalendarSchema, zonedInstant, type OpeningCalendar } from '@lieu/core/booking';
import { keyOf, queryClient, useApiMutation, useApiQuery } from '../../app/api';
import { ErrorNote, Field, Notice, validate } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { useTenant } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';

export default function HoursPage() {
  return (
    <RequireUser staff>
      <Hours />
    </RequireUser>
  );
}

/**
 * Staff: the weekly hours (read here, changed in the settings with the rest of the space's profile),
 * and the opening calendar: exceptional days (closed, or other hours) and closures from one instant
 * to another. The API replaces the whole calendar at once, so each add or remove saves it all.
 */
function Hours() {
  const tenant = useTenant();
  const { t, fmt } = usePageI18n('setup', 'backOffice', 'book');
  const cal = useApiQuery(bookings.getOpeningCalendar, {}, { staleTime: 0 });
  const [done, setDone] = useState<string | null>(null);
  const save = useApiMutation(bookings.putOpeningCalendar, (out) => {
    queryClient.setQueryData(keyOf(bookings.getOpeningCalendar, {}), out);
    setDone(t('s.calSaved'));
  });
  const put = (next: OpeningCalendar) => { setDone(null); save.mutate({ body: next }); };
  const current = cal.data;
  return (
    <>
      <PageTitle>{t('s.hoursTitle')}</PageTitle>
      <section className="card" aria-labelledby="h-weekly">
        <h2 id="h-weekly">{t('s.weekly')}</h2>
        <p className="hint">{t('home.hoursIn', { zone: tenant.timeZone })}</p>
        <table className="data">
          <tbody>
            {WEEKDAYS.map((d, i) => (
              <tr key={d}>
                <th scope="row" className="capitalize">{fmt.weekday(i)}</th>
                <td>{(tenant.openingHours[d] ?? []).map((r) => `${r.open}–${r.close}`).join(', ') || t('s.closedDay')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p><Link href="/staff/settings#hours">{t('s.weeklyEdit')}</Link></p>
      </section>
      {done && <Notice>{done}</Notice>}
      <ErrorNote error={cal.error ?? save.error} />
      {cal.isPending || !current ? <Loading /> : (
        <>
          <ExceptionalDays cal={current} busy={save.isPending} onSave={put} />
          <Closures cal={current} busy={save.isPending} onSave={put} />
        </>
      )}
    </>
  );
}

function ExceptionalDays({ cal, busy, onSave }: { cal: OpeningCalendar; busy: boolean; onSave(c: OpeningCalendar): void }) {
  const { t, fmt } = usePageI18n('setup', 'backOffice', 'book');
  const [v, setV] = useState({ date: '', label: '', closed: true, open: '09:00', close: '13:00' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  function submit(e: FormEvent) {
    e.preventDefault();
    const day = { date: v.date, label: v.label.trim(), hours: v.closed ? [] : [{ open: v.open, close: v.close }] };
    const next = { ...cal, exceptionalDays: [...cal.exceptionalDays.filter((d) => d.date !== v.date), day].sort((a, b) => a.date.localeCompare(b.date)) };
    const r = validate(openingCalendarSchema, next, t);
    const idx = next.exceptionalDays.indexOf(day);
    const mine = r.ok ? {} : Object.fromEntries(Object.entries(r.errors).filter(([k]) => k.startsWith(`exceptionalDays.${idx}.`)).map(([k, m]) => [k.split('.').pop()!, m]));
    setErrors(mine);
    if (r.ok) { onSave(r.data); setV({ ...v, date: '', label: '' }); }
  }
  return (
    <section className="card" aria-labelledby="h-exc">
      <h2 id="h-exc">{t('s.exceptional')}</h2>
      <p className="hint">{t('s.exceptionalHint')}</p>
      {cal.exceptionalDays.length === 0 ? <p>{t('s.none')}</p> : (
        <ul className="cal-list">
          {cal.exceptionalDays.map((d) => (
            <li key={d.date}>
              <strong className="capitalize">{fmt.date(`${d.date}T12:00:00Z`)}</strong> · {d.label} · {d.hours.length ? d.hours.map((h) => `${h.open}–${h.close}`).join(', ') : t('s.closedDay')}{' '}
              <button type="button" className="button small" disabled={busy} aria-label={t('s.remove', { label: `${d.label} (${d.date})` })}
                onClick={() => onSave({ ...cal, exceptionalDays: cal.exceptionalDays.filter((x) => x.date !== d.date) })}>×</button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate>
        <div className="grid-3">
          <Field label={t('s.date')} type="date" required value={v.date} error={errors.date} onChange={(e) => setV({ ...v, date: e.target.value })} />
          <Field label={t('s.label')} required value={v.label} error={errors.label} onChange={(e) => setV({ ...v, label: e.target.value })} />
          <div className="field">
            <label><input type="checkbox" checked={v.closed} onChange={(e) => setV({ ...v, closed: e.target.checked })} /> {t('s.closedAllDay')}</label>
          </div>
          {!v.closed && <>
            <Field label={t('s.open')} type="time" value={v.open} error={errors.open} onChange={(e) => setV({ ...v, open: e.target.value })} />
            <Field label={t('s.close')} type="time" value={v.close} error={errors.close} onChange={(e) => setV({ ...v, close: e.target.value })} />
          </>}
        </div>
        <button className="button primary" disabled={busy}>{t('s.add')}</button>
      </form>
    </section>
  );
}

function Closures({ cal, busy, onSave }: { cal: OpeningCalendar; busy: boolean; onSave(c: OpeningCalendar): void }) {
  const tenant = useTenant();
  const { t, fmt } = usePageI18n('setup', 'backOffice', 'book');
  const [v, setV] = useState({ from: '', to: '', label: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** A `datetime-local` value is the space's local time: the API wants instants. */
  const instant = (local: string) => (local ? new Date(zonedInstant(local.slice(0, 10), local.slice(11, 16), tenant.timeZone)).toISOString() : '');
  function submit(e: FormEvent) {
    e.preventDefault();
    const closure = { from: instant(v.from), to: instant(v.to), label: v.label.trim() };
    const next = { ...cal, closures: [...cal.closures, closure].sort((a, b) => a.from.localeCompare(b.from)) };
    const r = validate(openingCalendarSchema, next, t);
    const idx = next.closures.indexOf(closure);
    setErrors(r.ok ? {} : Object.fromEntries(Object.entries(r.errors).filter(([k]) => k.startsWith(`closures.${idx}.`)).map(([k, m]) => [k.split('.').pop()!, m])));
    if (r.ok) { onSave(r.data); setV({ from: '', to: '', label: '' }); }
  }
  const when = (iso: string) => `${fmt.date(iso, 'short')} ${fmt.time(iso)}`;
  return (
    <section className="card" aria-labelledby="h-clo">
      <h2 id="h-clo">{t('s.closures')}</h2>
      <p className="hint">{t('s.closuresHint')}</p>
      {cal.closures.length === 0 ? <p>{t('s.none')}</p> : (
        <ul className="cal-list">
          {cal.closures.map((c) => (
            <li key={`${c.from}${c.label}`}>
              <strong>{c.label}</strong> · {when(c.from)} → {when(c.to)}{' '}
              <button type="button" className="button small" disabled={busy} aria-label={t('s.remove', { label: c.label })}
                onClick={() => onSave({ ...cal, closures: cal.closures.filter((x) => x !== c) })}>×</button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate>
        <div className="grid-3">
          <Field label={t('s.from')} type="datetime-local" required value={v.from} error={errors.from} onChange={(e) => setV({ ...v, from: e.target.value })} />
          <Field label={t('s.to')} type="datetime-local" required value={v.to} error={errors.to} onChange={(e) => setV({ ...v, to: e.target.value })} />
          <Field label={t('s.label')} required value={v.label} error={errors.label} onChange={(e) => setV({ ...v, label: e.target.value })} />
        </div>
        <button className="button primary" disabled={busy}>{t('s.add')}</button>
      </form>
    </section>
  );
}
