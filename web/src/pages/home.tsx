import { lazy, Suspense } from 'react';
import { Link } from 'wouter';
import { useApiQuery } from '../app/api';
import { shellRoutes } from '../app/shellRoutes';
import type { OpeningHours, PublicTenant, WEEKDAYS as CORE_WEEKDAYS } from '@lieu/core';
import { useI18n } from '../app/i18n';
import { BOOKABLE, isStaff, runs, useMe, useTenant } from '../app/site';
import { Logo } from '../ui/Logo';

// Staff only: its words (the back office's catalogue) and code stay out of a member's first load.
const OnboardingSummary = lazy(() => import('./onboardingSummary').then((m) => ({ default: m.OnboardingSummary })));
// Prospects only: the offer (prices, events, shop) is its own chunk, out of a member's first load.
const PublicOffer = lazy(() => import('./publicOffer'));

// core's WEEKDAYS (the type says they are the same), without core's schemas in the first load.
const WEEKDAYS: typeof CORE_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The weekday (`mon`…) and the time (`HH:MM`) now, in the space's time zone. */
export function localNow(timeZone: string, now = new Date()): { day: (typeof WEEKDAYS)[number]; hhmm: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number];
  return { day, hhmm: `${get('hour')}:${get('minute')}` };
}

export function isOpen(hours: OpeningHours, timeZone: string, now = new Date()): boolean {
  const { day, hhmm } = localNow(timeZone, now);
  return (hours[day] ?? []).some((r) => r.open <= hhmm && hhmm < r.close);
}

export function Home() {
  const tenant = useTenant();
  const { t, locale } = useI18n();
  const { user, loading } = useMe();
  const open = isOpen(tenant.openingHours, tenant.timeZone);
  // What joining brings, in the space's modules only ("book a desk or a room and sign up for events").
  const offers = (['coworking', 'machines', 'events', 'shop'] as const).filter((m) => runs(tenant, m)).map((m) => t(`home.joinWhat.${m}`));
  const what = offers.length ? new Intl.ListFormat(locale, { type: 'conjunction' }).format(offers) : t('home.joinWhat.none');
  return (
    <>
      <section className="hero">
        <Logo name={tenant.name} url={tenant.branding.logoUrl ?? null} size={72} />
        <div>
          <h1>{user ? t('home.welcome', { name: user.name.split(' ')[0] ?? user.name }) : tenant.name}</h1>
          {tenant.branding.tagline && <p className="tagline">{tenant.branding.tagline}</p>}
          <p className={open ? 'badge badge-open' : 'badge'}>{t(open ? 'home.openNow' : 'home.closedNow')}</p>
        </div>
      </section>

      {/* Not while "who am I" is on its way: a signed-in person would see the invitation to join flash. */}
      {!user && !loading && (
        <section className="card cta">
          <h2>{t('home.join', { name: tenant.name })}</h2>
          <p>{t('home.joinBody', { what })}</p>
          <p className="actions">
            <Link href="/signup" className="button primary">{t('nav.signup')}</Link>
            <Link href="/login" className="button">{t('nav.login')}</Link>
          </p>
        </section>
      )}
      {!user && !loading && <Suspense fallback={null}><PublicOffer tenant={tenant} /></Suspense>}
      {user && isStaff(user) && <Suspense fallback={null}><OnboardingSummary /></Suspense>}
      {user && runs(tenant, BOOKABLE) && <NextBookings />}

      <div className="grid-2">
        <HoursCard tenant={tenant} />
        {tenant.address && (
          <section className="card">
            <h2>{t('home.address')}</h2>
            <address>
              {tenant.address.line1}<br />
              {tenant.address.line2 && <>{tenant.address.line2}<br /></>}
              {tenant.address.postalCode} {tenant.address.city}
            </address>
          </section>
        )}
      </div>
    </>
  );
}

export function HoursCard({ tenant }: { tenant: PublicTenant }) {
  const { t, fmt } = useI18n();
  const today = localNow(tenant.timeZone).day;
  return (
    <section className="card">
      <h2>{t('home.hours')}</h2>
      <table className="hours">
        <caption className="hint">{t('home.hoursIn', { zone: tenant.timeZone })}</caption>
        <tbody>
          {WEEKDAYS.map((d, i) => {
            const ranges = tenant.openingHours[d] ?? [];
            return (
              <tr key={d} className={d === today ? 'today' : undefined}>
                <th scope="row">
                  <span className="capitalize">{fmt.weekday(i)}</span>
                  {d === today && <span className="today-mark"> ({t('home.today')})</span>}
                </th>
                <td>{ranges.length ? ranges.map((r) => `${r.open} – ${r.close}`).join(', ') : t('home.closed')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** A signed-in person's next three bookings, with the way to book more. */
function NextBookings() {
  const { t, fmt } = useI18n();
  const next = useApiQuery(shellRoutes.myBookings, { query: { when: 'upcoming', limit: 3 } }, { staleTime: 0 });
  const items = (next.data?.items ?? []).filter((b) => b.status !== 'cancelled');
  return (
    <section className="card" aria-labelledby="next-title">
      <h2 id="next-title">{t('home.next')}</h2>
      {next.isPending ? <p className="loading">{t('app.loading')}</p> : items.length === 0 ? <p>{t('my.none')}</p> : (
        <ul className="cal-list">
          {items.map((b) => (
            <li key={b.id}><strong>{b.resourceName}</strong> — {t('book.from', { date: fmt.date(b.start), start: fmt.time(b.start), end: fmt.time(b.end) })}</li>
          ))}
        </ul>
      )}
      <p className="actions">
        <Link href="/book" className="button primary">{t('nav.book')}</Link>
        <Link href="/bookings" className="button">{t('nav.myBookings')}</Link>
      </p>
    </section>
  );
}
