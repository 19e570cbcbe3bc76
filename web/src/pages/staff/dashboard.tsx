import { useMemo, type ReactNode } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { billing, reports } from '@lieu/api';
import { REVENUE_CATEGORIES } from '@lieu/core';
import { Link } from 'wouter';
import { keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../../app/api';
import { ErrorNote } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { BOOKABLE, useRuns, useTenant } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { Chart } from './Chart';

type Dashboard = CallOutput<typeof reports.dashboard>;
type Revenue = CallOutput<typeof billing.revenueReport>;
const WEEKS = 12;
const INTL: Record<string, string> = { fr: 'fr-FR', en: 'en-GB' };

/**
 * The back office's first page: occupancy (this week per resource, 12 weeks per kind), revenue per
 * month by category, active members and subscriptions over time (charts drawn by Chart.js, in the
 * space's colours, labels and numbers in the reader's language), then today's bookings and events,
 * what is left to take at the desk, and low stock. Figures from `GET /api/v1/reports/dashboard` and
 * `GET /api/v1/billing/reports/revenue`.
 */
export default function DashboardPage() {
  return (
    <RequireUser staff>
      <DashboardBody />
    </RequireUser>
  );
}

function useDashboardI18n() { return usePageI18n('dashboard', 'backOffice', 'book'); }

function DashboardBody() {
  const { t, fmt, timeZone } = useDashboardI18n();
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(new Date()));
  const dash = useApiQuery(reports.dashboard, { query: { weeks: WEEKS } });
  const revenue = useApiQuery(billing.revenueReport, { query: { year } });
  const runs = useRuns();
  if (dash.isPending) return <><PageTitle>{t('db.title')}</PageTitle><Loading /></>;
  if (dash.error) return <><PageTitle>{t('db.title')}</PageTitle><ErrorNote error={dash.error} /></>;
  const d = dash.data;
  const bookable = runs(BOOKABLE);
  return (
    <>
      <PageTitle>{t('db.title')}</PageTitle>
      <p className="hint">{t('db.intro', { week: fmt.date(`${d.weeks[d.weeks.length - 1]}T12:00:00Z`, 'short'), zone: d.timeZone })}</p>
      {d.alerts.length > 0 && <PaymentAlerts alerts={d.alerts} />}
      <div className="db-grid">
        {bookable && <OccupancyThisWeek d={d} />}
        {bookable && <OccupancyByKind d={d} />}
        <section className="card db-chart" aria-labelledby="db-revenue">
          <h2 id="db-revenue">{t('db.revenue', { year })}</h2>
          {revenue.isPending ? <Loading /> : revenue.error ? <ErrorNote error={revenue.error} /> : <RevenueChart r={revenue.data} />}
        </section>
        <People d={d} />
      </div>
      <div className="db-grid">
        {(bookable || runs('events')) && <Today d={d} />}
        <UnpaidAndStock d={d} />
      </div>
    </>
  );
}

// ---- colours and formats --------------------------------------------------------------------------

/** Mixes a #rrggbb colour with white (amount > 0) or black (amount < 0). */
function shade(hex: string, amount: number): string {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const target = amount > 0 ? 255 : 0;
  const a = Math.abs(amount);
  return `#${c.map((v) => Math.round(v + (target - v) * a).toString(16).padStart(2, '0')).join('')}`;
}

/** Series colours from the space's brand: its two colours, then lighter and darker shades of them. */
function useBrandPalette(): string[] {
  const { branding } = useTenant();
  return useMemo(() => {
    const p = branding.primaryColor, a = branding.accentColor;
    return [p, a, shade(p, 0.45), shade(a, 0.45), shade(p, -0.4), shade(a, -0.4)];
  }, [branding.primaryColor, branding.accentColor]);
}

function useFormats() {
  const { locale, fmt } = useDashboardI18n();
  const tag = INTL[locale] ?? 'fr-FR';
  return useMemo(() => {
    const pct = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 });
    const week = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const month = new Intl.DateTimeFormat(tag, { month: 'short', timeZone: 'UTC' });
    const monthLong = new Intl.DateTimeFormat(tag, { month: 'long', timeZone: 'UTC' });
    return {
      tag,
      pct: (bp: number) => pct.format(bp / 10_000),
      week: (monday: string) => week.format(new Date(`${monday}T00:00:00Z`)),
      month: (ym: string) => month.format(new Date(`${ym}-01T00:00:00Z`)),
      monthLong: (ym: string) => monthLong.format(new Date(`${ym}-01T00:00:00Z`)),
      money: fmt.money,
    };
  }, [tag, fmt.money]);
}

/** A chart's numbers as a table, folded under it: the text alternative of the canvas. */
function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number)[][] }) {
  const { t } = useDashboardI18n();
  return (
    <details className="db-data">
      <summary>{t('db.table')}</summary>
      {/* Focusable, so that a keyboard can scroll a wide table sideways (axe: scrollable-region-focusable). */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table className="data">
          <caption className="sr-only">{caption}</caption>
          <thead><tr>{head.map((h, i) => <th key={i} scope="col" className={i ? 'num' : undefined}>{h}</th>)}</tr></thead>
          <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => (j ? <td key={j} className="num">{c}</td> : <th key={j} scope="row">{c}</th>))}</tr>)}</tbody>
        </table>
      </div>
    </details>
  );
}

function ChartCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card db-chart" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

// ---- the charts -----------------------------------------------------------------------------------

function OccupancyThisWeek({ d }: { d: Dashboard }) {
  const { t } = useDashboardI18n();
  const f = useFormats();
  const palette = useBrandPalette();
  const rs = d.occupancy.resources;
  const config = useMemo<ChartConfiguration<'bar'>>(() => ({
    type: 'bar',
    data: { labels: rs.map((r) => r.name), datasets: [{ label: t('db.occThisWeek'), data: rs.map((r) => r.thisWeekBp / 100), backgroundColor: palette[0] }] },
    options: {
      locale: f.tag, indexAxis: 'y',
      // Scaled to the busiest resource (a quiet week would be invisible against 100 %), never beyond 100 %.
      scales: { x: { min: 0, suggestedMax: 10, max: Math.min(100, Math.ceil(Math.max(10, ...rs.map((r) => r.thisWeekBp / 100)) / 10) * 10), ticks: { callback: (v) => f.pct(Number(v) * 100) } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => f.pct(Number(c.raw) * 100) } } },
    },
  }), [rs, palette, f, t]);
  return (
    <ChartCard id="db-occ-week" title={t('db.occThisWeek')}>
      <Chart config={config} label={t('db.occThisWeekLabel')} height={Math.max(160, 40 * rs.length + 40)} />
      <DataTable caption={t('db.occThisWeek')} head={[t('db.resource'), t('db.occThisWeek')]} rows={rs.map((r) => [r.name, f.pct(r.thisWeekBp)])} />
    </ChartCard>
  );
}

function OccupancyByKind({ d }: { d: Dashboard }) {
  const { t } = useDashboardI18n();
  const f = useFormats();
  const palette = useBrandPalette();
  const ks = d.occupancy.kinds;
  const kindName = (k: string) => t(`book.kind.${k}` as never);
  const config = useMemo<ChartConfiguration<'line'>>(() => ({
    type: 'line',
    data: {
      labels: d.weeks.map(f.week),
      datasets: ks.map((k, i) => ({ label: kindName(k.kind), data: k.weeklyBp.map((bp) => bp / 100), borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], cubicInterpolationMode: 'monotone' as const })),
    },
    options: {
      locale: f.tag,
      scales: { y: { min: 0, ticks: { callback: (v) => f.pct(Number(v) * 100) } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${f.pct(Number(c.raw) * 100)}` } } },
    },
  }), [d.weeks, ks, palette, f]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <ChartCard id="db-occ-kinds" title={t('db.occWeeks', { n: d.weeks.length })}>
      <Chart config={config} label={t('db.occWeeksLabel', { n: d.weeks.length })} />
      <DataTable caption={t('db.occWeeks', { n: d.weeks.length })} head={[t('db.week'), ...ks.map((k) => kindName(k.kind))]}
        rows={d.weeks.map((w, i) => [f.week(w), ...ks.map((k) => f.pct(k.weeklyBp[i] ?? 0))])} />
    </ChartCard>
  );
}

function RevenueChart({ r }: { r: Revenue }) {
  const { t } = useDashboardI18n();
  const f = useFormats();
  const palette = useBrandPalette();
  // Months up to the last one with any figure (the year so far).
  const last = r.months.reduce((m, x, i) => (x.totalCents ? i : m), -1);
  const months = r.months.slice(0, Math.max(last + 1, 1));
  const cats = REVENUE_CATEGORIES.filter((c) => months.some((m) => (m.byCategory[c] ?? 0) !== 0));
  const catName = (c: string) => t(`db.cat.${c}` as never);
  const config = useMemo<ChartConfiguration<'bar'>>(() => ({
    type: 'bar',
    data: {
      labels: months.map((m) => f.month(m.month)),
      datasets: cats.map((c, i) => ({ label: catName(c), data: months.map((m) => (m.byCategory[c] ?? 0) / 100), backgroundColor: palette[i % palette.length] })),
    },
    options: {
      locale: f.tag,
      scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (v) => f.money(Math.round(Number(v) * 100)) } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${f.money(Math.round(Number(c.raw) * 100))}` } } },
    },
  }), [months, cats, palette, f]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <Chart config={config} label={t('db.revenueLabel', { year: r.year })} />
      <DataTable caption={t('db.revenue', { year: r.year })} head={[t('db.month'), ...cats.map(catName), t('db.total')]}
        rows={months.map((m) => [f.monthLong(m.month), ...cats.map((c) => f.money(m.byCategory[c] ?? 0)), f.money(m.totalCents)])} />
    </>
  );
}

function People({ d }: { d: Dashboard }) {
  const { t } = useDashboardI18n();
  const f = useFormats();
  const palette = useBrandPalette();
  const config = useMemo<ChartConfiguration<'line'>>(() => ({
    type: 'line',
    data: {
      labels: d.weeks.map(f.week),
      datasets: [
        { label: t('db.members'), data: d.members.weekly, borderColor: palette[0], backgroundColor: palette[0], cubicInterpolationMode: 'monotone' as const },
        { label: t('db.subscriptions'), data: d.subscriptions.weekly, borderColor: palette[1], backgroundColor: palette[1], cubicInterpolationMode: 'monotone' as const },
      ],
    },
    options: { locale: f.tag, scales: { y: { min: 0, ticks: { precision: 0 } } } },
  }), [d, palette, f, t]);
  return (
    <ChartCard id="db-people" title={t('db.people')}>
      <Chart config={config} label={t('db.peopleLabel')} />
      <DataTable caption={t('db.people')} head={[t('db.week'), t('db.members'), t('db.subscriptions')]}
        rows={d.weeks.map((w, i) => [f.week(w), d.members.weekly[i] ?? 0, d.subscriptions.weekly[i] ?? 0])} />
    </ChartCard>
  );
}

// ---- money moved on Stripe ------------------------------------------------------------------------

/**
 * Open Stripe alerts (a refund made on Stripe that matches no payment here, a chargeback), above the
 * figures because each asks staff to act; marking one handled takes it off and reloads the dashboard.
 */
function PaymentAlerts({ alerts }: { alerts: Dashboard['alerts'] }) {
  const { t, fmt } = useDashboardI18n();
  const resolve = useApiMutation(reports.resolveAlert, () => void queryClient.invalidateQueries({ queryKey: keyOf(reports.dashboard).slice(0, 1) }));
  return (
    <section className="card" aria-labelledby="db-alerts">
      <h2 id="db-alerts">{t('db.alerts')}</h2>
      <p className="hint">{t('db.alertsHint')}</p>
      <ErrorNote error={resolve.error} />
      <ul className="db-list">
        {alerts.map((a) => {
          const what = t(`db.alert.${a.kind}`);
          const amount = fmt.money(a.amountCents);
          const date = fmt.date(a.createdAt, 'short');
          return (
            <li key={a.id} data-alert={a.kind}>
              <strong>{what}</strong> · <strong>{amount}</strong>
              {a.memberName && <> · {a.memberId ? <Link href={`/staff/members/${a.memberId}`}>{a.memberName}</Link> : a.memberName}</>}
              {a.label && <> · {a.label}</>}
              {' '}<span className="hint">{date}</span>{' '}
              <button type="button" className="button small" disabled={resolve.isPending}
                aria-label={t('db.alertResolveName', { what, amount, date })}
                onClick={() => resolve.mutate({ params: { alertId: a.id }, body: {} })}>{t('db.alertResolve')}</button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

// ---- today, the desk, the shelf -------------------------------------------------------------------

/** Today's bookings and events, each as the space runs them. */
function Today({ d }: { d: Dashboard }) {
  const { t, fmt } = useDashboardI18n();
  const runs = useRuns();
  return (
    <section className="card" aria-labelledby="db-today">
      <h2 id="db-today">{t('db.today')}</h2>
      {runs(BOOKABLE) && <><h3>{t('db.todayBookings')}</h3>
      {d.todayBookings.length === 0 ? <p>{t('db.noBookings')}</p> : (
        <ul className="db-list">
          {d.todayBookings.map((b) => (
            <li key={b.id}><strong>{fmt.time(b.start)}–{fmt.time(b.end)}</strong> {b.resourceName} · {b.memberName} <span className="status">{t(`db.status.${b.status}` as never)}</span></li>
          ))}
        </ul>
      )}</>}
      {runs('events') && d.todayEvents && <><h3>{t('db.todayEvents')}</h3>
      {d.todayEvents.length === 0 ? <p>{t('db.noEvents')}</p> : (
        <ul className="db-list">
          {d.todayEvents.map((e) => (
            <li key={e.id}><strong>{fmt.time(e.start)}–{fmt.time(e.end)}</strong> {e.title} · {t('db.places', { registered: e.registered, capacity: e.capacity })}</li>
          ))}
        </ul>
      )}</>}
    </section>
  );
}

function UnpaidAndStock({ d }: { d: Dashboard }) {
  const { t, fmt } = useDashboardI18n();
  const runs = useRuns();
  return (
    <section className="card" aria-labelledby="db-desk">
      <h2 id="db-desk">{t('db.unpaid')}</h2>
      {d.unpaid.count === 0 ? <p>{t('db.noUnpaid')}</p> : (
        <>
          <p><strong>{t('db.unpaidSummary', { count: d.unpaid.count, total: fmt.money(d.unpaid.totalCents) })}</strong></p>
          <ul className="db-list">
            {d.unpaid.items.map((p) => (
              <li key={p.id}>{p.memberName} · {p.label} · <strong>{fmt.money(p.totalCents)}</strong> <span className="hint">{fmt.date(p.createdAt, 'short')}</span></li>
            ))}
          </ul>
        </>
      )}
      {runs('shop') && d.lowStock && <>
        <h2>{t('db.lowStock', { n: d.lowStock.threshold })}</h2>
        {d.lowStock.items.length === 0 ? <p>{t('db.noLowStock')}</p> : (
          <ul className="db-list">
            {d.lowStock.items.map((p) => <li key={p.id}>{p.title} · <strong>{t('db.units', { n: p.stock })}</strong></li>)}
          </ul>
        )}
      </>}
    </section>
  );
}
