import { useState } from 'react';
import { Link } from 'wouter';
import { bookings } from '@lieu/api';
import { keyOf, queryClient, useApiMutation, useApiQuery } from '../app/api';
import { ErrorNote, Notice } from '../app/forms';
import { usePageI18n } from '../app/i18n';
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
  const list = useApiQuery(bookings.myBookings, { query: { when, limit: 50 } }, { staleTime: 0 });
  const cancel = useApiMutation(bookings.cancelBooking, () => void queryClient.invalidateQueries({ queryKey: keyOf(bookings.myBookings).slice(0, 1) }));
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
                // Past the deadline only staff cancel: the button goes, the reason stays.
                if (deadline && words && Date.parse(deadline) < Date.now()) return <p className="hint booking-cancel">{t('my.tooLate', words)}</p>;
                return (
                  <div className="booking-cancel">
                    {words && <p className="hint">{t('my.cancelUntil', words)}</p>}
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
