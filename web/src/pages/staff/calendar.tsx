import { useMemo, useState, type CSSProperties } from 'react';
import { bookings } from '@lieu/api';
import { addDays, hoursOn, localDateOf, mondayOf, type OpeningCalendar } from '@lieu/core/booking';
import { useApiQuery } from '../../app/api';
import { usePageI18n } from '../../app/i18n';
import { ErrorNote } from '../../app/forms';
import { useTenant } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { BookingPanel, NewBooking, type CalBooking, type CalResource } from './calendarActions';
import { CalendarDrag, DropTrack, canDrag, useDragChip } from './calendarDrag';
import './calendar.css';

export default function CalendarPage() {
  return (
    <RequireUser staff>
      <Calendar />
    </RequireUser>
  );
}

type View = 'day' | 'week';
const EMPTY_CAL: OpeningCalendar = { exceptionalDays: [], closures: [] };
/** Minutes since local midnight of "…THH:MM…" (the API's local ISO times). */
const minutesOf = (localIso: string) => Number(localIso.slice(11, 13)) * 60 + Number(localIso.slice(14, 16));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * Staff: the bookings of every resource, as a day grid (a row per resource, time across, closed
 * hours shaded) or a week table (a row per resource, a column per day). A booking opens its panel
 * (check in, no-show, move, cancel with a reason); "new booking" books on a member's behalf.
 */
function Calendar() {
  const tenant = useTenant();
  const { t, fmt } = usePageI18n('calendar', 'backOffice', 'book');
  const [view, setView] = useState<View>('day');
  const [date, setDate] = useState(() => localDateOf(Date.now(), tenant.timeZone));
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ resourceId?: string; date: string } | null>(null);
  const from = view === 'day' ? date : mondayOf(date);
  const days = view === 'day' ? 1 : 7;
  const cal = useApiQuery(bookings.operatorCalendar, { query: { date: from, days } }, { staleTime: 0 });
  const resources = useApiQuery(bookings.listResources, { query: {} });
  const opening = useApiQuery(bookings.getOpeningCalendar, {});
  const calendar = opening.data ?? EMPTY_CAL;
  const byId = useMemo(() => new Map((resources.data?.items ?? []).map((r) => [r.id, r])), [resources.data]);
  const rows: CalResource[] = (cal.data?.resources ?? []).filter((r) => byId.get(r.resourceId)?.active !== false || r.bookings.length > 0)
    .map((r) => ({ ...r, resource: byId.get(r.resourceId) }));
  const all = rows.flatMap((r) => r.bookings);
  const current = selected ? all.find((b) => b.id === selected) ?? null : null;
  const step = (n: number) => setDate(addDays(date, n * days));

  return (
    <>
      <PageTitle>{t('c.title')}</PageTitle>
      <div className="cal-toolbar">
        <div className="tabs" role="group" aria-label={t('c.view')}>
          {(['day', 'week'] as const).map((v) => (
            <button key={v} type="button" className="button small" aria-pressed={view === v} onClick={() => setView(v)}>
              {t(v === 'day' ? 'c.viewDay' : 'c.viewWeek')}
            </button>
          ))}
        </div>
        <button type="button" className="button small" onClick={() => step(-1)} aria-label={t('c.prev')}>‹</button>
        <div className="field date-field">
          <label htmlFor="cal-date">{t('c.day')}</label>
          <input id="cal-date" type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </div>
        <button type="button" className="button small" onClick={() => step(1)} aria-label={t('c.next')}>›</button>
        <button type="button" className="button small" onClick={() => setDate(localDateOf(Date.now(), tenant.timeZone))}>{t('c.today')}</button>
        <button type="button" className="button primary" onClick={() => setCreating({ date })}>{t('c.new')}</button>
      </div>
      <p className="hint capitalize">
        {view === 'day' ? fmt.date(`${date}T12:00:00Z`) : t('c.weekOf', { date: fmt.date(`${from}T12:00:00Z`, 'short') })} · {t('c.closedHours')}
      </p>
      <ErrorNote error={cal.error ?? resources.error} />
      {creating && (
        <NewBooking
          initial={creating} resources={(resources.data?.items ?? []).filter((r) => r.active)} calendar={calendar}
          onClose={() => setCreating(null)} onBooked={(b) => { setCreating(null); setDate(b.localStart.slice(0, 10)); setSelected(b.id); }}
        />
      )}
      {current && <BookingPanel booking={current} resources={resources.data?.items ?? []} onClose={() => setSelected(null)} />}
      {cal.isPending || resources.isPending ? <Loading /> : view === 'day'
        ? <DayGrid date={date} rows={rows} calendar={calendar} onOpen={setSelected} onNew={(resourceId) => setCreating({ resourceId, date })} />
        : <WeekTable from={from} rows={rows} calendar={calendar} onOpen={setSelected} onDay={(d) => { setDate(d); setView('day'); }} />}
      {view === 'day' && <CancelledList rows={rows} onOpen={setSelected} />}
    </>
  );
}

/** The hours the day grid spans: the widest opening of the week, widened to fit any booking. */
function spanOf(weekly: ReturnType<typeof useTenant>['openingHours'], list: CalBooking[]) {
  const ranges = Object.values(weekly).flat().filter(Boolean) as { open: string; close: string }[];
  let start = ranges.length ? Math.min(...ranges.map((r) => minutesOf(`0000-00-00T${r.open}`))) : 8 * 60;
  let end = ranges.length ? Math.max(...ranges.map((r) => minutesOf(`0000-00-00T${r.close}`))) : 20 * 60;
  for (const b of list) { start = Math.min(start, minutesOf(b.localStart)); end = Math.max(end, b.localEnd.slice(0, 10) > b.localStart.slice(0, 10) ? 24 * 60 : minutesOf(b.localEnd)); }
  return { start: Math.floor(start / 60) * 60, end: Math.min(24 * 60, Math.ceil(end / 60) * 60) };
}

/** Greedy lanes, so that bookings sharing a desk area stack instead of hiding one another. */
function lanes(list: CalBooking[]): Array<{ b: CalBooking; lane: number }> {
  const ends: number[] = [];
  return [...list].sort((a, b) => a.start.localeCompare(b.start)).map((b) => {
    const s = Date.parse(b.start);
    let lane = ends.findIndex((e) => e <= s);
    if (lane < 0) { lane = ends.length; ends.push(0); }
    ends[lane] = Date.parse(b.end);
    return { b, lane };
  });
}

function DayGrid({ date, rows, calendar, onOpen, onNew }: {
  date: string; rows: CalResource[]; calendar: OpeningCalendar; onOpen(id: string): void; onNew(resourceId: string): void;
}) {
  const tenant = useTenant();
  const { t } = usePageI18n('calendar', 'backOffice', 'book');
  const live = (r: CalResource) => r.bookings.filter((b) => b.status !== 'cancelled' && b.localStart.slice(0, 10) <= date && b.localEnd.slice(0, 10) >= date);
  const span = spanOf(tenant.openingHours, rows.flatMap(live).filter((b) => b.localStart.slice(0, 10) === date));
  const width = span.end - span.start;
  const pct = (m: number) => `${(Math.max(0, Math.min(width, m - span.start)) / width) * 100}%`;
  const hours = Array.from({ length: width / 60 }, (_, i) => span.start + i * 60);
  if (!rows.length) return <p>{t('book.noResource')}</p>;
  return (
    <CalendarDrag date={date} span={span} rows={rows}>
      <p className="hint">{t('c.dragHint')}</p>
      <div className="table-scroll cal-scroll">
        <div className="cal-day" role="region" aria-label={t('c.title')}>
          <div className="cal-axis" aria-hidden="true">
            <span className="cal-head" />
            <div className="cal-hours">{hours.map((h) => <span key={h} style={{ left: pct(h) }}>{hhmm(h)}</span>)}</div>
          </div>
          {rows.map((r) => {
            const weekly = r.resource?.rules.hours ?? tenant.openingHours;
            const open = hoursOn(date, weekly, calendar).ranges;
            const placed = lanes(live(r));
            const laneCount = Math.max(1, ...placed.map((p) => p.lane + 1));
            return (
              <section key={r.resourceId} className="cal-row" aria-labelledby={`row-${r.resourceId}`}>
                <div className="cal-head">
                  <h2 id={`row-${r.resourceId}`}>{r.name}</h2>
                  <button type="button" className="link-button" onClick={() => onNew(r.resourceId)} aria-label={t('c.newFor', { name: r.name })}>+ {t('c.new')}</button>
                </div>
                <DropTrack resourceId={r.resourceId} className="cal-track" style={{ '--lanes': laneCount } as CSSProperties}>
                  {open.length === 0 && <span className="cal-closed-label">{t('c.closed')}</span>}
                  {open.map((o) => (
                    <span key={o.open} className="cal-open" style={{ left: pct(minutesOf(`0000-00-00T${o.open}`)), right: `calc(100% - ${pct(minutesOf(`0000-00-00T${o.close}`))})` }} />
                  ))}
                  {placed.map(({ b, lane }) => {
                    const s = b.localStart.slice(0, 10) < date ? 0 : minutesOf(b.localStart);
                    const e = b.localEnd.slice(0, 10) > date ? 24 * 60 : minutesOf(b.localEnd);
                    return (
                      <DayChip key={b.id} b={b} draggable={canDrag(b, date)} onOpen={onOpen} style={{ left: pct(s), right: `calc(100% - ${pct(e)})`, top: `calc(${lane} * var(--lane-h))` }} />
                    );
                  })}
                </DropTrack>
              </section>
            );
          })}
        </div>
      </div>
    </CalendarDrag>
  );
}

/** A booking on the day grid: opens its panel on a click, moves by drag-and-drop (mouse or keyboard). */
function DayChip({ b, draggable, onOpen, style }: { b: CalBooking; draggable: boolean; onOpen(id: string): void; style: CSSProperties }) {
  const { t, fmt } = usePageI18n('calendar', 'backOffice', 'book');
  const drag = useDragChip(b, draggable);
  const time = `${fmt.time(b.start)}–${fmt.time(b.end)}`;
  const shown = drag.landing ? `${hhmm(drag.landing.startMin)}–${hhmm(drag.landing.endMin)}` : time;
  return (
    <button type="button" ref={drag.ref} {...drag.props} className={`cal-booking cal-${b.status}${drag.dragging ? ' cal-dragging' : ''}`}
      style={{ ...style, ...drag.style }} onClick={() => { if (!drag.justDragged()) onOpen(b.id); }}
      aria-label={`${time} ${b.memberName}, ${b.resourceName}, ${t(`my.status.${b.status}`)}`}>
      <span className="cal-time">{shown}</span> <span className="cal-who">{drag.landing && drag.landing.resourceId !== b.resourceId ? drag.landing.resourceName : b.memberName}</span>
    </button>
  );
}

function BookingChip({ b, onOpen, style }: { b: CalBooking; onOpen(id: string): void; style?: CSSProperties }) {
  const { t, fmt } = usePageI18n('calendar', 'backOffice', 'book');
  const time = `${fmt.time(b.start)}–${fmt.time(b.end)}`;
  // The name read out starts with the visible text, then what the row or column shows to the eye.
  return (
    <button type="button" className={`cal-booking cal-${b.status}`} style={style} onClick={() => onOpen(b.id)}
      aria-label={`${time} ${b.memberName}, ${b.resourceName}, ${t(`my.status.${b.status}`)}`}>
      <span className="cal-time">{time}</span> <span className="cal-who">{b.memberName}</span>
    </button>
  );
}

function WeekTable({ from, rows, calendar, onOpen, onDay }: {
  from: string; rows: CalResource[]; calendar: OpeningCalendar; onOpen(id: string): void; onDay(date: string): void;
}) {
  const tenant = useTenant();
  const { t, fmt, locale } = usePageI18n('calendar', 'backOffice', 'book');
  const dates = Array.from({ length: 7 }, (_, i) => addDays(from, i));
  const dayName = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (
    <div className="table-scroll cal-scroll">
      <table className="data cal-week">
        <caption className="sr-only">{t('c.weekOf', { date: fmt.date(`${from}T12:00:00Z`, 'short') })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('c.resource')}</th>
            {dates.map((d) => (
              <th key={d} scope="col"><button type="button" className="link-button capitalize" onClick={() => onDay(d)}>{dayName.format(new Date(`${d}T12:00:00Z`))}</button></th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.resourceId}>
              <th scope="row">{r.name}</th>
              {dates.map((d) => {
                const closed = hoursOn(d, r.resource?.rules.hours ?? tenant.openingHours, calendar).ranges.length === 0;
                const list = r.bookings.filter((b) => b.status !== 'cancelled' && b.localStart.slice(0, 10) === d).sort((a, b) => a.start.localeCompare(b.start));
                return (
                  <td key={d} className={closed ? 'cal-closed' : undefined}>
                    {closed && <span className="hint">{t('c.closed')}</span>}
                    {list.map((b) => <BookingChip key={b.id} b={b} onOpen={onOpen} />)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The day's cancelled bookings, with their reason (they no longer take room on the grid). */
function CancelledList({ rows, onOpen }: { rows: CalResource[]; onOpen(id: string): void }) {
  const { t, fmt } = usePageI18n('calendar', 'backOffice', 'book');
  const list = rows.flatMap((r) => r.bookings).filter((b) => b.status === 'cancelled' && b.cancelReason !== 'hold_expired');
  if (!list.length) return null;
  return (
    <section className="card" aria-labelledby="cal-cancelled">
      <h2 id="cal-cancelled">{t('c.cancelledList')}</h2>
      <ul className="cal-list">
        {list.map((b) => (
          <li key={b.id}>
            <button type="button" className="link-button" onClick={() => onOpen(b.id)}>
              {fmt.time(b.start)}–{fmt.time(b.end)} · {b.resourceName} · {b.memberName}
            </button>{' '}
            <span className="hint">{t('c.reasonIs', { reason: b.cancelReason ?? '' })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
