import { useState } from 'react';
import { Link } from 'wouter';
import { bookings } from '@lieu/api';
import { localDateOf } from '@lieu/core/booking';
import { keyOf, queryClient, useApiMutation, useApiQuery } from '../app/api';
import { ErrorNote, Notice } from '../app/forms';
import { usePageI18n } from '../app/i18n';
import { useTenant } from '../app/site';
import { Loading, PageTitle } from '../ui/Layout';
import { RequireUser } from '../ui/guards';

export default function MyBookingsPage() {
  return (
    <RequireUser>
      <MyBookings />
    </RequireUser>
  );
}

function MyBookings() {
  const { t, fmt } = usePageI18n('book');
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  // The booking whose cancellation awaits a "yes" (one at a time).
  const [confirming, setConfirming] = useState<string | null>(null);
  // The booking whose move form is open (one at a time).
  const [moving, setMoving] = useState<string | null>(null);
  const list = useApiQuery(bookings.myBookings, { query: { when, limit: 50 } }, { staleTime: 0 });
  const cancel = useApiMutation(bookings.cancelBooking, () => void queryClient.invalidateQueries({ queryKey: keyOf(bookings.myBookings).slice(0, 1) }));
  const [moved, setMoved] = useState(false);
  return (
    <>
      <PageTitle>{t('my.title')}</PageTitle>
      <div className="tabs" role="group" aria-label={t('my.title')}>
        {(['upcoming', 'past'] as const).map((w) => (
          <button key={w} type="button" className="button" aria-pressed={when === w} onClick={() => setWhen(w)}>{t(`my.${w}`)}</button>
        ))}
      </div>
      <ErrorNote error={list.error ?? cancel.error} />
      {cancel.isSuccess && <Notice>{t('my.cancelled')}</Notice>}
      {moved && <Notice>{t('my.moved')}</Notice>}
      {list.isPending ? <Loading /> : list.data && list.data.items.length === 0 ? (
        <p>{t('my.none')} <Link href="/book">{t('nav.book')}</Link></p>
      ) : (
        <ul className="bookings">
          {list.data?.items.map((b) => (
            <li key={b.id} className="card booking">
              <div>
                <h2>{b.resourceName}</h2>
                <p>{t('book.from', { date: fmt.date(b.start), start: fmt.time(b.start), end: fmt.time(b.end) })}</p>
                <p className="hint">
                  <span className={`status status-${b.status === 'cancelled' ? 'suspended' : 'active'}`}>{t(`my.status.${b.status}`)}</span>{' '}
                  {fmt.money(b.quote.totalCents)} · {t('book.payOnSite')}
                </p>
              </div>
              {when === 'upcoming' && (b.status === 'confirmed' || b.status === 'held') && (() => {
                const deadline = b.cancelDeadline;
                const words = deadline ? { date: fmt.date(deadline), time: fmt.time(deadline) } : null;
                // Past the deadline only staff cancel or move: the buttons go, the reason stays.
                if (deadline && words && Date.parse(deadline) < Date.now()) return <p className="hint booking-cancel">{t('my.tooLate', words)}</p>;
                return (
                  <div className="booking-cancel">
                    {words && <p className="hint">{t('my.cancelUntil', words)}</p>}
                    {b.status === 'confirmed' && (moving === b.id ? (
                      <MoveForm booking={b} onDone={(ok) => { setMoving(null); setMoved(ok); }} />
                    ) : (
                      <button type="button" className="button small"
                        aria-label={t('my.moveName', { name: b.resourceName, date: fmt.date(b.start, 'short') })}
                        onClick={() => { setMoving(b.id); setMoved(false); }}>{t('my.move')}</button>
                    ))}{' '}
                    {confirming === b.id ? (
                      <div role="group" aria-label={`${t('my.confirmCancel')} ${b.resourceName}`} className="actions">
                        <span>{t('my.confirmCancel')}</span>{' '}
                        <button type="button" className="button small primary" disabled={cancel.isPending}
                          onClick={() => cancel.mutate({ params: { bookingId: b.id }, body: {} }, { onSettled: () => setConfirming(null) })}>{t('my.confirmYes')}</button>{' '}
                        {/* The question just appeared where the pointer is: the safe answer takes the focus. */}
                        <button type="button" className="button small" autoFocus onClick={() => setConfirming(null)}>{t('my.confirmNo')}</button>
                      </div>
                    ) : (
                      <button type="button" className="button small" disabled={cancel.isPending}
                        aria-label={t('my.cancelName', { name: b.resourceName, date: fmt.date(b.start, 'short') })}
                        onClick={() => setConfirming(b.id)}>{t('my.cancel')}</button>
                    )}
                  </div>
                );
              })()}
            </li>
          ))}
        </ul>
      )}
      <CalendarFeed />
    </>
  );
}

interface Movable { id: string; resourceId: string; resourceName: string; start: string; end: string; localStart: string }

/**
 * Moves one's booking to another start the same length later or earlier: a day, then a start among
 * the resource's times free for the whole length (its own current times count as free). The server
 * checks the rules again; a refusal shows its reason.
 */
function MoveForm({ booking: b, onDone }: { booking: Movable; onDone: (moved: boolean) => void }) {
  const { t } = usePageI18n('book');
  const tenant = useTenant();
  const [date, setDate] = useState(b.localStart.slice(0, 10));
  const [start, setStart] = useState('');
  const avail = useApiQuery(bookings.resourceAvailability, { params: { resourceId: b.resourceId }, query: { date, days: 1 } }, { staleTime: 0 });
  const move = useApiMutation(bookings.moveBooking, () => {
    void queryClient.invalidateQueries({ queryKey: keyOf(bookings.myBookings).slice(0, 1) });
    onDone(true);
  });
  const length = Date.parse(b.end) - Date.parse(b.start);
  const slots = avail.data?.days[0]?.slots ?? [];
  const ownOrFree = (s: { start: string; free: boolean }) => s.free || (Date.parse(s.start) >= Date.parse(b.start) && Date.parse(s.start) < Date.parse(b.end));
  // Starts from which consecutive slots cover the whole length, all free (or this booking's own).
  const starts = slots.filter((s, i) => {
    const from = Date.parse(s.start);
    if (from <= Date.now() || s.start === b.start) return false;
    let reached = from;
    for (let j = i; j < slots.length && reached < from + length; j++) {
      const x = slots[j]!;
      if (Date.parse(x.start) !== reached || !ownOrFree(x)) return false;
      reached = Date.parse(x.end);
    }
    return reached >= from + length;
  });
  const dateId = `move-date-${b.id}`;
  const startId = `move-start-${b.id}`;
  return (
    <form className="move-form" aria-label={t('my.moveTitle', { name: b.resourceName })}
      onSubmit={(e) => { e.preventDefault(); if (start) move.mutate({ params: { bookingId: b.id }, body: { start } }); }}>
      <div className="field">
        <label htmlFor={dateId}>{t('my.moveDate')}</label>
        <input id={dateId} type="date" value={date} min={localDateOf(Date.now(), tenant.timeZone)}
          onChange={(e) => { if (e.target.value) { setDate(e.target.value); setStart(''); } }} />
      </div>
      <div className="field">
        <label htmlFor={startId}>{t('my.moveStart')}</label>
        <select id={startId} value={start} onChange={(e) => setStart(e.target.value)} disabled={avail.isPending || starts.length === 0}>
          <option value="">{avail.isPending ? '…' : starts.length ? t('my.moveChoose') : t('my.moveNone')}</option>
          {starts.map((s) => <option key={s.start} value={s.start}>{s.localStart.slice(11, 16)}</option>)}
        </select>
      </div>
      <p className="hint">{t('my.moveSameLength')}</p>
      <ErrorNote error={avail.error ?? move.error} />
      <div className="actions">
        <button type="submit" className="button small primary" disabled={!start || move.isPending}>{t('my.moveConfirm')}</button>{' '}
        <button type="button" className="button small" onClick={() => onDone(false)}>{t('my.moveCancel')}</button>
      </div>
    </form>
  );
}

/** The secret iCal URL: created on demand (creating again replaces the old one). */
function CalendarFeed() {
  const { t } = usePageI18n('book');
  const feed = useApiMutation(bookings.createCalendarFeed);
  return (
    <section className="card">
      <h2>{t('my.calendar')}</h2>
      <p>{t('my.calendarBody')}</p>
      <ErrorNote error={feed.error} />
      {feed.data ? (
        <div className="field">
          <label htmlFor="ical-url">{t('my.calendarUrl')}</label>
          <input id="ical-url" readOnly value={feed.data.url} onFocus={(e) => e.target.select()} />
        </div>
      ) : (
        <button type="button" className="button" disabled={feed.isPending} onClick={() => feed.mutate({})}>{t('my.calendarCreate')}</button>
      )}
    </section>
  );
}
