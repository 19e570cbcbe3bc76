import { useMemo, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { audit, members } from '@lieu/api';
import { addDays, zonedInstant } from '@lieu/core/booking';
import { call, useApiQuery } from '../../app/api';
import { ErrorNote, Field, SelectField } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';

/**
 * The audit log: who changed what and when — prices, qualifications, refunds, roles,
 * settings — as the API wrote it in the same transaction as each change. Filter by kind of change,
 * by person and by dates (days in the space's time zone); newest first, a page at a time (cursor).
 */
const KINDS = ['member', 'qualification', 'tenant', 'catalogue', 'product', 'consignor', 'order', 'payment', 'refund'] as const;

export default function AuditPage() {
  return (
    <RequireUser staff>
      <AuditLog />
    </RequireUser>
  );
}

/** A value of a change, short and readable: strings as they are, objects as compact JSON. */
function show(v: unknown, empty: string): string {
  if (v === null || v === undefined || v === '') return empty;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function AuditLog() {
  const { t, fmt, timeZone } = usePageI18n('audit', 'backOffice', 'book');
  const [kind, setKind] = useState('');
  const [actorId, setActorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // People's names for "who" (the first 100 accounts: staff and members who changed something).
  const people = useApiQuery(members.listMembers, { query: { limit: 100 } });
  const names = useMemo(() => new Map((people.data?.items ?? []).map((p) => [p.id, p.name])), [people.data]);
  const staff = (people.data?.items ?? []).filter((p) => p.role !== 'member');

  // Days are the space's: the API filters on UTC instants, so convert each day's midnight in its zone.
  const dayStart = (d: string) => new Date(zonedInstant(d, '00:00', timeZone)).toISOString();
  const query = {
    limit: 25,
    ...(kind ? { action: `${kind}.` } : {}),
    ...(actorId ? { actorId } : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(from) ? { from: dayStart(from) } : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(to) ? { to: dayStart(addDays(to, 1)) } : {}),
  };
  const entries = useInfiniteQuery({
    queryKey: ['listAudit', 'pages', query],
    queryFn: ({ pageParam }) => call(audit.listAudit, { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageTitle>{t('au.title')}</PageTitle>
      <p className="hint">{t('au.intro')}</p>
      <section className="card" aria-labelledby="au-list">
        <h2 id="au-list" className="sr-only">{t('au.title')}</h2>
        <form className="audit-filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <SelectField label={t('au.kind')} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('au.all')}</option>
            {KINDS.map((k) => <option key={k} value={k}>{t(`au.k.${k}`)}</option>)}
          </SelectField>
          <SelectField label={t('au.who')} value={actorId} onChange={(e) => setActorId(e.target.value)}>
            <option value="">{t('au.everyone')}</option>
            {staff.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </SelectField>
          <Field label={t('au.from')} type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
          <Field label={t('au.to')} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </form>
        <ErrorNote error={entries.error} />
        {entries.isPending ? <Loading /> : items.length === 0 ? <p>{t('au.empty')}</p> : (
          <ul className="audit-list" aria-live="polite">
            {items.map((e) => (
              <li key={e.id} data-action={e.action}>
                {/* Entries do not store a person's name (closing an account must not leave it behind): it is read now. */}
                <div><strong>{e.targetType === 'member' && names.has(e.targetId) ? `${names.get(e.targetId)}: ${e.summary}` : e.summary}</strong></div>
                <div className="audit-meta">
                  <time dateTime={e.at}>{fmt.date(e.at, 'short')} {fmt.time(e.at)}</time> · {t('au.by', { name: names.get(e.actorId) ?? e.actorId })} · <code>{e.action}</code>
                </div>
                {e.changes && Object.keys(e.changes).length > 0 && (
                  <ul className="audit-changes" aria-label={t('au.changes')}>
                    {Object.entries(e.changes).map(([field, c]) => (
                      <li key={field}><code>{field}</code> : {show(c.from, t('au.none'))} → {show(c.to, t('au.none'))}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
        {entries.hasNextPage && (
          <button type="button" className="button" disabled={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>{t('au.more')}</button>
        )}
      </section>
    </>
  );
}
