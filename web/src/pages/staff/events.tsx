import { useState, type FormEvent } from 'react';
import { bookings, events, members } from '@lieu/api';
import { localDate } from '@lieu/core';
import { zonedInstant } from '@lieu/core/booking';
import { keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../../app/api';
import { ErrorNote, Field, MoneyField, Notice, SelectField } from '../../app/forms';
import { countError, moneyError, moneyInputValue, parseMoney } from '../../app/money';
import { usePageI18n } from '../../app/i18n';
import { useTenant } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';

/**
 * Staff: the space's events — create one (or a weekly series; its room is booked in the same
 * transaction), edit it, its registrations and waitlist, check-in (a training's check-in grants the
 * qualification), no-shows, and the registrations as CSV. All of it through the events API.
 */
export default function StaffEventsPage() {
  return (
    <RequireUser staff>
      <StaffEvents />
    </RequireUser>
  );
}

type Ev = CallOutput<typeof events.getEvent>;
const refreshEvents = () => {
  void queryClient.invalidateQueries({ queryKey: keyOf(events.listEvents).slice(0, 1) });
  void queryClient.invalidateQueries({ queryKey: keyOf(events.listRegistrations).slice(0, 1) });
};
/** An event's price as typed (empty = free) → cents (valid once `moneyError` says nothing). */
const toCents = (s: string) => (s.trim() === '' ? 0 : parseMoney(s) ?? NaN);

function StaffEvents() {
  const { t, fmt } = usePageI18n('staff', 'backOffice', 'book');
  // From the start of today: an event under way stays listed (its check-in happens then).
  const [from] = useState(() => { const d = new Date(); d.setHours(0, 0, 0, 0); return d.toISOString(); });
  const list = useApiQuery(events.listEvents, { query: { from, limit: 100 } }, { staleTime: 0 });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageTitle>{t('se.title')}</PageTitle>
      <NewEvent onCreated={(id) => setOpen(id)} />
      <section className="card" aria-labelledby="se-list">
        <h2 id="se-list">{t('se.list')}</h2>
        <ErrorNote error={list.error} />
        {list.isPending ? <Loading /> : list.data?.items.length === 0 ? <p>{t('se.none')}</p> : (
          <div className="table-scroll">
            <table className="data">
              <thead><tr><th scope="col">{t('se.name')}</th><th scope="col">{t('se.when')}</th><th scope="col">{t('se.places')}</th><th scope="col">{t('members.status')}</th><th scope="col">{t('list.actions')}</th></tr></thead>
              <tbody>
                {list.data?.items.map((e) => (
                  <tr key={e.id}>
                    <td>{e.title}{e.trainingName ? ` · ${e.trainingName}` : ''}</td>
                    <td>{fmt.date(e.start, 'short')}, {fmt.time(e.start)}–{fmt.time(e.end)}</td>
                    <td>{t('se.placesOf', { registered: e.registered, capacity: e.capacity })}</td>
                    <td>{e.status === 'cancelled' ? t('se.cancelled') : e.published ? t('se.published') : t('se.draft')}</td>
                    <td><button type="button" className="button small" aria-expanded={open === e.id} aria-label={t('se.openName', { name: e.title })} onClick={() => setOpen(open === e.id ? null : e.id)}>{t('se.open')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {open && <EventPanel key={open} eventId={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function NewEvent({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = usePageI18n('staff', 'backOffice', 'book');
  const tenant = useTenant();
  const resources = useApiQuery(bookings.listResources, { query: {} });
  const trainings = useApiQuery(bookings.listTrainings);
  const empty = () => ({ title: '', description: '', date: localDate(new Date(), tenant.timeZone), start: '18:00', end: '20:00', capacity: '12', price: '0', audience: 'public', placeId: '', trainingId: '', weeks: '1', published: 'true' });
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useApiMutation(events.createEvent, (out) => { refreshEvents(); setV(empty()); if (out.items[0]) onCreated(out.items[0].id); });
  const bind = (k: keyof ReturnType<typeof empty>) => ({ value: v[k], onChange: (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value })), error: errors[k] });
  function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!v.title.trim()) errs.title = t('field.required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errs.date = t('field.date');
    if (!/^\d{2}:\d{2}$/.test(v.start)) errs.start = t('field.time');
    if (!/^\d{2}:\d{2}$/.test(v.end)) errs.end = t('field.time');
    else if (v.end <= v.start) errs.end = t('field.endAfterStart');
    const capacity = Number(v.capacity), weeks = Number(v.weeks), cents = toCents(v.price);
    const capacityError = countError(v.capacity, t, { min: 1, max: 1000 }), priceError = moneyError(v.price, t, { required: false }), weeksError = countError(v.weeks, t, { min: 1, max: 26 });
    if (capacityError) errs.capacity = capacityError;
    if (priceError) errs.price = priceError;
    if (weeksError) errs.weeks = weeksError;
    setErrors(errs);
    if (Object.keys(errs).length) return;
    // The form speaks the space's local time; the API takes instants.
    const at = (hhmm: string) => new Date(zonedInstant(v.date, hhmm, tenant.timeZone)).toISOString();
    create.mutate({
      body: {
        title: v.title, ...(v.description.trim() ? { description: v.description } : {}), start: at(v.start), end: at(v.end), capacity,
        audience: v.audience as 'public' | 'members', price: { cents }, tags: [], published: v.published === 'true', cancelBeforeHours: 24, weeks,
        ...(v.placeId ? { placeId: v.placeId } : {}), ...(v.trainingId ? { trainingId: v.trainingId } : {}),
      },
    });
  }
  return (
    <section className="card" aria-labelledby="se-new">
      <h2 id="se-new">{t('se.new')}</h2>
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field label={t('se.name')} {...bind('title')} />
        <Field label={t('se.description')} {...bind('description')} />
        <Field label={t('se.date')} type="date" {...bind('date')} />
        <Field label={t('se.start')} type="time" step={900} {...bind('start')} />
        <Field label={t('se.end')} type="time" step={900} {...bind('end')} />
        <Field label={t('se.capacity')} inputMode="numeric" {...bind('capacity')} />
        <MoneyField label={t('se.price')} {...bind('price')} />
        <SelectField label={t('se.audience')} {...bind('audience')}>
          <option value="public">{t('se.audience.public')}</option>
          <option value="members">{t('se.audience.members')}</option>
        </SelectField>
        <SelectField label={t('se.room')} {...bind('placeId')}>
          <option value="">{t('se.noRoom')}</option>
          {resources.data?.items.filter((r) => r.kind === 'room' || r.kind === 'desk_area' || r.kind === 'other').map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </SelectField>
        <SelectField label={t('se.training')} {...bind('trainingId')}>
          <option value="">{t('se.noTraining')}</option>
          {trainings.data?.items.map((tr) => <option key={tr.id} value={tr.id}>{tr.name}</option>)}
        </SelectField>
        <Field label={t('se.weeks')} inputMode="numeric" {...bind('weeks')} />
        <SelectField label={t('se.published')} {...bind('published')}>
          <option value="true">{t('se.published')}</option>
          <option value="false">{t('se.draft')}</option>
        </SelectField>
        <button className="button primary" disabled={create.isPending}>{t('se.create')}</button>
      </form>
      <ErrorNote error={create.error} />
      {create.isSuccess && <Notice>{t('se.created')}</Notice>}
    </section>
  );
}

function EventPanel({ eventId, onClose }: { eventId: string; onClose: () => void }) {
  const { t, fmt } = usePageI18n('staff', 'backOffice', 'book');
  const ev = useApiQuery(events.getEvent, { params: { eventId } }, { staleTime: 0 });
  const regs = useApiQuery(events.listRegistrations, { params: { eventId } }, { staleTime: 0 });
  const after = () => { refreshEvents(); void queryClient.invalidateQueries({ queryKey: keyOf(events.getEvent).slice(0, 1) }); };
  const checkIn = useApiMutation(events.checkInRegistration, after);
  const noShow = useApiMutation(events.markRegistrationNoShow, after);
  const cancelReg = useApiMutation(events.staffCancelRegistration, after);
  const cancelEvent = useApiMutation(events.cancelEvent, after);
  const e = ev.data;
  const items = regs.data?.items ?? [];
  const registered = items.filter((r) => r.status === 'registered');
  const waiting = items.filter((r) => r.status === 'waitlisted');
  const busy = checkIn.isPending || noShow.isPending || cancelReg.isPending;
  return (
    <section className="card" aria-labelledby="se-panel">
      <h2 id="se-panel">{e ? e.title : t('se.registrations')}</h2>
      <ErrorNote error={ev.error ?? regs.error ?? checkIn.error ?? noShow.error ?? cancelReg.error ?? cancelEvent.error} />
      {!e ? <Loading /> : (
        <>
          <p>{fmt.date(e.start, 'long')}, {fmt.time(e.start)}–{fmt.time(e.end)}{e.placeName ? ` · ${e.placeName}` : ''} · {e.price.cents ? fmt.money(e.price.cents) : t('se.free')}</p>
          <p>
            <a className="button small" href={`/api/v1/events/${eventId}/registrations.csv`} download>{t('se.csv')}</a>{' '}
            {e.status === 'active' && <button type="button" className="button small" disabled={cancelEvent.isPending} onClick={() => cancelEvent.mutate({ params: { eventId } })}>{t('se.cancelEvent')}</button>}{' '}
            <button type="button" className="button small" onClick={onClose}>{t('se.close')}</button>
          </p>
          {e.status === 'active' && <EditEvent event={e} />}
          <h3>{t('se.registrations')} ({t('se.placesOf', { registered: e.registered, capacity: e.capacity })})</h3>
          {regs.isPending ? <Loading /> : registered.length === 0 ? <p>{t('se.noRegistrations')}</p> : (
            <div className="table-scroll">
              <table className="data">
                <thead><tr><th scope="col">{t('form.name')}</th><th scope="col">{t('form.email')}</th><th scope="col">{t('members.status')}</th><th scope="col">{t('list.actions')}</th></tr></thead>
                <tbody>
                  {registered.map((r) => (
                    <tr key={r.id}>
                      <td>{r.name}</td>
                      <td>{r.email}</td>
                      <td>{r.attendance === 'attended' ? <span className="status status-active">{t('se.attended')}</span> : r.attendance === 'no_show' ? <span className="status status-suspended">{t('se.missed')}</span> : t('se.status.registered')}</td>
                      <td className="row-actions">
                        {!r.attendance && (
                          <>
                            <button type="button" className="button small" disabled={busy} aria-label={t('se.checkInName', { name: r.name })}
                              onClick={() => checkIn.mutate({ params: { eventId, registrationId: r.id } })}>{t('se.checkIn')}</button>{' '}
                            <button type="button" className="button small" disabled={busy} aria-label={t('se.noShowName', { name: r.name })}
                              onClick={() => noShow.mutate({ params: { eventId, registrationId: r.id } })}>{t('se.noShow')}</button>{' '}
                            <button type="button" className="button small" disabled={busy} aria-label={t('se.cancelRegName', { name: r.name })}
                              onClick={() => cancelReg.mutate({ params: { eventId, registrationId: r.id } })}>{t('se.cancelReg')}</button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {waiting.length > 0 && (
            <>
              <h3>{t('se.waitlist')}</h3>
              <ol>
                {waiting.map((r) => (
                  <li key={r.id}>
                    {r.name} ({r.email}){' '}
                    <button type="button" className="button small" disabled={busy} aria-label={t('se.cancelRegName', { name: r.name })}
                      onClick={() => cancelReg.mutate({ params: { eventId, registrationId: r.id } })}>{t('se.cancelReg')}</button>
                  </li>
                ))}
              </ol>
            </>
          )}
          {e.status === 'active' && <RegisterMember eventId={eventId} />}
        </>
      )}
    </section>
  );
}

/** Title, capacity, price and publication; saved under the version read (a stale one is a 409). */
function EditEvent({ event }: { event: Ev }) {
  const { t, locale } = usePageI18n('staff', 'backOffice', 'book');
  const [v, setV] = useState({ title: event.title, capacity: String(event.capacity), price: moneyInputValue(event.price.cents, locale), published: String(event.published) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useApiMutation(events.updateEvent, () => { refreshEvents(); void queryClient.invalidateQueries({ queryKey: keyOf(events.getEvent).slice(0, 1) }); });
  const bind = (k: keyof typeof v) => ({ value: v[k], onChange: (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value })), error: errors[k] });
  function submit(e: FormEvent) {
    e.preventDefault();
    const capacity = Number(v.capacity), cents = toCents(v.price);
    const errs: Record<string, string> = {};
    if (!v.title.trim()) errs.title = t('field.required');
    const capacityError = countError(v.capacity, t, { min: 1, max: 1000 }), priceError = moneyError(v.price, t, { required: false });
    if (capacityError) errs.capacity = capacityError;
    if (priceError) errs.price = priceError;
    setErrors(errs);
    if (Object.keys(errs).length) return;
    save.mutate({ params: { eventId: event.id }, body: { title: v.title, capacity, price: { ...event.price, cents }, published: v.published === 'true', version: event.version } });
  }
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label={t('se.edit')}>
      <Field label={t('se.name')} {...bind('title')} />
      <Field label={t('se.capacity')} inputMode="numeric" {...bind('capacity')} />
      <MoneyField label={t('se.price')} {...bind('price')} />
      <SelectField label={t('se.published')} {...bind('published')}>
        <option value="true">{t('se.published')}</option>
        <option value="false">{t('se.draft')}</option>
      </SelectField>
      <button className="button" disabled={save.isPending}>{t('app.save')}</button>
      <ErrorNote error={save.error} />
      {save.isSuccess && <Notice>{t('app.saved')}</Notice>}
    </form>
  );
}

function RegisterMember({ eventId }: { eventId: string }) {
  const { t } = usePageI18n('staff', 'backOffice', 'book');
  const people = useApiQuery(members.listMembers, { query: { status: 'active', limit: 100 } });
  const [memberId, setMemberId] = useState('');
  const register = useApiMutation(events.registerSomeone, () => { setMemberId(''); refreshEvents(); });
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (memberId) register.mutate({ params: { eventId }, body: { memberId } }); }}>
      <SelectField label={t('se.addPerson')} value={memberId} onChange={(e) => setMemberId(e.target.value)}>
        <option value="">—</option>
        {people.data?.items.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </SelectField>
      <button className="button" disabled={!memberId || register.isPending}>{t('se.register')}</button>
      <ErrorNote error={register.error} />
    </form>
  );
}
