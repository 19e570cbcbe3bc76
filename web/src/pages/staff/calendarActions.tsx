import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, billing, bookings, members } from '@lieu/api';
import { hoursOn, zonedInstant, type OpeningCalendar } from '@lieu/core/booking';
import { queryClient, useApiMutation, useApiQuery, type CallOutput } from '../../app/api';
import { ErrorNote, Notice, SelectField } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { hasMessage, type KeyOf } from '../../app/messages';
import { useTenant } from '../../app/site';
import { Loading } from '../../ui/Layout';

export type CalBooking = CallOutput<typeof bookings.operatorCalendar>['resources'][number]['bookings'][number];
type Resource = CallOutput<typeof bookings.listResources>['items'][number];
export type CalResource = CallOutput<typeof bookings.operatorCalendar>['resources'][number] & { resource: Resource | undefined };

/**
 * After a booking changes, every view that shows it reads it afresh: the calendar (any date, any
 * view) and whatever else is on screen or cached (the dashboard's "to collect at the desk", the
 * member's page, availability), since each of them may name the booking's machine or time.
 */
export const refreshCalendar = () => queryClient.invalidateQueries();

/** An API refusal in this page's words when it has them (`r.<rule>`), else the portal's. */
export function ActionError({ error }: { error: unknown }) {
  const { t } = usePageI18n('calendar', 'backOffice', 'book');
  const rule = error instanceof ApiError ? `r.${error.reason}` : '';
  if (hasMessage(rule)) return <p className="alert alert-error" role="alert">{t(rule as KeyOf<'calendar'>, error instanceof ApiError ? error.params : {})}</p>;
  return <ErrorNote error={error} />;
}

/** A booking's panel: what it is, and what staff can do with it now. */
export function BookingPanel({ booking: b, resources, onClose }: { booking: CalBooking; resources: Resource[]; onClose(): void }) {
  const { t, fmt } = usePageI18n('calendar', 'backOffice', 'book');
  const heading = useRef<HTMLHeadingElement>(null);
  const [mode, setMode] = useState<'none' | 'move' | 'cancel'>('none');
  const [done, setDone] = useState<string | null>(null);
  // A finished action clears the others' old refusals: after a move, the check-in's earlier error no longer applies.
  const after = (msg: string) => () => { setDone(msg); setMode('none'); checkIn.reset(); noShow.reset(); void refreshCalendar(); };
  const checkIn = useApiMutation(bookings.checkInBooking, () => after(t('c.checkedIn'))());
  const noShow = useApiMutation(bookings.markNoShow, () => after(t('c.noShowed'))());
  // Another booking, or this one moved elsewhere (a drag, another screen): start afresh. This panel's
  // own move comes back the same way once the calendar is read again; its notice must stay.
  const shownId = useRef(b.id);
  const ownMove = useRef(false);
  const moved = () => { ownMove.current = true; after(t('c.moved'))(); };
  useEffect(() => {
    const same = shownId.current === b.id;
    shownId.current = b.id;
    heading.current?.focus();
    if (same && ownMove.current) { ownMove.current = false; return; }
    setMode('none'); setDone(null); checkIn.reset(); noShow.reset();
  }, [b.id, b.start, b.resourceId]);
  const open = b.status === 'confirmed';
  const error = checkIn.error ?? noShow.error;
  return (
    <section className="card cal-panel" aria-labelledby="cal-panel-title">
      <div className="header-row">
        <h2 id="cal-panel-title" tabIndex={-1} ref={heading}>{t('c.details')} · {b.resourceName}</h2>
        <button type="button" className="button small" onClick={onClose}>{t('c.close')}</button>
      </div>
      <dl className="cal-facts">
        <dt>{t('c.member')}</dt><dd>{b.memberName}</dd>
        <dt>{t('c.when')}</dt><dd><span className="capitalize">{fmt.date(b.start)}</span>, {fmt.time(b.start)}–{fmt.time(b.end)}</dd>
        <dt>{t('c.status')}</dt><dd><span className="status status-active">{t(`my.status.${b.status}`)}</span></dd>
        <dt>{t('c.price')}</dt><dd>{fmt.money(b.quote.totalCents)}</dd>
        {b.cancelReason && <><dt>{t('c.reason')}</dt><dd>{b.cancelReason}</dd></>}
      </dl>
      {done && <Notice>{done}</Notice>}
      <ActionError error={error} />
      {open && (
        <div className="row-actions">
          <button type="button" className="button primary" disabled={checkIn.isPending} onClick={() => checkIn.mutate({ params: { bookingId: b.id } })}>{t('c.checkIn')}</button>
          <button type="button" className="button" disabled={noShow.isPending} onClick={() => noShow.mutate({ params: { bookingId: b.id } })}>{t('c.noShow')}</button>
          <button type="button" className="button" aria-expanded={mode === 'move'} onClick={() => setMode(mode === 'move' ? 'none' : 'move')}>{t('c.move')}</button>
          <button type="button" className="button danger" aria-expanded={mode === 'cancel'} onClick={() => setMode(mode === 'cancel' ? 'none' : 'cancel')}>{t('c.cancel')}</button>
        </div>
      )}
      {open && mode === 'move' && <MoveForm b={b} resources={resources} onDone={moved} />}
      {open && mode === 'cancel' && <CancelForm b={b} onDone={after(t('c.cancelled'))} />}
    </section>
  );
}

function CancelForm({ b, onDone }: { b: CalBooking; onDone(): void }) {
  const { t } = usePageI18n('calendar', 'backOffice', 'book');
  const id = useId();
  const [reason, setReason] = useState('');
  const cancel = useApiMutation(bookings.cancelBooking, onDone);
  function submit(e: FormEvent) {
    e.preventDefault();
    cancel.mutate({ params: { bookingId: b.id }, body: reason.trim() ? { reason: reason.trim() } : {} });
  }
  return (
    <form onSubmit={submit} className="confirm" noValidate>
      <div className="field">
        <label htmlFor={id}>{t('c.reason')}</label>
        <textarea id={id} required maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ActionError error={cancel.error} />
      <button className="button danger" disabled={cancel.isPending}>{t('c.cancelDo')}</button>
    </form>
  );
}

/** The start times a resource offers on a date: its open ranges cut in slots (local HH:MM). */
function startsOn(date: string, r: Resource | undefined, weekly: ReturnType<typeof useTenant>['openingHours'], calendar: OpeningCalendar, minutes: number): string[] {
  if (!r) return [];
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const out: string[] = [];
  for (const range of hoursOn(date, r.rules.hours ?? weekly, calendar).ranges) {
    for (let m = toMin(range.open); m + minutes <= toMin(range.close); m += r.rules.slotMinutes) {
      out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    }
  }
  return out;
}

function MoveForm({ b, resources, onDone }: { b: CalBooking; resources: Resource[]; onDone(): void }) {
  const tenant = useTenant();
  const { t } = usePageI18n('calendar', 'backOffice', 'book');
  const current = resources.find((r) => r.id === b.resourceId);
  // Only where the price would stay the same (the API's rule): same kind, same hourly rate.
  const targets = resources.filter((r) => r.active && r.kind === b.resourceKind && r.priceCentsPerHour === current?.priceCentsPerHour);
  const [resourceId, setResourceId] = useState(b.resourceId);
  const [date, setDate] = useState(b.localStart.slice(0, 10));
  const minutes = (Date.parse(b.end) - Date.parse(b.start)) / 60_000;
  const { data: calendar } = useApiQuery(bookings.getOpeningCalendar, {});
  const starts = startsOn(date, resources.find((r) => r.id === resourceId), tenant.openingHours, calendar ?? { exceptionalDays: [], closures: [] }, minutes);
  const [time, setTime] = useState(b.localStart.slice(11, 16));
  const move = useApiMutation(bookings.moveBooking, onDone);
  const dateId = useId();
  function submit(e: FormEvent) {
    e.preventDefault();
    move.mutate({ params: { bookingId: b.id }, body: { start: new Date(zonedInstant(date, time, tenant.timeZone)).toISOString(), ...(resourceId !== b.resourceId ? { resourceId } : {}) } });
  }
  return (
    <form onSubmit={submit} className="confirm" noValidate aria-label={t('c.moveTitle')}>
      <p className="hint">{t('c.moveHint')}</p>
      <div className="grid-3">
        <SelectField label={t('c.resource')} value={resourceId} onChange={(e) => setResourceId(e.target.value)}>
          {targets.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </SelectField>
        <div className="field">
          <label htmlFor={dateId}>{t('c.day')}</label>
          <input id={dateId} type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </div>
        <SelectField label={t('c.start')} value={time} onChange={(e) => setTime(e.target.value)}>
          {(starts.includes(time) ? starts : [time, ...starts]).map((s) => <option key={s} value={s}>{s}</option>)}
        </SelectField>
      </div>
      <ActionError error={move.error} />
      <button className="button primary" disabled={move.isPending}>{t('c.moveDo')}</button>
    </form>
  );
}

/** Books on a member's behalf: find the member, pick the resource, day, start and length; the price is the API's quote for that member. */
export function NewBooking({ initial, resources, calendar, onClose, onBooked }: {
  initial: { resourceId?: string; date: string }; resources: Resource[]; calendar: OpeningCalendar; onClose(): void; onBooked(b: CalBooking): void;
}) {
  const tenant = useTenant();
  const { t, fmt } = usePageI18n('calendar', 'backOffice', 'book');
  const [q, setQ] = useState('');
  const [memberId, setMemberId] = useState('');
  const [resourceId, setResourceId] = useState(initial.resourceId ?? resources[0]?.id ?? '');
  const [date, setDate] = useState(initial.date);
  const resource = resources.find((r) => r.id === resourceId);
  const durations = resource ? Array.from({ length: Math.min(16, (resource.rules.maxMinutes - resource.rules.minMinutes) / resource.rules.slotMinutes + 1) }, (_, i) => resource.rules.minMinutes + i * resource.rules.slotMinutes) : [];
  const [minutes, setMinutes] = useState(0);
  const length = durations.includes(minutes) ? minutes : durations[0] ?? 60;
  const starts = startsOn(date, resource, tenant.openingHours, calendar, length);
  const [time, setTime] = useState('');
  const start = starts.includes(time) ? time : starts[0] ?? '';
  const search = q.trim();
  const found = useApiQuery(members.listMembers, { query: { q: search, status: 'active', limit: 100 } }, { enabled: search.length >= 2 });
  const quote = useApiQuery(billing.quote, {
    body: { memberId, items: [{ kind: 'booking', resourceKind: resource?.kind ?? 'desk', resourceId, date, minutes: length }] },
  }, { enabled: !!memberId && !!resource });
  const book = useApiMutation(bookings.createBooking, (b) => { void refreshCalendar(); onBooked(b); });
  const picked = found.data?.items.find((m) => m.id === memberId);
  const [pickedName, setPickedName] = useState('');
  const ids = { q: useId(), date: useId(), reason: useId() };
  // The member lacks the machine's training: staff may book anyway, saying why (audited).
  const [reason, setReason] = useState('');
  const needsReason = book.error instanceof ApiError && book.error.reason === 'member_not_qualified';
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!memberId || !start || !resource) return;
    const s = zonedInstant(date, start, tenant.timeZone);
    const override = needsReason && reason.trim().length >= 3 ? { overrideReason: reason.trim() } : {};
    book.mutate({ body: { resourceId, memberId, start: new Date(s).toISOString(), end: new Date(s + length * 60_000).toISOString(), ...override } });
  }
  const label = (m: number) => (m % 60 === 0 ? t('c.hours', { n: m / 60 }) : m > 60 ? `${t('c.hours', { n: Math.floor(m / 60) })} ${t('c.minutes', { n: m % 60 })}` : t('c.minutes', { n: m }));
  return (
    <section className="card cal-panel" aria-labelledby="cal-new-title">
      <div className="header-row">
        <h2 id="cal-new-title">{t('c.new')}</h2>
        <button type="button" className="button small" onClick={onClose}>{t('c.close')}</button>
      </div>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={ids.q}>{t('c.searchMember')}</label>
          <input id={ids.q} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        </div>
        {search.length >= 2 && (found.isPending ? <Loading /> : (
          <fieldset className="cal-members">
            <legend>{t('c.member')}</legend>
            {found.data?.items.length === 0 && <p className="hint">{t('c.noMatch')}</p>}
            {found.data?.items.slice(0, 8).map((m) => (
              <label key={m.id} className="cal-member">
                <input type="radio" name="member" value={m.id} checked={memberId === m.id} onChange={() => { setMemberId(m.id); setPickedName(m.name); }} />
                {m.name} <span className="hint">{m.email}</span>
              </label>
            ))}
          </fieldset>
        ))}
        {memberId && <p>{t('c.pickMember')} <strong>{picked?.name ?? pickedName}</strong></p>}
        <div className="grid-3">
          <SelectField label={t('c.resource')} value={resourceId} onChange={(e) => setResourceId(e.target.value)}>
            {resources.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </SelectField>
          <div className="field">
            <label htmlFor={ids.date}>{t('c.day')}</label>
            <input id={ids.date} type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
          </div>
          <SelectField label={t('c.start')} value={start} onChange={(e) => setTime(e.target.value)}>
            {starts.length === 0 && <option value="">{t('c.closed')}</option>}
            {starts.map((s) => <option key={s} value={s}>{s}</option>)}
          </SelectField>
          <SelectField label={t('c.duration')} value={String(length)} onChange={(e) => setMinutes(Number(e.target.value))}>
            {durations.map((m) => <option key={m} value={m}>{label(m)}</option>)}
          </SelectField>
        </div>
        {memberId && (
          <p className="total" aria-live="polite">
            {t('c.quote')} {quote.data ? <strong>{fmt.money(quote.data.totalCents)}</strong> : quote.isPending ? '…' : null}{' '}
            <span className="hint">{t('c.payDesk')}</span>
          </p>
        )}
        <ErrorNote error={quote.error} />
        <ActionError error={book.error} />
        {needsReason && (
          <div className="field">
            <label htmlFor={ids.reason}>{t('c.overrideReason')}</label>
            <input id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} required />
          </div>
        )}
        <button className="button primary" disabled={!memberId || !start || book.isPending || (needsReason && reason.trim().length < 3)}>
          {needsReason ? t('c.overrideBook') : t('c.book')}
        </button>
      </form>
    </section>
  );
}
