import { useState } from 'react';
import { Link } from 'wouter';
import { useQueries } from '@tanstack/react-query';
import { events } from '@lieu/api';
import { ApiError, call, keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../app/api';
import { ErrorNote, Notice } from '../app/forms';
import { usePageI18n } from '../app/i18n';
import { useMe } from '../app/site';
import { Loading, PageTitle } from '../ui/Layout';
import './shop.css';

const useI18n = () => usePageI18n('events');
type Event = CallOutput<typeof events.publicEvent>;
type Registration = CallOutput<typeof events.myRegistration>;

/** My registration to an event: `null` when I have none (the API answers 404), `undefined` while unknown. */
const myRegQuery = (eventId: string, enabled: boolean) => ({
  queryKey: keyOf(events.myRegistration, { params: { eventId } }),
  queryFn: () => call(events.myRegistration, { params: { eventId } }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }),
  enabled,
  staleTime: 0,
});
const active = (r: Registration | null | undefined): r is Registration => !!r && r.status !== 'cancelled';

function When({ e }: { e: Event }) {
  const { t, fmt } = useI18n();
  return <>{t('ev.when', { date: fmt.date(e.start), start: fmt.time(e.start), end: fmt.time(e.end) })}</>;
}

function RegBadge({ reg }: { reg: Registration }) {
  const { t } = useI18n();
  return reg.status === 'registered'
    ? <span className="status status-active">{t('ev.registered')}</span>
    : <span className="status status-suspended">{t('ev.waitlisted', { n: reg.waitlistPosition ?? '?' })}</span>;
}

/**
 * Upcoming events, and my tickets among them. The API has no "my registrations" list: each listed
 * event's own "my registration" is asked (the page lists at most 25 events).
 */
export default function EventsPage() {
  const { t, fmt } = useI18n();
  const { user } = useMe();
  const list = useApiQuery(events.publicEvents, { query: { limit: 25 } }, { staleTime: 0 });
  const items = list.data?.items ?? [];
  const regs = useQueries({ queries: items.map((e) => myRegQuery(e.id, !!user)) });
  const mine = items.map((e, i) => ({ e, reg: regs[i]?.data })).filter((x): x is { e: Event; reg: Registration } => active(x.reg));
  return (
    <>
      <PageTitle>{t('ev.title')}</PageTitle>
      <ErrorNote error={list.error} />
      {user && (
        <section className="card" aria-labelledby="ev-tickets">
          <h2 id="ev-tickets">{t('ev.myTickets')}</h2>
          {mine.length === 0 ? <p>{t('ev.noTickets')}</p> : (
            <ul className="bookings">
              {mine.map(({ e, reg }) => (
                <li key={e.id} className="booking ticket">
                  <div>
                    <strong>{e.title}</strong>
                    <p className="hint"><When e={e} /></p>
                  </div>
                  <RegBadge reg={reg} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {list.isPending ? <Loading /> : items.length === 0 ? <p>{t('ev.none')}</p> : (
        <ul className="products">
          {items.map((e, i) => {
            const reg = regs[i]?.data;
            return (
              <li key={e.id} className="card product event">
                <h2>{e.title}</h2>
                <p className="hint"><When e={e} />{e.placeName && <> · {e.placeName}</>}</p>
                <p>
                  <strong>{e.price.cents === 0 ? t('ev.free') : fmt.money(e.price.cents)}</strong>
                  {e.audience === 'members' && <span className="hint"> · {t('ev.membersOnly')}</span>}
                </p>
                <p className="hint">{e.placesLeft > 0 ? t('ev.placesLeft', { n: e.placesLeft, capacity: e.capacity }) : t('ev.full')}</p>
                {active(reg) && <p><RegBadge reg={reg} /></p>}
                <Link href={`/events/${e.id}`} className="button" aria-label={t('ev.seeName', { name: `${e.title}, ${fmt.date(e.start, 'short')}` })}>{t('ev.see')}</Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/** An event page: details, and my registration (register, waitlist, cancel). */
export function EventPage({ params }: { params: { eventId: string } }) {
  const { t, fmt } = useI18n();
  const { user } = useMe();
  const eventId = params.eventId;
  const ev = useApiQuery(events.publicEvent, { params: { eventId } }, { staleTime: 0 });
  const [reg] = useQueries({ queries: [myRegQuery(eventId, !!user)] });
  const [paid, setPaid] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keyOf(events.myRegistration, { params: { eventId } }) });
    void queryClient.invalidateQueries({ queryKey: keyOf(events.publicEvent).slice(0, 1) });
    void queryClient.invalidateQueries({ queryKey: keyOf(events.publicEvents).slice(0, 1) });
  };
  const register = useApiMutation(events.registerForEvent, (out) => {
    if ('registration' in out) setPaid(out.payment && out.registration.status === 'registered' ? t('ev.payOnSite', { price: fmt.money(out.payment.totalCents) }) : null);
    refresh();
  });
  // A visitor arrives from the link of their confirmation email: one click registers them.
  const confirmToken = new URLSearchParams(window.location.search).get('confirm');
  const confirm = useApiMutation(events.confirmVisitorRegistration, () => refresh());
  const cancel = useApiMutation(events.cancelMyRegistration, () => { setPaid(null); refresh(); });
  if (ev.isPending) return <Loading />;
  if (ev.error) return <><p><Link href="/events">{t('ev.back')}</Link></p><ErrorNote error={ev.error} /></>;
  const e = ev.data;
  const r = reg?.data;
  return (
    <>
      <p><Link href="/events">{t('ev.back')}</Link></p>
      <PageTitle>{e.title}</PageTitle>
      <section className="card" aria-labelledby="ev-details">
        <h2 id="ev-details" className="visually-hidden">{e.title}</h2>
        <p><strong><When e={e} /></strong>{e.placeName && <> · {e.placeName}</>}</p>
        {e.description && <p>{e.description}</p>}
        <p>
          <strong>{e.price.cents === 0 ? t('ev.free') : fmt.money(e.price.cents)}</strong>
          {e.audience === 'members' && <span className="hint"> · {t('ev.membersOnly')}</span>}
        </p>
        {e.trainingName && <p className="hint">{t('ev.training', { name: e.trainingName })}</p>}
        <p className="hint">{e.placesLeft > 0 ? t('ev.placesLeft', { n: e.placesLeft, capacity: e.capacity }) : t('ev.full')}</p>
        {e.status === 'cancelled' && <p className="alert alert-error">{t('ev.eventCancelled')}</p>}
      </section>
      {e.status === 'active' && confirmToken && !user && (
        <section className="card confirm" aria-live="polite" aria-labelledby="ev-confirm">
          <h2 id="ev-confirm">{t('ev.confirmTitle')}</h2>
          <ErrorNote error={confirm.error} />
          {confirm.data ? (
            <p className="alert alert-ok" role="status">
              {confirm.data.registration.status === 'waitlisted'
                ? t('ev.confirmedWaitlist', { n: confirm.data.registration.waitlistPosition ?? '?' }) : t('ev.confirmed')}
            </p>
          ) : (
            <button type="button" className="button primary" disabled={confirm.isPending} onClick={() => confirm.mutate({ body: { token: confirmToken } })}>
              {t('ev.confirm')}
            </button>
          )}
        </section>
      )}
      {e.status === 'active' && !(confirmToken && !user) && (
        <section className="card confirm" aria-live="polite">
          <ErrorNote error={register.error ?? cancel.error ?? reg?.error} />
          {cancel.isSuccess && !active(r) && <Notice>{t('ev.cancelled')}</Notice>}
          {!user ? (
            <p><Link href={`/login?next=${encodeURIComponent(`/events/${eventId}`)}`} className="button primary">{t('ev.loginToRegister')}</Link></p>
          ) : r === undefined ? <Loading /> : active(r) ? (
            <>
              <p className="alert alert-ok" role="status">
                {r.status === 'registered' ? t('ev.youAreRegistered') : t('ev.youAreWaitlisted', { n: r.waitlistPosition ?? '?' })}
                {paid && <> {paid}</>}
              </p>
              <p className="hint">{t('ev.cancelBefore', { hours: e.cancelBeforeHours })}</p>
              <button type="button" className="button" disabled={cancel.isPending} onClick={() => cancel.mutate({ params: { eventId } })}>
                {t(r.status === 'registered' ? 'ev.cancel' : 'ev.leaveWaitlist')}
              </button>
            </>
          ) : (
            <button type="button" className="button primary" disabled={register.isPending} onClick={() => register.mutate({ params: { eventId }, body: {} })}>
              {t(e.placesLeft > 0 ? 'ev.register' : 'ev.joinWaitlist')}
            </button>
          )}
        </section>
      )}
    </>
  );
}
