import { useState } from 'react';
import { Link } from 'wouter';
import { billing, bookings, events } from '@lieu/api';
import { addDays, cancelDeadlineOf, localDateOf, type Resource, type ResourceKind } from '@lieu/core/booking';
import { keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../app/api';
import { ErrorNote, SelectField } from '../app/forms';
import { usePageI18n } from '../app/i18n';
import { runs, useTenant } from '../app/site';
import { Loading, PageTitle } from '../ui/Layout';
import { RequireUser } from '../ui/guards';
import './book.css';

export default function BookPage() {
  return (
    <RequireUser>
      <Book />
    </RequireUser>
  );
}

/** `2026-11-25T14:30:00+01:00` → `14:30` (the API gives local times with their offset). */
const hhmm = (localIso: string) => localIso.slice(11, 16);

interface Pick { resourceId: string; start: string; localStart: string }
type Slot = CallOutput<typeof bookings.kindAvailability>['resources'][number]['slots'][number];

/**
 * When the opening that holds `start` closes: the end of the run of back-to-back slots from it
 * (the grid has a slot for every open step, taken or free, and none across a closed gap).
 */
function closingAfter(slots: readonly Slot[], start: string): number {
  let i = slots.findIndex((s) => s.start === start);
  if (i < 0) return Date.parse(start);
  while (i + 1 < slots.length && Date.parse(slots[i + 1]!.start) === Date.parse(slots[i]!.end)) i++;
  return Date.parse(slots[i]!.end);
}

/**
 * Book: a kind of resource, a day, then a free slot on the grid of one resource; a duration; the
 * price (the quote route: the same pricing function the booking is charged by, for this member's
 * category, plan, quota and credits) and "pay on site"; confirm.
 */
function Book() {
  const tenant = useTenant();
  const { t, fmt } = usePageI18n('book', 'errors');
  const resources = useApiQuery(bookings.listResources, { query: {} });
  // Trainings belong to the machines module: a coworking-only space has none to ask for.
  const machines = runs(tenant, 'machines');
  const trainings = useApiQuery(bookings.listTrainings, undefined, { enabled: machines });
  const mine = useApiQuery(bookings.myQualifications, undefined, { enabled: machines });
  const active = (resources.data?.items ?? []).filter((r) => r.active);
  const kinds = [...new Set(active.map((r) => r.kind))];
  const [chosenKind, setKind] = useState<ResourceKind | null>(null);
  const kind = chosenKind ?? kinds[0] ?? null;
  const today = localDateOf(Date.now(), tenant.timeZone);
  const [date, setDate] = useState(today);
  const go = (d: string) => { setDate(d < today ? today : d); setPick(null); };
  const avail = useApiQuery(bookings.kindAvailability, { query: { kind: kind ?? 'desk', date } }, { enabled: !!kind, staleTime: 0 });
  const [pick, setPick] = useState<Pick | null>(null);

  if (resources.isPending) return <Loading />;
  if (resources.error) return <ErrorNote error={resources.error} />;
  const trainingName = (id: string) => trainings.data?.items.find((x) => x.id === id)?.name ?? '…';
  const qualified = new Set((mine.data?.items ?? []).map((q) => q.trainingId));

  return (
    <>
      <PageTitle>{t('book.title')}</PageTitle>
      {kinds.length === 0 ? <p>{t('book.noResource')}</p> : (
        <div className="book-controls">
          <div className="tabs" role="group" aria-label={t('book.kinds')}>
            {kinds.map((k) => (
              <button key={k} type="button" className="button" aria-pressed={k === kind} onClick={() => { setKind(k); setPick(null); }}>
                {t(`book.kind.${k}`)}
              </button>
            ))}
          </div>
          <div className="day-nav">
            <button type="button" className="button small" disabled={date <= today} onClick={() => go(addDays(date, -1))}>
              <span aria-hidden="true">‹ </span>{t('book.prevDay')}
            </button>
            <div className="field date-field">
              <label htmlFor="book-date">{t('book.date')}</label>
              <input id="book-date" type="date" value={date} min={today} onChange={(e) => { if (e.target.value) go(e.target.value); }} />
            </div>
            <button type="button" className="button small" onClick={() => go(addDays(date, 1))}>
              {t('book.nextDay')}<span aria-hidden="true"> ›</span>
            </button>
          </div>
        </div>
      )}
      {kinds.length > 0 && <p className="hint capitalize" aria-live="polite" data-testid="book-day">{fmt.date(`${date}T12:00:00Z`)}</p>}
      <ErrorNote error={avail.error} />
      {kind && avail.isPending && <Loading />}
      {avail.data?.resources.map((ra) => {
        const r = active.find((x) => x.id === ra.resourceId);
        if (!r) return null;
        const free = ra.slots.filter((s) => s.free);
        // Training first: an untrained member sees what to take (and the next session), not slots that would be refused.
        const missing = r.requiredTrainingIds.filter((id) => !qualified.has(id));
        const waiting = r.requiredTrainingIds.length > 0 && mine.isLoading;
        return (
          <section key={ra.resourceId} className="card resource" aria-labelledby={`r-${r.id}`}>
            <div className="resource-head">
              <div>
                <h2 id={`r-${r.id}`}>{r.name}</h2>
                <p className="hint">{[r.description, r.location].filter(Boolean).join(' · ')}</p>
              </div>
              <p className="price-tag">
                {t('book.perHour', { price: fmt.money(r.priceCentsPerHour) })}
                {r.capacity > 1 && <span className="hint"> · {t('book.seats', { n: r.capacity })}</span>}
              </p>
            </div>
            {r.requiredTrainingIds.length > 0 && (
              <ul className="trainings">
                {r.requiredTrainingIds.map((id) => (
                  <li key={id} className={qualified.has(id) ? 'ok' : 'missing'}>
                    {t(qualified.has(id) ? 'book.qualified' : 'book.notQualified', { name: trainingName(id) })}
                  </li>
                ))}
              </ul>
            )}
            {waiting ? <Loading /> : missing.length > 0 ? <TrainingFirst trainingIds={missing} name={trainingName} /> : free.length === 0 ? <p>{t('book.noSlot')}</p> : (
              <div className={r.capacity > 1 ? 'slots with-seats' : 'slots'} role="group" aria-label={t('book.slotsOf', { name: r.name })}>
                {ra.slots.map((s) => (
                  <button key={s.start} type="button" className="slot" disabled={!s.free}
                    aria-pressed={pick?.resourceId === r.id && pick.start === s.start}
                    onClick={() => setPick({ resourceId: r.id, start: s.start, localStart: s.localStart })}>
                    {/* Named by its words (resource and time, then the seats left), not an aria-label that would hide the seats. */}
                    <span className="sr-only">{t('book.slotLabel', { name: r.name, time: hhmm(s.localStart) })}</span>
                    <span aria-hidden="true">{hhmm(s.localStart)}</span>
                    {r.capacity > 1 && s.free && <small><span className="sr-only">, </span>{t('book.seatsLeft', { n: s.seatsLeft })}</small>}
                  </button>
                ))}
              </div>
            )}
            {pick?.resourceId === r.id && <Confirm key={pick.start} resource={r} pick={pick} date={date} closesAt={closingAfter(ra.slots, pick.start)} onDone={() => setPick(null)} />}
          </section>
        );
      })}
    </>
  );
}

/** The longest a weekly series runs from the page (the API takes up to 26 weeks; a quote, 20 lines). */
const MAX_WEEKS = 12;

/**
 * The chosen slot: a duration (only those that end by the closing time), once or every week for
 * a number of weeks, the price of it all (the quote, one line per week, so that a plan's quota or
 * credits count week after week as the booking will), and confirm.
 */
function Confirm({ resource, pick, date, closesAt, onDone }: { resource: Resource; pick: Pick; date: string; closesAt: number; onDone(): void }) {
  const tenant = useTenant();
  const { t, fmt } = usePageI18n('book', 'errors');
  const rules = resource.rules;
  const durations: number[] = [];
  for (let m = rules.minMinutes; m <= rules.maxMinutes && Date.parse(pick.start) + m * 60_000 <= closesAt; m += rules.slotMinutes) durations.push(m);
  const [chosen, setMinutes] = useState(durations[0] ?? rules.slotMinutes);
  const minutes = durations.includes(chosen) ? chosen : durations[0] ?? rules.slotMinutes;
  const end = new Date(Date.parse(pick.start) + minutes * 60_000).toISOString();
  // A series stays within how far ahead the resource books (the API's rule, on the start; an hour
  // spare for a change of summer time on the way).
  const room = Date.now() + rules.maxDaysAhead * 86_400_000 - Date.parse(pick.start) - 3_600_000;
  const maxWeeks = Math.min(MAX_WEEKS, Math.floor(room / (7 * 86_400_000)) + 1);
  const [weekly, setWeekly] = useState(false);
  const [chosenWeeks, setWeeks] = useState(4);
  const weeks = weekly && maxWeeks >= 2 ? Math.min(chosenWeeks, maxWeeks) : 1;
  const item = { kind: 'booking' as const, resourceKind: resource.kind, resourceId: resource.id, minutes };
  const quote = useApiQuery(billing.quote, {
    body: { items: Array.from({ length: weeks }, (_, w) => ({ ...item, date: addDays(date, 7 * w) })) },
  }, { enabled: durations.length > 0 });
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keyOf(bookings.kindAvailability).slice(0, 1) });
    void queryClient.invalidateQueries({ queryKey: keyOf(bookings.myBookings).slice(0, 1) });
    void queryClient.invalidateQueries({ queryKey: keyOf(billing.quote).slice(0, 1) });
  };
  const book = useApiMutation(bookings.createBooking, (b) => {
    setDone(t('book.done', { name: b.resourceName, when: t('book.from', { date: fmt.date(b.start), start: fmt.time(b.start), end: fmt.time(b.end) }) }));
    refresh();
  });
  const series = useApiMutation(bookings.createRecurringBooking, ({ booked }) => {
    const first = booked[0]!, last = booked[booked.length - 1]!;
    setDone(t('book.seriesDone', { n: booked.length, name: first.resourceName, start: fmt.time(first.start), end: fmt.time(first.end), first: fmt.date(first.start), last: fmt.date(last.start) }));
    refresh();
  });
  const label = (m: number) => (m % 60 === 0 ? `${m / 60} h` : m < 60 ? `${m} min` : t('book.minutes', { h: Math.floor(m / 60), m: m % 60 }));
  const pending = book.isPending || series.isPending;

  if (done) {
    return (
      <div className="confirm">
        <p className="alert alert-ok" role="status">{done} {t('book.payOnSite')}</p>
        <p className="actions">
          <Link href="/bookings" className="button primary">{t('book.seeMine')}</Link>
          <button type="button" className="button" onClick={onDone}>{t('book.title')}</button>
        </p>
      </div>
    );
  }
  if (durations.length === 0) {
    return (
      <div className="confirm">
        <p role="status">{t('book.tooLate', { time: fmt.time(new Date(closesAt)), min: label(rules.minMinutes) })}</p>
      </div>
    );
  }
  return (
    <div className="confirm" aria-labelledby={`confirm-${resource.id}`}>
      <h3 id={`confirm-${resource.id}`}>{t('book.summary')}</h3>
      <p>{t('book.from', { date: fmt.date(`${date}T12:00:00Z`), start: hhmm(pick.localStart), end: fmt.time(end) })}</p>
      <SelectField label={t('book.duration')} value={String(minutes)} onChange={(e) => setMinutes(Number(e.target.value))}>
        {durations.map((m) => <option key={m} value={m}>{label(m)}</option>)}
      </SelectField>
      <p className="hint">{t('book.closesAt', { time: fmt.time(new Date(closesAt)) })}</p>
      {maxWeeks >= 2 && (
        <fieldset className="repeat">
          <legend className="sr-only">{t('book.repeatLegend')}</legend>
          <label className="check">
            <input type="checkbox" checked={weekly} onChange={(e) => setWeekly(e.target.checked)} /> {t('book.repeatWeekly')}
          </label>
          {weekly && (
            <SelectField label={t('book.repeatWeeks')} value={String(weeks)} onChange={(e) => setWeeks(Number(e.target.value))}>
              {Array.from({ length: maxWeeks - 1 }, (_, i) => i + 2).map((n) => <option key={n} value={n}>{t('book.weeks', { n })}</option>)}
            </SelectField>
          )}
          {weekly && <p className="hint">{t('book.seriesUntil', { n: weeks, last: fmt.date(`${addDays(date, 7 * (weeks - 1))}T12:00:00Z`) })}</p>}
        </fieldset>
      )}
      <p className="total">
        <span>{weeks > 1 ? t('book.seriesPrice', { n: weeks }) : t('book.price')}</span> <strong data-testid="book-price">{quote.data ? fmt.money(quote.data.totalCents) : '…'}</strong>{' '}
        {quote.data && <span className="hint">{quote.data.vatMention ?? t('book.vat', { vat: fmt.money(quote.data.vatCents) })}</span>}
      </p>
      <p className="hint">{t('book.payOnSite')}</p>
      <CancelDeadline start={pick.start} hours={rules.cancelBeforeHours} />
      <ErrorNote error={quote.error ?? book.error ?? series.error} />
      <button type="button" className="button primary" disabled={pending}
        onClick={() => (weeks > 1
          ? series.mutate({ body: { resourceId: resource.id, start: pick.start, end, weeks, mode: 'all_or_nothing' } })
          : book.mutate({ body: { resourceId: resource.id, start: pick.start, end } }))}>
        {weeks > 1 ? t('book.confirmSeries', { n: weeks }) : t('book.confirm')}
      </button>
    </div>
  );
}

/** Until when the member could cancel this slot online, said before they confirm (core's rule, the one the API applies). */
function CancelDeadline({ start, hours }: { start: string; hours: number }) {
  const { t, fmt } = usePageI18n('book');
  const deadline = cancelDeadlineOf({ start }, hours);
  return (
    <p className="hint" data-testid="cancel-deadline">
      {Date.parse(deadline) < Date.now() ? t('book.noOnlineCancel', { hours }) : t('book.cancelUntil', { date: fmt.date(deadline), time: fmt.time(deadline) })}
    </p>
  );
}

/** The trainings a machine wants before its slots, each with its next session to register for (when the space runs events). */
function TrainingFirst({ trainingIds, name }: { trainingIds: string[]; name: (id: string) => string }) {
  const { t } = usePageI18n('book');
  return (
    <div className="training-first" role="note">
      <p>{t('book.trainingFirst')}</p>
      <ul>
        {trainingIds.map((id) => <li key={id}><strong>{t('book.trainingRequired', { name: name(id) })}</strong> <NextSession trainingId={id} /></li>)}
      </ul>
    </div>
  );
}

function NextSession({ trainingId }: { trainingId: string }) {
  const tenant = useTenant();
  const { t, fmt } = usePageI18n('book');
  const withEvents = runs(tenant, 'events');
  const sessions = useApiQuery(events.publicEvents, { query: { trainingId, limit: 20 } }, { enabled: withEvents });
  if (!withEvents || sessions.error) return <span>{t('book.noSession')}</span>;
  if (sessions.isPending) return null;
  const next = sessions.data.items.find((e) => e.status === 'active' && Date.parse(e.start) > Date.now());
  if (!next) return <span>{t('book.noSession')}</span>;
  return (
    <>
      <span>{t('book.nextSession', { when: t('book.from', { date: fmt.date(next.start), start: fmt.time(next.start), end: fmt.time(next.end) }) })}</span>{' '}
      <Link href={`/events/${next.id}`} className="button small primary">{t('book.registerSession', { date: fmt.date(next.start, 'short') })}</Link>
    </>
  );
}
