import { useState, type FormEvent } from 'react';
import { billing, bookings } from '@lieu/api';
import { MEMBER_CATEGORIES, type Dues, type Entitlement, type MemberCategory, type Pass, type Plan, type Rate, type UnitPrices } from '@lieu/core';
import { keyOf, queryClient, useApiMutation, useApiQuery } from '../../app/api';
import { ErrorNote, Field, MoneyField, Notice, SelectField } from '../../app/forms';
import { countError, moneyError, moneyInputValue, parseMoney } from '../../app/money';
import { usePageI18n, type I18n } from '../../app/i18n';
import type { AppKey, KeyOf } from '../../app/messages';
import { useTenant } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';

/**
 * Staff: the space's prices — rates per resource and member category, plans and their entitlements,
 * passes, dues — and a preview priced by the real engine (`POST /api/v1/billing/quote`). The API
 * writes every change with its audit entry; VAT is shown here and set by an owner in the settings.
 */
export default function CataloguePage() {
  return (
    <RequireUser staff>
      <Catalogue />
    </RequireUser>
  );
}

const CATALOGUE_KEY = keyOf(billing.getCatalogue);
const refresh = () => void queryClient.invalidateQueries({ queryKey: CATALOGUE_KEY });
/** An amount typed by staff → cents (valid once `moneyError` says nothing). */
const toCents = (s: string) => parseMoney(s) ?? NaN;

function Catalogue() {
  const { t } = usePageI18n('staff', 'backOffice', 'book');
  const tenant = useTenant();
  const cat = useApiQuery(billing.getCatalogue, undefined, { staleTime: 0 });
  return (
    <>
      <PageTitle>{t('cg.title')}</PageTitle>
      <section className="card" aria-labelledby="cg-vat">
        <h2 id="cg-vat">{t('cg.vat')}</h2>
        <p>{tenant.vat.mode === 'standard' ? t('cg.vatStandard', { rate: tenant.vat.rateBp / 100 }) : t('cg.vatExempt')}</p>
        <p className="bo-note">{t('cg.vatOwner')} {t('cg.audited')}</p>
      </section>
      {cat.isPending ? <Loading /> : !cat.data ? <ErrorNote error={cat.error} /> : (
        <>
          <Preview plans={cat.data.plans} />
          <Rates rates={cat.data.rates} />
          <Plans plans={cat.data.plans} />
          <Passes passes={cat.data.passes} />
          <DuesList dues={cat.data.dues} />
        </>
      )}
    </>
  );
}

// ---- preview --------------------------------------------------------------------------------------
function Preview({ plans }: { plans: Plan[] }) {
  const { t, fmt } = usePageI18n('staff', 'backOffice', 'book');
  const resources = useApiQuery(bookings.listResources, { query: {} });
  const [category, setCategory] = useState<MemberCategory>('standard');
  const [planId, setPlanId] = useState('');
  const [resourceId, setResourceId] = useState('');
  const [hours, setHours] = useState('2');
  const [error, setError] = useState('');
  const quote = useApiMutation(billing.quote);
  const chosen = resources.data?.items.find((r) => r.id === (resourceId || resources.data?.items[0]?.id));
  const [asked, setAsked] = useState<{ category: MemberCategory; plan: string; hours: number; resource: string } | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    const h = Number(hours.replace(',', '.'));
    const minutes = Math.round(h * 60);
    if (!chosen || !(minutes >= 1 && minutes <= 1440)) { setError(t(Number.isFinite(h) ? 'field.hours' : 'field.number')); return; }
    setError('');
    setAsked({ category, plan: plans.find((p) => p.id === planId)?.name ?? '', hours: h, resource: chosen.name });
    quote.mutate({ body: { items: [{ kind: 'booking', resourceKind: chosen.kind, resourceId: chosen.id, label: chosen.name, minutes }], category, ...(planId ? { planId } : {}) } });
  }
  return (
    <section className="card" aria-labelledby="cg-preview">
      <h2 id="cg-preview">{t('cg.preview')}</h2>
      <p className="bo-note">{t('cg.previewHint')}</p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <SelectField label={t('bo.category')} value={category} onChange={(e) => setCategory(e.target.value as MemberCategory)}>
          {MEMBER_CATEGORIES.map((c) => <option key={c} value={c}>{t(`cat.${c}`)}</option>)}
        </SelectField>
        <SelectField label={t('bo.plan')} value={planId} onChange={(e) => setPlanId(e.target.value)}>
          <option value="">{t('bo.noPlan')}</option>
          {plans.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </SelectField>
        <SelectField label={t('cg.resource')} value={chosen?.id ?? ''} onChange={(e) => setResourceId(e.target.value)}>
          {resources.data?.items.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </SelectField>
        <Field label={t('cg.duration')} inputMode="decimal" value={hours} onChange={(e) => setHours(e.target.value)} error={error || undefined} />
        <button className="button primary" disabled={quote.isPending || !chosen}>{t('cg.compute')}</button>
      </form>
      <ErrorNote error={resources.error ?? quote.error} />
      {quote.data && asked && (
        <div role="status" className="preview-result">
          <p><strong>{t('cg.previewResult', {
            category: t(`cat.${asked.category}`), plan: asked.plan ? t('cg.previewPlan', { plan: asked.plan }) : '',
            total: fmt.money(quote.data.totalCents), hours: asked.hours.toLocaleString(), resource: asked.resource,
          })}</strong></p>
          <ul>{quote.data.lines.map((l, i) => <li key={i}>{t('bo.labelled', { label: l.label, value: fmt.money(l.amountCents) })}</li>)}</ul>
          {quote.data.vatMention && <p className="bo-note">{quote.data.vatMention}</p>}
        </div>
      )}
    </section>
  );
}

// ---- rates ----------------------------------------------------------------------------------------
function priceText(t: I18n<KeyOf<'staff' | 'backOffice' | 'book'> | AppKey>['t'], money: (c: number) => string, p: UnitPrices | undefined) {
  if (!p) return t('cg.notSold');
  return [t('cg.perHour', { price: money(p.hourCents) }), p.halfDayCents !== undefined ? t('cg.halfDay', { price: money(p.halfDayCents) }) : '', p.dayCents !== undefined ? t('cg.day', { price: money(p.dayCents) }) : '']
    .filter(Boolean).join(', ');
}

function Rates({ rates }: { rates: Rate[] }) {
  const { t, fmt } = usePageI18n('staff', 'backOffice', 'book');
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="cg-rates">
      <h2 id="cg-rates">{t('cg.rates')}</h2>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr><th scope="col">{t('form.name')}</th><th scope="col">{t('cg.kind')}</th>{MEMBER_CATEGORIES.map((c) => <th key={c} scope="col">{t(`cat.${c}`)}</th>)}<th scope="col">{t('list.actions')}</th></tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.resourceKind in { desk: 1, desk_area: 1, room: 1, machine: 1, other: 1 } ? t(`book.kind.${r.resourceKind as 'desk'}`) : r.resourceKind}</td>
                {MEMBER_CATEGORIES.map((c) => <td key={c}>{priceText(t, fmt.money, r.prices[c] ?? (c === 'standard' ? undefined : r.prices.standard))}</td>)}
                <td><button type="button" className="button small" aria-expanded={editing === r.id} aria-label={t('cg.editName', { name: r.name })} onClick={() => setEditing(editing === r.id ? null : r.id)}>{t('cg.edit')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rates.filter((r) => r.id === editing).map((r) => <RateForm key={r.id} rate={r} onDone={() => setEditing(null)} />)}
      <NewRate />
    </section>
  );
}

/** Per category: the price of an hour and of a day (empty = the category pays the standard price). */
function RateForm({ rate, onDone }: { rate: Rate; onDone: () => void }) {
  const { t, locale } = usePageI18n('staff', 'backOffice', 'book');
  const [values, setValues] = useState(() => Object.fromEntries(MEMBER_CATEGORIES.flatMap((c) => [[`${c}.hour`, moneyInputValue(rate.prices[c]?.hourCents, locale)], [`${c}.day`, moneyInputValue(rate.prices[c]?.dayCents, locale)]])) as Record<string, string>);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useApiMutation(billing.rates.update, () => { refresh(); onDone(); });
  function submit(e: FormEvent) {
    e.preventDefault();
    const prices: Partial<Record<MemberCategory, UnitPrices>> = {};
    const errs: Record<string, string> = {};
    for (const c of MEMBER_CATEGORIES) {
      const hour = values[`${c}.hour`]!, day = values[`${c}.day`]!;
      if (hour.trim() === '' && day.trim() === '' && c !== 'standard') continue;
      const hourCents = toCents(hour), dayCents = day.trim() === '' ? undefined : toCents(day);
      const hourError = moneyError(hour, t), dayError = moneyError(day, t, { required: false });
      if (hourError) errs[`${c}.hour`] = hourError;
      if (dayError) errs[`${c}.day`] = dayError;
      prices[c] = { ...rate.prices[c], hourCents, ...(dayCents !== undefined ? { dayCents } : {}) };
      if (dayCents === undefined) delete prices[c]!.dayCents;
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const { id, ...body } = rate;
    save.mutate({ params: { id }, body: { ...body, prices: prices as Rate['prices'] } });
  }
  return (
    <form className="card-form" onSubmit={submit} noValidate aria-label={t('cg.editName', { name: rate.name })}>
      <h3>{t('cg.editName', { name: rate.name })}</h3>
      <div className="price-grid">
        {MEMBER_CATEGORIES.map((c) => (
          <div key={c} className="price-pair">
            <MoneyField label={t('cg.hourPrice', { category: t(`cat.${c}`) })} value={values[`${c}.hour`]} error={errors[`${c}.hour`]}
              onChange={(e) => setValues((v) => ({ ...v, [`${c}.hour`]: e.target.value }))} />
            <MoneyField label={t('cg.dayPrice', { category: t(`cat.${c}`) })} value={values[`${c}.day`]} error={errors[`${c}.day`]}
              onChange={(e) => setValues((v) => ({ ...v, [`${c}.day`]: e.target.value }))} />
          </div>
        ))}
      </div>
      <button className="button primary" disabled={save.isPending}>{t('app.save')}</button>{' '}
      <button type="button" className="button" onClick={onDone}>{t('app.cancel')}</button>
      <ErrorNote error={save.error} />
    </form>
  );
}

// ---- plans, passes, dues --------------------------------------------------------------------------
type Entry = Plan | Pass | Dues;
type Specs = typeof billing.plans | typeof billing.passes | typeof billing.dues;

/** Name, price and "on sale" of a plan, pass or dues, saved whole (PUT) with the rest unchanged. */
function EntryActions({ entry, specs }: { entry: Entry; specs: Specs }) {
  const { t, locale } = usePageI18n('staff', 'backOffice', 'book');
  const [open, setOpen] = useState(false);
  const [price, setPrice] = useState(moneyInputValue(entry.priceCents, locale));
  const [error, setError] = useState('');
  const save = useApiMutation(specs.update as typeof billing.plans.update, () => { refresh(); setOpen(false); });
  const { id, ...body } = entry;
  const put = (changes: Partial<Entry>) => save.mutate({ params: { id }, body: { ...(body as Omit<Plan, 'id'>), ...changes } as Omit<Plan, 'id'> });
  return (
    <>
      <button type="button" className="button small" aria-expanded={open} aria-label={t('cg.editName', { name: entry.name })} onClick={() => setOpen(!open)}>{t('cg.edit')}</button>{' '}
      <button type="button" className="button small" disabled={save.isPending} onClick={() => put({ active: !entry.active })}>{t(entry.active ? 'cg.stopSelling' : 'cg.sell')}</button>
      {open && (
        <form className="inline-form" noValidate onSubmit={(e) => {
          e.preventDefault();
          const refused = moneyError(price, t);
          setError(refused ?? '');
          if (!refused) put({ priceCents: toCents(price) });
        }}>
          <MoneyField label={`${t('cg.price')} — ${entry.name}`} value={price} error={error || undefined} onChange={(e) => setPrice(e.target.value)} />
          <button className="button primary small" disabled={save.isPending}>{t('app.save')}</button>
        </form>
      )}
      <ErrorNote error={save.error} />
    </>
  );
}

function kindsText(t: (k: never) => string, kinds: readonly string[]) {
  return kinds.map((k) => (['desk', 'desk_area', 'room', 'machine', 'other'].includes(k) ? t(`book.kind.${k}` as never) : k)).join(', ');
}

function Plans({ plans }: { plans: Plan[] }) {
  const { t, fmt } = usePageI18n('staff', 'backOffice', 'book');
  const [rights, setRights] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="cg-plans">
      <h2 id="cg-plans">{t('cg.plans')}</h2>
      <div className="table-scroll">
        <table className="data">
          <thead><tr><th scope="col">{t('form.name')}</th><th scope="col">{t('cg.price')}</th><th scope="col">{t('cg.entitlements')}</th><th scope="col">{t('members.status')}</th><th scope="col">{t('list.actions')}</th></tr></thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{t('cg.perInterval', { price: fmt.money(p.priceCents), interval: t(p.interval === 'month' ? 'cg.month' : 'cg.year') })}</td>
                <td>
                  <ul className="bo-plain">
                    {p.entitlements.map((e, i) => (
                      <li key={i}>{entitlementText(t, e)}</li>
                    ))}
                  </ul>
                </td>
                <td>{t(p.active ? 'cg.active' : 'cg.inactive')}</td>
                <td className="row-actions">
                  <EntryActions entry={p} specs={billing.plans} />{' '}
                  <button type="button" className="button small" aria-expanded={rights === p.id} aria-label={t('cg.rightsOf', { name: p.name })}
                    onClick={() => setRights(rights === p.id ? null : p.id)}>{t('cg.entitlements')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plans.filter((p) => p.id === rights).map((p) => <Entitlements key={p.id} plan={p} />)}
      <NewPlan />
    </section>
  );
}

function Passes({ passes }: { passes: Pass[] }) {
  const { t, fmt } = usePageI18n('staff', 'backOffice', 'book');
  const amount = (unit: string, n: number) => (unit === 'minute' ? t('mp.minutes', { n }) : t('mp.days', { n }));
  const remove = useApiMutation(billing.passes.remove, refresh);
  return (
    <section className="card" aria-labelledby="cg-passes">
      <h2 id="cg-passes">{t('cg.passes')}</h2>
      <div className="table-scroll">
        <table className="data">
          <thead><tr><th scope="col">{t('form.name')}</th><th scope="col">{t('cg.price')}</th><th scope="col">{t('cg.amount')}</th><th scope="col">{t('cg.validity')}</th><th scope="col">{t('members.status')}</th><th scope="col">{t('list.actions')}</th></tr></thead>
          <tbody>
            {passes.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{fmt.money(p.priceCents)}</td>
                <td>{amount(p.unit, p.amount)} · {kindsText(t as never, p.resourceKinds)}</td>
                <td>{t('cg.validityDays', { n: p.validityDays })}</td>
                <td>{t(p.active ? 'cg.active' : 'cg.inactive')}</td>
                <td className="row-actions">
                  <EntryActions entry={p} specs={billing.passes} />{' '}
                  <button type="button" className="button small" aria-label={t('cg.removeName', { name: p.name })} disabled={remove.isPending}
                    onClick={() => remove.mutate({ params: { id: p.id } })}>{t('cg.remove')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorNote error={remove.error} />
      <NewPass />
    </section>
  );
}

function NewPass() {
  const { t } = usePageI18n('staff', 'backOffice', 'book');
  const empty = { name: '', price: '', amount: '1', unit: 'day', kind: 'desk_area', validity: '30' };
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useApiMutation(billing.passes.create, () => { refresh(); setV(empty); });
  const bind = (k: keyof typeof empty) => ({ value: v[k], onChange: (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value })), error: errors[k] });
  function submit(e: FormEvent) {
    e.preventDefault();
    const body = { name: v.name, priceCents: toCents(v.price), amount: Number(v.amount), unit: v.unit as Pass['unit'], resourceKinds: [v.kind], validityDays: Number(v.validity), active: true };
    const errs: Record<string, string> = {};
    if (!v.name.trim()) errs.name = t('field.required');
    const priceError = moneyError(v.price, t), amountError = countError(v.amount, t, { min: 1 }), validityError = countError(v.validity, t, { min: 1, max: 3660 });
    if (priceError) errs.price = priceError;
    if (amountError) errs.amount = amountError;
    if (validityError) errs.validity = validityError;
    setErrors(errs);
    if (!Object.keys(errs).length) create.mutate({ body });
  }
  return (
    <>
      <h3 id="cg-new-pass">{t('cg.newPass')}</h3>
      <form className="inline-form" onSubmit={submit} noValidate aria-labelledby="cg-new-pass">
        <Field label={t('form.name')} {...bind('name')} />
        <MoneyField label={t('cg.price')} {...bind('price')} />
        <Field label={t('cg.amountField')} inputMode="numeric" {...bind('amount')} />
        <SelectField label={t('cg.unit')} {...bind('unit')}>
          <option value="day">{t('cg.unitDay')}</option>
          <option value="minute">{t('cg.unitMinute')}</option>
        </SelectField>
        <SelectField label={t('cg.resourceKinds')} {...bind('kind')}>
          {(['desk', 'desk_area', 'room', 'machine', 'other'] as const).map((k) => <option key={k} value={k}>{t(`book.kind.${k}`)}</option>)}
        </SelectField>
        <Field label={t('cg.validityField')} inputMode="numeric" {...bind('validity')} />
        <button className="button primary" disabled={create.isPending}>{t('cg.add')}</button>
        <ErrorNote error={create.error} />
        {create.isSuccess && <Notice>{t('app.saved')}</Notice>}
      </form>
    </>
  );
}

function DuesList({ dues }: { dues: Dues[] }) {
  const { t, fmt } = usePageI18n('staff', 'backOffice', 'book');
  if (dues.length === 0) return null;
  return (
    <section className="card" aria-labelledby="cg-dues">
      <h2 id="cg-dues">{t('cg.dues')}</h2>
      <div className="table-scroll">
        <table className="data">
          <thead><tr><th scope="col">{t('form.name')}</th><th scope="col">{t('cg.price')}</th><th scope="col">{t('cg.entitlements')}</th><th scope="col">{t('members.status')}</th><th scope="col">{t('list.actions')}</th></tr></thead>
          <tbody>
            {dues.map((d) => (
              <tr key={d.id}>
                <td>{d.name}</td>
                <td>{t('cg.perInterval', { price: fmt.money(d.priceCents), interval: t(d.interval === 'month' ? 'cg.month' : 'cg.year') })}</td>
                <td>{[d.grantsCategory ? t('cg.grants', { category: t(`cat.${d.grantsCategory}`) }) : '', d.requiredForAll ? t('cg.requiredForAll') : ''].filter(Boolean).join(', ') || '—'}</td>
                <td>{t(d.active ? 'cg.active' : 'cg.inactive')}</td>
                <td className="row-actions"><EntryActions entry={d} specs={billing.dues} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}


const KINDS = ['desk', 'desk_area', 'room', 'machine', 'other'] as const;

/** A new rate: its name, the kind of resource (or one resource) and the standard price of an hour; categories are set by editing it. */
function NewRate() {
  const { t } = usePageI18n('staff', 'backOffice', 'book');
  const resources = useApiQuery(bookings.listResources, { query: {} });
  const empty = { name: '', kind: 'machine', resourceId: '', hour: '' };
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useApiMutation(billing.rates.create, () => { refresh(); setV(empty); });
  const bind = (k: keyof typeof empty) => ({ value: v[k], onChange: (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value })), error: errors[k] });
  function submit(e: FormEvent) {
    e.preventDefault();
    const hourCents = toCents(v.hour);
    const errs: Record<string, string> = {};
    if (!v.name.trim()) errs.name = t('field.required');
    const hourError = moneyError(v.hour, t);
    if (hourError) errs.hour = hourError;
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const resource = resources.data?.items.find((r) => r.id === v.resourceId);
    create.mutate({ body: { name: v.name, resourceKind: resource?.kind ?? v.kind, ...(resource ? { resourceId: resource.id } : {}), prices: { standard: { hourCents } } } });
  }
  return (
    <>
      <h3 id="cg-new-rate">{t('cg.newRate')}</h3>
      <form className="inline-form" onSubmit={submit} noValidate aria-labelledby="cg-new-rate">
        <Field label={t('form.name')} {...bind('name')} />
        <SelectField label={t('cg.kind')} {...bind('kind')}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`book.kind.${k}`)}</option>)}
        </SelectField>
        <SelectField label={t('cg.oneResource')} {...bind('resourceId')}>
          <option value="">{t('cg.allOfKind')}</option>
          {resources.data?.items.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </SelectField>
        <MoneyField label={t('cg.hourPrice', { category: t('cat.standard') })} {...bind('hour')} />
        <button className="button primary" disabled={create.isPending}>{t('cg.add')}</button>
        <ErrorNote error={create.error} />
      </form>
    </>
  );
}

/** A new plan, without entitlements yet (added with "Entitlements"); not on sale until staff put it there. */
function NewPlan() {
  const { t } = usePageI18n('staff', 'backOffice', 'book');
  const empty = { name: '', interval: 'month', price: '' };
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useApiMutation(billing.plans.create, () => { refresh(); setV(empty); });
  const bind = (k: keyof typeof empty) => ({ value: v[k], onChange: (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value })), error: errors[k] });
  function submit(e: FormEvent) {
    e.preventDefault();
    const priceCents = toCents(v.price);
    const errs: Record<string, string> = {};
    if (!v.name.trim()) errs.name = t('field.required');
    const priceError = moneyError(v.price, t);
    if (priceError) errs.price = priceError;
    setErrors(errs);
    if (!Object.keys(errs).length) create.mutate({ body: { name: v.name, interval: v.interval as Plan['interval'], priceCents, entitlements: [], active: false } });
  }
  return (
    <>
      <h3 id="cg-new-plan">{t('cg.newPlan')}</h3>
      <form className="inline-form" onSubmit={submit} noValidate aria-labelledby="cg-new-plan">
        <Field label={t('form.name')} {...bind('name')} />
        <SelectField label={t('cg.interval')} {...bind('interval')}>
          <option value="month">{t('cg.month')}</option>
          <option value="year">{t('cg.year')}</option>
        </SelectField>
        <MoneyField label={t('cg.price')} {...bind('price')} />
        <button className="button primary" disabled={create.isPending}>{t('cg.add')}</button>
        <ErrorNote error={create.error} />
      </form>
    </>
  );
}

/** A plan's entitlements: remove one, or add an inclusion, a monthly quota or a discount on a kind of resource. */
function Entitlements({ plan }: { plan: Plan }) {
  const { t } = usePageI18n('staff', 'backOffice', 'book');
  const save = useApiMutation(billing.plans.update, refresh);
  const empty = { kind: 'discount', resourceKind: 'machine', amount: '', unit: 'minute' };
  const [v, setV] = useState(empty);
  const [error, setError] = useState('');
  const { id, ...body } = plan;
  const put = (entitlements: Entitlement[]) => save.mutate({ params: { id }, body: { ...body, entitlements } });
  const bind = (k: keyof typeof empty) => ({ value: v[k], onChange: (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value })) });
  function add(e: FormEvent) {
    e.preventDefault();
    const n = Number(v.amount.replace(',', '.'));
    let next: Entitlement;
    if (v.kind === 'included') next = { kind: 'included', resourceKinds: [v.resourceKind] };
    else if (v.kind === 'quota') {
      const refused = countError(v.amount, t, { min: 1 });
      if (refused) { setError(refused); return; }
      next = { kind: 'quota', resourceKind: v.resourceKind, amount: n, unit: v.unit as 'minute' | 'day' };
    } else {
      if (!(n > 0 && n <= 100)) { setError(t(Number.isFinite(n) ? 'field.percent' : 'field.number')); return; }
      next = { kind: 'discount', resourceKinds: [v.resourceKind], percentBp: Math.round(n * 100) };
    }
    setError('');
    put([...plan.entitlements, next]);
    setV(empty);
  }
  return (
    <div className="card-form">
      <h3>{t('cg.rightsOf', { name: plan.name })}</h3>
      <ul className="bo-plain">
        {plan.entitlements.map((e, i) => (
          <li key={i}>
            {entitlementText(t, e)}{' '}
            <button type="button" className="button small" disabled={save.isPending} aria-label={t('cg.removeName', { name: entitlementText(t, e) })}
              onClick={() => put(plan.entitlements.filter((_, j) => j !== i))}>{t('cg.remove')}</button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add} noValidate aria-label={t('cg.addRight')}>
        <SelectField label={t('cg.rightKind')} {...bind('kind')}>
          <option value="discount">{t('cg.kindDiscount')}</option>
          <option value="quota">{t('cg.kindQuota')}</option>
          <option value="included">{t('cg.kindIncluded')}</option>
        </SelectField>
        <SelectField label={t('cg.resourceKinds')} {...bind('resourceKind')}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`book.kind.${k}`)}</option>)}
        </SelectField>
        {v.kind !== 'included' && (
          <Field label={v.kind === 'discount' ? t('cg.percent') : t('cg.amountField')} inputMode="decimal" error={error || undefined} {...bind('amount')} />
        )}
        {v.kind === 'quota' && (
          <SelectField label={t('cg.unit')} {...bind('unit')}>
            <option value="minute">{t('cg.unitMinute')}</option>
            <option value="day">{t('cg.unitDay')}</option>
          </SelectField>
        )}
        <button className="button primary" disabled={save.isPending}>{t('cg.addRight')}</button>
      </form>
      <ErrorNote error={save.error} />
    </div>
  );
}

function entitlementText(t: I18n<KeyOf<'staff' | 'backOffice' | 'book'> | AppKey>['t'], e: Entitlement): string {
  const amount = (unit: string, n: number) => (unit === 'minute' ? t('mp.minutes', { n }) : t('mp.days', { n }));
  return e.kind === 'included' ? t('cg.included', { kinds: kindsText(t as never, e.resourceKinds) })
    : e.kind === 'quota' ? t('cg.quota', { amount: amount(e.unit, e.amount), kind: kindsText(t as never, [e.resourceKind]) })
    : t('cg.discount', { percent: e.percentBp / 100, kinds: kindsText(t as never, e.resourceKinds) });
}
