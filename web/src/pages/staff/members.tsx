import { useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { auth, bookings, members } from '@lieu/api';
import { call, keyOf, queryClient, useApiMutation, useApiQuery } from '../../app/api';
import { ErrorNote, Field, Notice, SelectField, useFormState, validate } from '../../app/forms';
import { useI18n } from '../../app/i18n';
import { useMe, useTenant } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { rememberInvitation } from '../onboardingSummary';

export default function MembersPage() {
  return (
    <RequireUser staff>
      <MembersBody />
    </RequireUser>
  );
}

const LIST_KEY = keyOf(members.listMembers, 'all');

function MembersBody() {
  const { t, fmt } = useI18n();
  const { user: me } = useMe();
  const people = useInfiniteQuery({
    queryKey: LIST_KEY,
    queryFn: ({ pageParam }) => call(members.listMembers, { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0, // people join through invitations elsewhere: always ask again when the page opens
  });
  const update = useApiMutation(members.updateMember, () => void queryClient.invalidateQueries({ queryKey: LIST_KEY }));
  const items = people.data?.pages.flatMap((p) => p.items) ?? [];
  const [training, setTraining] = useState<{ id: string; name: string } | null>(null);
  return (
    <>
      <PageTitle>{t('members.title')}</PageTitle>
      <Invite />
      <section className="card" aria-labelledby="people-title">
        <h2 id="people-title">{t('members.title')}</h2>
        <ErrorNote error={people.error ?? update.error} />
        {people.isPending ? <Loading /> : (
          <div className="table-scroll">
            <table className="data">
              <thead>
                <tr><th scope="col">{t('form.name')}</th><th scope="col">{t('form.email')}</th><th scope="col">{t('members.role')}</th><th scope="col">{t('members.status')}</th><th scope="col">{t('members.joined')}</th><th scope="col">{t('list.actions')}</th></tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td>{p.email ?? '—'}</td>
                    <td>{t(`role.${p.role}`)}</td>
                    <td><span className={`status status-${p.status}`}>{t(`members.status.${p.status}`)}</span></td>
                    <td>{fmt.date(p.createdAt, 'short')}</td>
                    <td className="row-actions">
                      {p.status === 'active' && (
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
        )}
        {people.hasNextPage && <button type="button" className="button" onClick={() => void people.fetchNextPage()}>{t('list.more')}</button>}
      </section>
      {training && <Qualifications key={training.id} memberId={training.id} name={training.name} />}
    </>
  );
}

function Invite() {
  const { t } = useI18n();
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
function Qualifications({ memberId, name }: { memberId: string; name: string }) {
  const { t, fmt } = useI18n();
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
