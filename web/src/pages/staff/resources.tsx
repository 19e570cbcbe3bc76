import { useState, type FormEvent } from 'react';
import { billing, bookings } from '@lieu/api';
import { rateOf, type Rate } from '@lieu/core';
import { RESOURCE_KINDS, resourceInputSchema, resourcePatchSchema } from '@lieu/core/booking';
import { keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../../app/api';
import { usePageI18n } from '../../app/i18n';
import { ErrorNote, Field, MoneyField, Notice, SelectField, useFormState, validate } from '../../app/forms';
import { moneyInputValue, parseMoney } from '../../app/money';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { useRuns } from '../../app/site';

export default function ResourcesPage() {
  return (
    <RequireUser staff>
      <Resources />
    </RequireUser>
  );
}

function Resources() {
  const { t, fmt } = usePageI18n('setup', 'backOffice', 'book');
  const list = useApiQuery(bookings.listResources, { query: {} }, { staleTime: 0 });
  // Required trainings belong to the machines module (a coworking-only space has none to pick).
  const trainings = useApiQuery(bookings.listTrainings, {}, { enabled: useRuns()('machines') });
  // A resource's price comes from the catalogue when a rate covers it, else from its own form: show which.
  const catalogue = useApiQuery(billing.getCatalogue, {});
  const rates: Rate[] = catalogue.data?.rates ?? [];
  const priceOf = (r: { id: string; name: string; kind: string; priceCentsPerHour: number }) => {
    const { rate, source } = rateOf(rates, r);
    const price = fmt.money(rate.prices.standard.hourCents);
    return source === 'catalogue' ? t('res.priceCatalogue', { price, rate: rate.name }) : t('res.priceOwn', { price });
  };
  const [editing, setEditing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const archive = useApiMutation(bookings.archiveResource, (r) => { setDone(t('s.deactivated', { name: r.name })); refresh(); });
  const reactivate = useApiMutation(bookings.updateResource, (r) => { setDone(t('s.saved', { name: r.name })); refresh(); });
  const current = list.data?.items.find((r) => r.id === editing);
  return (
    <>
      <PageTitle>{t('res.title')}</PageTitle>
      {current && (
        <EditResource key={current.id} resource={current} trainings={trainings.data?.items ?? []}
          onClose={() => setEditing(null)} onSaved={(name) => { setEditing(null); setDone(t('s.saved', { name })); }} />
      )}
      <section className="card" aria-labelledby="res-list">
        <h2 id="res-list">{t('res.list')}</h2>
        {done && <Notice>{done}</Notice>}
        <ErrorNote error={list.error ?? archive.error ?? reactivate.error} />
        {list.isPending ? <Loading /> : list.data?.items.length === 0 ? <p>{t('book.noResource')}</p> : (
          <div className="table-scroll">
            <table className="data">
              <thead><tr>
                <th scope="col">{t('form.name')}</th><th scope="col">{t('res.kind')}</th><th scope="col">{t('res.capacity')}</th>
                <th scope="col">{t('res.price')}</th><th scope="col">{t('s.rules')}</th><th scope="col">{t('s.state')}</th><th scope="col">{t('s.actions')}</th>
              </tr></thead>
              <tbody>
                {list.data?.items.map((r) => (
                  <tr key={r.id}>
                    <td>{r.name}</td>
                    <td>{t(`res.kind.${r.kind}`)}</td>
                    <td>{r.capacity}</td>
                    <td>{priceOf(r)}</td>
                    <td className="hint">
                      {t('s.rulesLine', { slot: r.rules.slotMinutes, min: r.rules.minMinutes, max: r.rules.maxMinutes, buffer: r.rules.bufferMinutes, days: r.rules.maxDaysAhead, cancel: r.rules.cancelBeforeHours })}
                      {r.requiredTrainingIds.length > 0 && <> · {r.requiredTrainingIds.map((id) => trainings.data?.items.find((x) => x.id === id)?.name ?? id).join(', ')}</>}
                    </td>
                    <td><span className={`status ${r.active ? 'status-active' : 'status-suspended'}`}>{t(r.active ? 's.active' : 's.inactive')}</span></td>
                    <td className="row-actions">
                      <button type="button" className="button small" onClick={() => { setDone(null); setEditing(r.id); }} aria-label={t('s.editTitle', { name: r.name })}>{t('s.edit')}</button>
                      {r.active
                        ? <button type="button" className="button small" disabled={archive.isPending} onClick={() => archive.mutate({ params: { resourceId: r.id } })} aria-label={`${t('s.deactivate')} ${r.name}`}>{t('s.deactivate')}</button>
                        : <button type="button" className="button small" disabled={reactivate.isPending} onClick={() => reactivate.mutate({ params: { resourceId: r.id }, body: { active: true, version: r.version } })} aria-label={`${t('s.reactivate')} ${r.name}`}>{t('s.reactivate')}</button>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <NewResource />
    </>
  );
}

const refresh = () => void queryClient.invalidateQueries({ queryKey: keyOf(bookings.listResources).slice(0, 1) });
const MINUTES = [15, 30, 60, 90, 120, 180, 240, 300, 360, 480, 600, 720, 1440];

type Resource = CallOutput<typeof bookings.listResources>['items'][number];

/** Everything the resource API lets staff change: name, capacity, price, rules, required trainings. */
function EditResource({ resource: r, trainings, onClose, onSaved }: {
  resource: Resource; trainings: Array<{ id: string; name: string }>; onClose(): void; onSaved(name: string): void;
}) {
  const { t, locale } = usePageI18n('setup', 'backOffice', 'book');
  const form = useFormState({
    name: r.name, location: r.location ?? '', description: r.description ?? '', capacity: String(r.capacity),
    price: moneyInputValue(r.priceCentsPerHour, locale), slotMinutes: String(r.rules.slotMinutes),
    minMinutes: String(r.rules.minMinutes), maxMinutes: String(r.rules.maxMinutes), bufferMinutes: String(r.rules.bufferMinutes),
    maxDaysAhead: String(r.rules.maxDaysAhead), cancelBeforeHours: String(r.rules.cancelBeforeHours),
    members: r.rules.roles.includes('member') ? 'yes' : 'no',
  });
  const [required, setRequired] = useState<string[]>(r.requiredTrainingIds);
  const save = useApiMutation(bookings.updateResource, (out) => { refresh(); onSaved(out.name); });
  function submit(e: FormEvent) {
    e.preventDefault();
    const v = form.values;
    const body = {
      name: v.name, ...(v.location ? { location: v.location } : {}), ...(v.description ? { description: v.description } : {}),
      capacity: Number(v.capacity), priceCentsPerHour: parseMoney(v.price) ?? NaN,
      requiredTrainingIds: required,
      rules: {
        ...r.rules, slotMinutes: Number(v.slotMinutes), minMinutes: Number(v.minMinutes), maxMinutes: Number(v.maxMinutes),
        bufferMinutes: Number(v.bufferMinutes), maxDaysAhead: Number(v.maxDaysAhead), cancelBeforeHours: Number(v.cancelBeforeHours),
        roles: v.members === 'yes' ? ['member', 'operator', 'owner'] : ['operator', 'owner'],
      },
      version: r.version,
    };
    const res = validate(resourcePatchSchema, body, t, { priceCentsPerHour: 'field.money' });
    form.setErrors(res.ok ? {} : Object.fromEntries(Object.entries(res.errors).map(([k, m]) => [k.replace(/^rules\./, '').replace('priceCentsPerHour', 'price'), m])));
    if (res.ok) save.mutate({ params: { resourceId: r.id }, body: res.data });
  }
  return (
    <section className="card" aria-labelledby="res-edit">
      <div className="header-row">
        <h2 id="res-edit">{t('s.editTitle', { name: r.name })}</h2>
        <button type="button" className="button small" onClick={onClose}>{t('s.cancel')}</button>
      </div>
      <form onSubmit={submit} noValidate>
        <div className="grid-3">
          <Field label={t('form.name')} required {...form.bind('name')} />
          <Field label={`${t('res.location')} (${t('app.optional')})`} {...form.bind('location')} />
          <Field label={`${t('s.description')} (${t('app.optional')})`} {...form.bind('description')} />
          <Field label={t('res.capacity')} type="number" min={1} inputMode="numeric" {...form.bind('capacity')} />
          <MoneyField label={t('res.priceInput')} hint={t('res.priceHint')} {...form.bind('price')} />
          <SelectField label={t('res.slot')} {...form.bind('slotMinutes')}>
            {[15, 30, 60].map((m) => <option key={m} value={m}>{m} min</option>)}
          </SelectField>
          <SelectField label={t('res.min')} {...form.bind('minMinutes')}>
            {MINUTES.map((m) => <option key={m} value={m}>{m} min</option>)}
          </SelectField>
          <SelectField label={t('res.max')} {...form.bind('maxMinutes')}>
            {MINUTES.map((m) => <option key={m} value={m}>{m} min</option>)}
          </SelectField>
          <SelectField label={t('s.buffer')} {...form.bind('bufferMinutes')}>
            {[0, 15, 30, 45, 60, 90, 120].map((m) => <option key={m} value={m}>{m} min</option>)}
          </SelectField>
          <Field label={t('s.maxDaysAhead')} type="number" min={1} max={730} inputMode="numeric" {...form.bind('maxDaysAhead')} />
          <Field label={t('s.cancelBefore')} type="number" min={0} max={720} inputMode="numeric" {...form.bind('cancelBeforeHours')} />
          <SelectField label={t('s.membersMay')} {...form.bind('members')}>
            <option value="yes">{t('s.yes')}</option>
            <option value="no">{t('s.no')}</option>
          </SelectField>
        </div>
        <fieldset className="trainings">
          <legend>{t('s.trainingsRequired')}</legend>
          {trainings.length === 0 && <p className="hint">{t('s.noTrainings')}</p>}
          {trainings.map((tr) => (
            <label key={tr.id} className="qual-row">
              <input type="checkbox" checked={required.includes(tr.id)} onChange={(e) => setRequired((x) => (e.target.checked ? [...x, tr.id] : x.filter((y) => y !== tr.id)))} />
              {' '}{tr.name}
            </label>
          ))}
        </fieldset>
        <ErrorNote error={save.error} />
        <button className="button primary" disabled={save.isPending}>{t('s.save')}</button>
      </form>
    </section>
  );
}

const EMPTY = { kind: 'desk', name: '', location: '', capacity: '1', price: '0', slotMinutes: '30', minMinutes: '60', maxMinutes: '480' };

/** A new bookable thing and its price per hour (VAT included); its other rules keep the API's defaults. */
function NewResource() {
  const { t } = usePageI18n('backOffice', 'book');
  const form = useFormState(EMPTY);
  const create = useApiMutation(bookings.createResource, () => {
    form.setValues(EMPTY);
    void queryClient.invalidateQueries({ queryKey: keyOf(bookings.listResources).slice(0, 1) });
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const v = form.values;
    const body = {
      kind: v.kind, name: v.name, ...(v.location ? { location: v.location } : {}),
      capacity: Number(v.capacity), priceCentsPerHour: parseMoney(v.price) ?? NaN,
      rules: { slotMinutes: Number(v.slotMinutes), minMinutes: Number(v.minMinutes), maxMinutes: Number(v.maxMinutes) },
    };
    const r = validate(resourceInputSchema, body, t, { priceCentsPerHour: 'field.money' });
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
          <MoneyField label={t('res.priceInput')} hint={t('res.priceHint')} {...form.bind('price')} />
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
