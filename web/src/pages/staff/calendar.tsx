import { useState } from 'react';
import { bookings } from '@lieu/api';
import { localDateOf } from '@lieu/core/booking';
import { useApiQuery } from '../../app/api';
import { ErrorNote } from '../../app/forms';
import { useI18n } from '../../app/i18n';
import { useTenant } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';

export default function CalendarPage() {
  return (
    <RequireUser staff>
      <Calendar />
    </RequireUser>
  );
}

/** Staff: one day, every resource, its bookings in time order (who, when, status). */
function Calendar() {
  const tenant = useTenant();
  const { t, fmt } = useI18n();
  const [date, setDate] = useState(() => localDateOf(Date.now(), tenant.timeZone));
  const cal = useApiQuery(bookings.operatorCalendar, { query: { date, days: 1 } }, { staleTime: 0 });
  return (
    <>
      <PageTitle>{t('cal.title')}</PageTitle>
      <div className="field date-field">
        <label htmlFor="cal-date">{t('book.date')}</label>
        <input id="cal-date" type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
      </div>
      <p className="hint">{fmt.date(`${date}T12:00:00Z`)}</p>
      <ErrorNote error={cal.error} />
      {cal.isPending ? <Loading /> : (
        <div className="grid-2">
          {cal.data?.resources.map((r) => {
            const list = r.bookings.filter((b) => b.status !== 'cancelled').sort((a, b) => a.start.localeCompare(b.start));
            return (
              <section key={r.resourceId} className="card" aria-labelledby={`cal-${r.resourceId}`}>
                <h2 id={`cal-${r.resourceId}`}>{r.name} <span className="hint">· {t(`book.kind.${r.kind}`)}</span></h2>
                {list.length === 0 ? <p className="hint">{t('cal.free')}</p> : (
                  <ul className="cal-list">
                    {list.map((b) => (
                      <li key={b.id}>
                        <span className="cal-time">{fmt.time(b.start)}–{fmt.time(b.end)}</span> {b.memberName}{' '}
                        <span className="status status-active">{t(`my.status.${b.status}`)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
