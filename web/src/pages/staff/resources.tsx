import type { FormEvent } from 'react';
import { bookings } from '@lieu/api';
import { RESOURCE_KINDS, resourceInputSchema } from '@lieu/core/booking';
import { keyOf, queryClient, useApiMutation, useApiQuery } from '../../app/api';
import { ErrorNote, Field, Notice, SelectField, useFormState, validate } from '../../app/forms';
import { useI18n } from '../../app/i18n';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';

export default function ResourcesPage() {
  return (
    <RequireUser staff>
      <Resources />
    </RequireUser>
  );
}

function Resources() {
  const { t, fmt } = useI18n();
  const list = useApiQuery(bookings.listResources, { query: {} }, { staleTime: 0 });
  return (
    <>
      <PageTitle>{t('res.title')}</PageTitle>
      <NewResource />
      <section className="card" aria-labelledby="res-list">
        <h2 id="res-list">{t('res.list')}</h2>
        <ErrorNote error={list.error} />
        {list.isPending ? <Loading /> : list.data?.items.length === 0 ? <p>{t('book.noResource')}</p> : (
          <div className="table-scroll">
            <table className="data">
              <thead><tr><th scope="col">{t('form.name')}</th><th scope="col">{t('res.kind')}</th><th scope="col">{t('res.capacity')}</th><th scope="col">{t('res.price')}</th></tr></thead>
              <tbody>
                {list.data?.items.map((r) => (
                  <tr key={r.id}>
                    <td>{r.name}</td>
                    <td>{t(`book.kind.${r.kind}`)}</td>
                    <td>{r.capacity}</td>
                    <td>{t('book.perHour', { price: fmt.money(r.priceCentsPerHour) })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

const EMPTY = { kind: 'desk', name: '', location: '', capacity: '1', price: '0', slotMinutes: '30', minMinutes: '60', maxMinutes: '480' };

/** A new bookable thing and its price per hour (VAT included); its other rules keep the API's defaults. */
function NewResource() {
  const { t } = useI18n();
  const form = useFormState(EMPTY);
  const create = useApiMutation(bookings.createResource, () => {
    form.setValues(EMPTY);
    void queryClient.invalidateQueries({ queryKey: keyOf(bookings.listResources).slice(0, 1) });
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const v = form.values;
    const euros = Number(v.price.replace(',', '.'));
    const body = {
      kind: v.kind, name: v.name, ...(v.location ? { location: v.location } : {}),
      capacity: Number(v.capacity), priceCentsPerHour: Number.isFinite(euros) ? Math.round(euros * 100) : NaN,
      rules: { slotMinutes: Number(v.slotMinutes), minMinutes: Number(v.minMinutes), maxMinutes: Number(v.maxMinutes) },
    };
    const r = validate(resourceInputSchema, body, t);
    const flat = r.ok ? {} : Object.fromEntries(Object.entries(r.errors).map(([k, m]) => [k.replace(/^rules\./, '').replace('priceCentsPerHour', 'price'), m]));
    form.setErrors(flat);
    if (r.ok) create.mutate({ body: r.data });
  }
  const minutes = [15, 30, 60, 90, 120, 180, 240, 480, 600];
  return (
    <section className="card" aria-labelledby="res-new">
      <h2 id="res-new">{t('res.new')}</h2>
      <form onSubmit={submit} noValidate>
        <div className="grid-3">
          <SelectField label={t('res.kind')} {...form.bind('kind')}>
            {RESOURCE_KINDS.map((k) => <option key={k} value={k}>{t(`res.kind.${k}`)}</option>)}
          </SelectField>
          <Field label={t('form.name')} required {...form.bind('name')} />
          <Field label={`${t('res.location')} (${t('app.optional')})`} {...form.bind('location')} />
          <Field label={t('res.capacity')} type="number" min={1} inputMode="numeric" {...form.bind('capacity')} />
          <Field label={t('res.priceInput')} inputMode="decimal" {...form.bind('price')} />
          <SelectField label={t('res.slot')} {...form.bind('slotMinutes')}>
            {[15, 30, 60].map((m) => <option key={m} value={m}>{m} min</option>)}
          </SelectField>
          <SelectField label={t('res.min')} {...form.bind('minMinutes')}>
            {minutes.map((m) => <option key={m} value={m}>{m} min</option>)}
          </SelectField>
          <SelectField label={t('res.max')} {...form.bind('maxMinutes')}>
            {minutes.map((m) => <option key={m} value={m}>{m} min</option>)}
          </SelectField>
        </div>
        <p className="hint">{t('res.payHint')}</p>
        <ErrorNote error={create.error} />
        {create.isSuccess && <Notice>{t('res.created', { name: create.data.name })}</Notice>}
        <button className="button primary" disabled={create.isPending}>{t('res.create')}</button>
      </form>
    </section>
  );
}
