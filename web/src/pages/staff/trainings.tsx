import { useState, type FormEvent } from 'react';
import { bookings } from '@lieu/api';
import { trainingInputSchema } from '@lieu/core/booking';
import { keyOf, queryClient, useApiMutation, useApiQuery } from '../../app/api';
import { ErrorNote, Field, Notice, validate } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';

export default function TrainingsPage() {
  return (
    <RequireUser staff>
      <Trainings />
    </RequireUser>
  );
}

/** Staff: the training catalogue, the machines that require each training, and who holds it (granted on the members page). */
function Trainings() {
  const { t } = usePageI18n('setup', 'backOffice', 'book');
  const list = useApiQuery(bookings.listTrainings, {}, { staleTime: 0 });
  const resources = useApiQuery(bookings.listResources, { query: {} });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageTitle>{t('s.trainingsTitle')}</PageTitle>
      <section className="card" aria-labelledby="tr-list">
        <h2 id="tr-list">{t('s.trainingsTitle')}</h2>
        <ErrorNote error={list.error} />
        {list.isPending ? <Loading /> : list.data?.items.length === 0 ? <p>{t('s.noTrainings')}</p> : (
          <ul className="tr-list">
            {list.data?.items.map((tr) => {
              const machines = (resources.data?.items ?? []).filter((r) => r.requiredTrainingIds.includes(tr.id)).map((r) => r.name);
              return (
                <li key={tr.id}>
                  <h3>{tr.name}</h3>
                  {tr.description && <p className="hint">{tr.description}</p>}
                  <p>{t('s.requiredBy', { list: machines.join(', ') || t('s.nothing') })}</p>
                  <button type="button" className="button small" aria-expanded={open === tr.id} onClick={() => setOpen(open === tr.id ? null : tr.id)}>
                    {t('s.showHolders', { name: tr.name })}
                  </button>
                  {open === tr.id && <Holders trainingId={tr.id} />}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <NewTraining />
    </>
  );
}

function Holders({ trainingId }: { trainingId: string }) {
  const { t, fmt } = usePageI18n('setup', 'backOffice', 'book');
  const holders = useApiQuery(bookings.trainingHolders, { params: { trainingId } }, { staleTime: 0 });
  if (holders.isPending) return <Loading />;
  if (holders.error) return <ErrorNote error={holders.error} />;
  if (!holders.data.items.length) return <p className="hint">{t('s.noHolders')}</p>;
  return (
    <ul className="cal-list" aria-label={t('s.holders')}>
      {holders.data.items.map((h) => (
        <li key={h.memberId}>
          {h.memberName} <span className="hint">· {t('s.since', { date: fmt.date(h.grantedAt, 'short') })}{h.expiresOn ? ` · ${t('s.until', { date: fmt.date(`${h.expiresOn}T12:00:00Z`, 'short') })}` : ''}</span>
        </li>
      ))}
    </ul>
  );
}

function NewTraining() {
  const { t } = usePageI18n('setup', 'backOffice', 'book');
  const [v, setV] = useState({ name: '', description: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useApiMutation(bookings.createTraining, () => {
    setV({ name: '', description: '' });
    void queryClient.invalidateQueries({ queryKey: keyOf(bookings.listTrainings).slice(0, 1) });
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const r = validate(trainingInputSchema, { name: v.name.trim(), ...(v.description.trim() ? { description: v.description.trim() } : {}) }, t);
    setErrors(r.ok ? {} : r.errors);
    if (r.ok) create.mutate({ body: r.data });
  }
  return (
    <section className="card" aria-labelledby="tr-new">
      <h2 id="tr-new">{t('s.trainingNew')}</h2>
      <form onSubmit={submit} noValidate>
        <div className="grid-2">
          <Field label={t('form.name')} required value={v.name} error={errors.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
          <Field label={`${t('s.description')} (${t('app.optional')})`} value={v.description} error={errors.description} onChange={(e) => setV({ ...v, description: e.target.value })} />
        </div>
        <ErrorNote error={create.error} />
        {create.isSuccess && <Notice>{t('s.trainingCreated', { name: create.data.name })}</Notice>}
        <button className="button primary" disabled={create.isPending}>{t('s.add')}</button>
      </form>
    </section>
  );
}
