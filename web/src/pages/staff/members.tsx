import { useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useRoute } from 'wouter';
import { auth, billing, bookings, members } from '@lieu/api';
import { csvWriter, MEMBER_CATEGORIES } from '@lieu/core';
import { call, keyOf, queryClient, useApiMutation, useApiQuery, type CallInput, type CallOutput } from '../../app/api';
import { ErrorNote, Field, Notice, SelectField, useFormState, validate } from '../../app/forms';
import { useMe, useRuns, useTenant } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { rememberInvitation } from '../onboardingSummary';
import { usePageI18n } from '../../app/i18n';
import { MemberPage } from './memberPage';

export default function MembersPage() {
  // One registry entry serves the list and a member's page (`/staff/members/:memberId`).
  const [isMember, params] = useRoute('/staff/members/:memberId');
  return (
    <RequireUser staff>
      {isMember ? <MemberPage key={params.memberId} memberId={params.memberId} /> : <MembersBody />}
    </RequireUser>
  );
}

const LIST_KEY = keyOf(members.listMembers, 'all');
type Filter = { q: string; status: string; category: string; planId: string; trainingId: string };
type Row = CallOutput<typeof members.listMembers>['items'][number];
const NO_FILTER: Filter = { q: '', status: '', category: '', planId: '', trainingId: '' };
/** The filters that are set, as the route's query (the selects only offer the values its schema accepts). */
type ListQuery = NonNullable<CallInput<typeof members.listMembers>['query']>;
const queryOf = (f: Filter) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')) as ListQuery;

/**
 * One screenful of matching people: a filtered page of the API may be short (it reads `limit` people
 * and keeps the matches), so ask for more pages until there are enough rows or no more people.
 */
async function matching(filter: Filter, cursor: string | null, want: number): Promise<{ items: Row[]; nextCursor: string | null }> {
  const items: Row[] = [];
  let next = cursor;
  do {
    const page = await call(members.listMembers, { query: { ...queryOf(filter), limit: 50, ...(next ? { cursor: next } : {}) } });
    items.push(...page.items);
    next = page.nextCursor;
  } while (next && items.length < want);
  return { items, nextCursor: next };
}

/** A spreadsheet must not run a name as a formula (=, +, -, @ first). */
const safeCell = (v: string) => (/^[=+\-@]/.test(v) ? `'${v}` : v);

function MembersBody() {
  const { t, fmt, locale } = usePageI18n('staff', 'backOffice', 'book');
  const { user: me } = useMe();
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const catalogue = useApiQuery(billing.getCatalogue);
  // Trainings and qualifications belong to the machines module.
  const machines = useRuns()('machines');
  const trainings = useApiQuery(bookings.listTrainings, undefined, { enabled: machines });
  const people = useInfiniteQuery({
    queryKey: [...LIST_KEY, filter],
    queryFn: ({ pageParam }) => matching(filter, pageParam || null, 25),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0, // people join through invitations elsewhere: always ask again when the page opens
  });
  const update = useApiMutation(members.updateMember, () => void queryClient.invalidateQueries({ queryKey: LIST_KEY }));
  const items = people.data?.pages.flatMap((p) => p.items) ?? [];
  const [training, setTraining] = useState<{ id: string; name: string } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const bind = (name: keyof Filter) => ({ value: draft[name], onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })) });

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      const rows: Row[] = [];
      let cursor: string | null = null;
      do {
        const page = await matching(filter, cursor, 500);
        rows.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      // French readers get French conventions (";" and a BOM for Excel), others the international ones.
      const csv = csvWriter(locale === 'fr' ? 'fr' : 'intl');
      const text = csv.write([
        [t('form.name'), t('form.email'), t('members.role'), t('members.status'), t('bo.category'), t('bo.plan'), t('members.joined')],
        ...rows.map((r) => [safeCell(r.name), safeCell(r.email ?? ''), t(`role.${r.role}`), t(`members.status.${r.status}`), t(`cat.${r.category}`), safeCell(r.plan?.name ?? ''), csv.date(r.createdAt)]),
      ]);
      const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: `members-${new Date().toISOString().slice(0, 10)}.csv` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  }

  return (
    <>
      <PageTitle>{t('members.title')}</PageTitle>
      <Invite />
      <section className="card" aria-labelledby="people-title">
        <h2 id="people-title">{t('members.title')}</h2>
        <form className="inline-form member-filters" aria-label={t('bo.filters')} onSubmit={(e: FormEvent) => { e.preventDefault(); setFilter(draft); }}>
          <Field label={t('bo.search')} type="search" {...bind('q')} />
          <SelectField label={t('members.status')} {...bind('status')}>
            <option value="">{t('bo.any')}</option>
            {(['active', 'suspended', 'erased'] as const).map((s) => <option key={s} value={s}>{t(`members.status.${s}`)}</option>)}
          </SelectField>
          <SelectField label={t('bo.category')} {...bind('category')}>
            <option value="">{t('bo.any')}</option>
            {MEMBER_CATEGORIES.map((c) => <option key={c} value={c}>{t(`cat.${c}`)}</option>)}
          </SelectField>
          <SelectField label={t('bo.plan')} {...bind('planId')}>
            <option value="">{t('bo.any')}</option>
            {catalogue.data?.plans.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </SelectField>
          {machines && (
            <SelectField label={t('bo.qualification')} {...bind('trainingId')}>
              <option value="">{t('bo.any')}</option>
              {trainings.data?.items.map((tr) => <option key={tr.id} value={tr.id}>{tr.name}</option>)}
            </SelectField>
          )}
          <button className="button primary">{t('bo.apply')}</button>
          <button type="button" className="button" onClick={() => { setDraft(NO_FILTER); setFilter(NO_FILTER); }}>{t('bo.reset')}</button>
          <button type="button" className="button" disabled={exporting} onClick={() => void exportCsv()}>{exporting ? t('bo.exporting') : t('bo.exportCsv')}</button>
        </form>
        <ErrorNote error={people.error ?? update.error ?? exportError} />
        {people.isPending ? <Loading /> : items.length === 0 ? <p>{t('bo.noMatch')}</p> : (
          <>
            <p className="bo-note" role="status">{t('bo.count', { n: items.length })}</p>
            <div className="table-scroll">
              <table className="data">
                <thead>
                  <tr><th scope="col">{t('form.name')}</th><th scope="col">{t('form.email')}</th><th scope="col">{t('members.role')}</th><th scope="col">{t('bo.category')}</th><th scope="col">{t('bo.plan')}</th><th scope="col">{t('members.status')}</th><th scope="col">{t('members.joined')}</th><th scope="col">{t('list.actions')}</th></tr>
                </thead>
                <tbody>
                  {items.map((p) => (
                    <tr key={p.id}>
                      <td><Link href={`/staff/members/${p.id}`} aria-label={t('bo.open', { name: p.name })}>{p.name}</Link></td>
                      <td>{p.email ?? '—'}</td>
                      <td>{t(`role.${p.role}`)}</td>
                      <td>{t(`cat.${p.category}`)}</td>
                      <td>{p.plan?.name ?? '—'}</td>
                      <td><span className={`status status-${p.status}`}>{t(`members.status.${p.status}`)}</span></td>
                      <td>{fmt.date(p.createdAt, 'short')}</td>
                      <td className="row-actions">
                        {machines && p.status === 'active' && (
                          <button type="button" className="button small" aria-expanded={training?.id === p.id}
                            aria-label={t('members.trainingsOf', { name: p.name })}
                            onClick={() => setTraining(training?.id === p.id ? null : { id: p.id, name: p.name })}>
                            {t('members.trainings')}
                          </button>
                        )}
                        {p.id !== me?.id && p.role === 'member' && p.status !== 'erased' && (
                          <button type="button" className="button small"
                            aria-label={t(p.status === 'active' ? 'members.suspendName' : 'members.reactivateName', { name: p.name })}
                            onClick={() => update.mutate({ params: { memberId: p.id }, body: { status: p.status === 'active' ? 'suspended' : 'active' } })}>
                            {t(p.status === 'active' ? 'members.suspend' : 'members.reactivate')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {people.hasNextPage && <button type="button" className="button" onClick={() => void people.fetchNextPage()}>{t('list.more')}</button>}
      </section>
      {training && <Qualifications key={training.id} memberId={training.id} name={training.name} />}
    </>
  );
}

function Invite() {
  const { t } = usePageI18n('backOffice', 'book');
  const tenant = useTenant();
  const { user: me } = useMe();
  const form = useFormState({ email: '', name: '', role: 'member' });
  const invite = useApiMutation(auth.invite, () => {
    rememberInvitation(tenant.id);
    form.setValues({ email: '', name: '', role: 'member' });
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const v = validate(auth.invite.body, { email: form.values.email, role: form.values.role, ...(form.values.name ? { name: form.values.name } : {}) }, t, { email: 'field.email' });
    form.setErrors(v.ok ? {} : v.errors);
    if (v.ok) invite.mutate({ body: v.data });
  }
  return (
    <section className="card" id="invite" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('members.invite')}</h2>
      <form onSubmit={submit} noValidate className="inline-form">
        <Field label={t('form.email')} type="email" autoComplete="off" required {...form.bind('email')} />
        <Field label={`${t('form.name')} (${t('app.optional')})`} autoComplete="off" {...form.bind('name')} />
        {me?.role === 'owner' && (
          <SelectField label={t('members.role')} {...form.bind('role')}>
            <option value="member">{t('role.member')}</option>
            <option value="operator">{t('role.operator')}</option>
            <option value="owner">{t('role.owner')}</option>
          </SelectField>
        )}
        <button className="button primary" disabled={invite.isPending}>{t('members.inviteSubmit')}</button>
      </form>
      <ErrorNote error={invite.error} />
      {invite.isSuccess && <Notice>{t('members.invited', { email: invite.variables.body.email })}</Notice>}
    </section>
  );
}

/** Staff: which of the space's trainings a person holds (machines require them); grant or revoke. */
export function Qualifications({ memberId, name }: { memberId: string; name: string }) {
  const { t, fmt } = usePageI18n('backOffice', 'book');
  const catalogue = useApiQuery(bookings.listTrainings);
  const held = useApiQuery(bookings.listMemberQualifications, { params: { memberId } }, { staleTime: 0 });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keyOf(bookings.listMemberQualifications).slice(0, 1) });
  const grant = useApiMutation(bookings.grantQualification, refresh);
  const revoke = useApiMutation(bookings.revokeQualification, refresh);
  const byId = new Map((held.data?.items ?? []).map((q) => [q.trainingId, q]));
  return (
    <section className="card" aria-labelledby="quals-title">
      <h2 id="quals-title">{t('members.trainingsOf', { name })}</h2>
      <ErrorNote error={catalogue.error ?? held.error ?? grant.error ?? revoke.error} />
      {catalogue.isPending || held.isPending ? <Loading /> : catalogue.data?.items.length === 0 ? <p>{t('members.noTrainings')}</p> : (
        <ul className="cal-list">
          {catalogue.data?.items.map((tr) => {
            const q = byId.get(tr.id);
            return (
              <li key={tr.id} className="qual-row">
                <span>{tr.name}</span>{' '}
                {q ? (
                  <>
                    <span className="status status-active">{t('members.qualifiedSince', { date: fmt.date(q.grantedAt, 'short') })}</span>{' '}
                    <button type="button" className="button small" disabled={revoke.isPending}
                      onClick={() => revoke.mutate({ params: { memberId, trainingId: tr.id } })}>{t('members.revoke')}</button>
                  </>
                ) : (
                  <button type="button" className="button small" disabled={grant.isPending}
                    aria-label={t('members.grantName', { training: tr.name, name })}
                    onClick={() => grant.mutate({ params: { memberId }, body: { trainingId: tr.id } })}>{t('members.grant')}</button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
