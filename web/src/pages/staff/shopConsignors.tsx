import { useState, type FormEvent } from 'react';
import { members, shop } from '@lieu/api';
import { keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../../app/api';
import { Field, Notice, SelectField, useFormState, validate } from '../../app/forms';
import { useTenant } from '../../app/site';
import { Loading } from '../../ui/Layout';
import { dayIn, ShopError, usePercent, useShopI18n } from './shopCommon';

type Consignor = CallOutput<typeof shop.listConsignors>['items'][number];
type Panel = { kind: 'agreement' | 'stock'; consignor: Consignor } | null;

/** Consignors and their agreements (commission, dates, payout details); deposits and returns of stock. */
export function ConsignorsSection() {
  const { t, fmt } = useShopI18n();
  const pct = usePercent();
  const list = useApiQuery(shop.listConsignors, undefined, { staleTime: 0 });
  const settings = useApiQuery(shop.getSettings);
  const [panel, setPanel] = useState<Panel>(null);
  const toggle = (kind: 'agreement' | 'stock', c: Consignor) =>
    setPanel(panel?.kind === kind && panel.consignor.memberId === c.memberId ? null : { kind, consignor: c });
  return (
    <>
      <section className="card" aria-labelledby="ss-consignors">
        <h2 id="ss-consignors">{t('ss.consignors')}</h2>
        <ShopError error={list.error} />
        {list.isPending ? <Loading /> : list.data?.items.length === 0 ? <p>{t('ss.none')}</p> : (
          <div className="table-scroll">
            <table className="data">
              <thead>
                <tr><th scope="col">{t('ss.consignor')}</th><th scope="col">{t('ss.commission')}</th><th scope="col">{t('ss.period')}</th><th scope="col">{t('ss.payout')}</th><th scope="col">{t('ss.actions')}</th></tr>
              </thead>
              <tbody>
                {list.data?.items.map((c) => (
                  <tr key={c.memberId}>
                    <th scope="row">{c.name}</th>
                    <td className="num">{pct(c.effectiveCommissionBp)}{c.commissionBp === undefined && <span className="hint"> ({t('ss.default')})</span>}</td>
                    <td>{c.endDate ? t('ss.fromTo', { from: fmt.date(c.startDate, 'short'), to: fmt.date(c.endDate, 'short') }) : t('ss.since', { from: fmt.date(c.startDate, 'short') })}</td>
                    <td>{t(`ss.method.${c.payout.method}`)}</td>
                    <td><div className="row-actions">
                      <button type="button" className="button small" aria-expanded={panel?.kind === 'agreement' && panel.consignor.memberId === c.memberId}
                        aria-label={t('ss.editAgreement', { name: c.name })} onClick={() => toggle('agreement', c)}>{t('ss.editAgreementBtn')}</button>
                      <button type="button" className="button small" aria-expanded={panel?.kind === 'stock' && panel.consignor.memberId === c.memberId}
                        aria-label={t('ss.stockBtnName', { name: c.name })} onClick={() => toggle('stock', c)}>{t('ss.stockBtn')}</button>
                    </div></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {panel?.kind === 'agreement' && (
        <AgreementForm key={`${panel.consignor.memberId}-${panel.consignor.version}`} consignor={panel.consignor} defaultBp={settings.data?.defaultCommissionBp} onDone={() => setPanel(null)} />
      )}
      {panel?.kind === 'stock' && <StockPanel key={panel.consignor.memberId} consignor={panel.consignor} />}
      {!panel && <AgreementForm key="new" consignor={null} defaultBp={settings.data?.defaultCommissionBp} taken={new Set(list.data?.items.map((c) => c.memberId))} onDone={() => undefined} />}
    </>
  );
}

/** A new agreement (a member becomes a consignor) or a change to one: commission, dates, payout details. */
function AgreementForm(props: { consignor: Consignor | null; defaultBp: number | undefined; taken?: Set<string>; onDone(): void }) {
  const { t, timeZone } = useShopI18n();
  const pct = usePercent();
  const c = props.consignor;
  const people = useApiQuery(members.listMembers, { query: { limit: 100 } }, { enabled: !c });
  const empty = {
    memberId: '', commission: c?.commissionBp !== undefined ? String(c.commissionBp / 100).replace('.', ',') : '',
    startDate: c?.startDate ?? dayIn(timeZone), endDate: c?.endDate ?? '',
    method: c?.payout.method ?? 'transfer', iban: c?.payout.iban ?? '', accountName: c?.payout.accountName ?? '',
  };
  const form = useFormState(empty);
  const done = () => { void queryClient.invalidateQueries({ queryKey: keyOf(shop.listConsignors).slice(0, 1) }); };
  const create = useApiMutation(shop.createConsignor, () => { form.setValues(empty); done(); });
  const update = useApiMutation(shop.updateConsignor, () => { done(); props.onDone(); });

  function submit(e: FormEvent) {
    e.preventDefault();
    const v = form.values;
    const pctText = v.commission.trim().replace(',', '.');
    const agreement = {
      ...(pctText ? { commissionBp: /^\d+(\.\d{1,2})?$/.test(pctText) ? Math.round(Number(pctText) * 100) : NaN } : {}),
      startDate: v.startDate, ...(v.endDate ? { endDate: v.endDate } : {}),
      payout: { method: v.method, ...(v.iban.trim() ? { iban: v.iban.trim().toUpperCase() } : {}), ...(v.accountName.trim() ? { accountName: v.accountName.trim() } : {}) },
    };
    const errorsOf = (r: { ok: boolean; errors?: Record<string, string> }) =>
      form.setErrors(Object.fromEntries(Object.entries(r.errors ?? {}).map(([k, m]) => [k.replace(/^payout\./, '').replace('commissionBp', 'commission'), m])));
    if (c) {
      const r = validate(shop.updateConsignor.body, agreement, t);
      errorsOf(r);
      if (r.ok) update.mutate({ params: { memberId: c.memberId }, body: r.data });
    } else {
      const r = validate(shop.createConsignor.body, { ...agreement, memberId: v.memberId }, t);
      errorsOf(r);
      if (r.ok) create.mutate({ body: r.data });
    }
  }
  const candidates = (people.data?.items ?? []).filter((m) => m.status === 'active' && !props.taken?.has(m.id));
  return (
    <section className="card" aria-labelledby="ss-agreement">
      <h2 id="ss-agreement">{c ? t('ss.editAgreement', { name: c.name }) : t('ss.newConsignor')}</h2>
      <form onSubmit={submit} noValidate>
        <div className="grid-3">
          {!c && (
            <SelectField label={t('ss.member')} {...form.bind('memberId')}>
              <option value="">{t('ss.chooseMember')}</option>
              {candidates.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
            </SelectField>
          )}
          <Field label={`${t('ss.commissionInput')} (${t('ss.optional')})`} inputMode="decimal" {...form.bind('commission')}
            hint={props.defaultBp !== undefined ? t('ss.commissionHint', { rate: pct(props.defaultBp) }) : undefined} />
          <Field label={t('ss.from')} type="date" required {...form.bind('startDate')} />
          <Field label={`${t('ss.to')} (${t('ss.optional')})`} type="date" {...form.bind('endDate')} />
          <SelectField label={t('ss.payoutMethod')} {...form.bind('method')}>
            {(['transfer', 'cheque', 'cash'] as const).map((m) => <option key={m} value={m}>{t(`ss.method.${m}`)}</option>)}
          </SelectField>
          {form.values.method === 'transfer' && (
            <>
              <Field label={`${t('ss.iban')} (${t('ss.optional')})`} autoComplete="off" {...form.bind('iban')} />
              <Field label={`${t('ss.accountName')} (${t('ss.optional')})`} autoComplete="off" {...form.bind('accountName')} />
            </>
          )}
        </div>
        <ShopError error={create.error ?? update.error ?? people.error} />
        {create.isSuccess && <Notice>{t('ss.saved')}</Notice>}
        <div className="actions">
          <button className="button primary" disabled={create.isPending || update.isPending}>{c ? t('ss.save') : t('ss.addConsignor')}</button>
          {c && <button type="button" className="button" onClick={props.onDone}>{t('ss.cancelEdit')}</button>}
        </div>
      </form>
    </section>
  );
}

/** A consignor's products on the shelf, deposits and returns (a return never exceeds the shelf: the API says 409). */
function StockPanel({ consignor }: { consignor: Consignor }) {
  const { t, fmt } = useShopI18n();
  const products = useApiQuery(shop.manageProducts, { query: { consignorId: consignor.memberId } }, { staleTime: 0 });
  const moves = useApiQuery(shop.listStockMovements, { params: { memberId: consignor.memberId } }, { staleTime: 0 });
  const form = useFormState({ productId: '', quantity: '1', note: '' });
  const [kind, setKind] = useState<'deposit' | 'return'>('deposit');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.manageProducts).slice(0, 1) });
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.listStockMovements).slice(0, 1) });
    form.setValues((v) => ({ ...v, quantity: '1', note: '' }));
  };
  const deposit = useApiMutation(shop.recordDeposit, refresh);
  const ret = useApiMutation(shop.recordReturn, refresh);
  const items = products.data?.items ?? [];
  const productId = form.values.productId || items[0]?.id || '';

  function submit(k: 'deposit' | 'return') {
    return (e: FormEvent) => {
      e.preventDefault();
      setKind(k);
      const body = { productId, quantity: Number(form.values.quantity), ...(form.values.note.trim() ? { note: form.values.note.trim() } : {}) };
      const r = validate(shop.recordDeposit.body, body, t);
      form.setErrors(r.ok ? {} : r.errors);
      if (!r.ok) return;
      deposit.reset(); ret.reset();
      (k === 'deposit' ? deposit : ret).mutate({ params: { memberId: consignor.memberId }, body: r.data });
    };
  }
  const last = kind === 'deposit' ? deposit : ret;
  return (
    <section className="card" aria-labelledby="ss-stock">
      <h2 id="ss-stock">{t('ss.stockOf', { name: consignor.name })}</h2>
      <ShopError error={products.error ?? moves.error} />
      {products.isPending ? <Loading /> : items.length === 0 ? <p>{t('ss.noProductsOf')}</p> : (
        <form onSubmit={submit(kind)} noValidate>
          <div className="grid-3">
            <SelectField label={t('ss.product')} {...form.bind('productId')} value={productId}>
              {items.map((p) => <option key={p.id} value={p.id}>{p.title} ({t('ss.stock')} {p.stock})</option>)}
            </SelectField>
            <Field label={t('ss.quantity')} type="number" min={1} max={10000} inputMode="numeric" {...form.bind('quantity')} />
            <Field label={`${t('ss.note')} (${t('ss.optional')})`} maxLength={200} {...form.bind('note')} />
          </div>
          <ShopError error={last.error} />
          {last.isSuccess && <Notice>{t(kind === 'deposit' ? 'ss.deposited' : 'ss.returned', { title: last.data.movement.title, stock: last.data.stock })}</Notice>}
          <div className="actions">
            <button type="button" className="button primary" disabled={deposit.isPending} onClick={submit('deposit')}>{t('ss.deposit')}</button>
            <button type="button" className="button" disabled={ret.isPending} onClick={submit('return')}>{t('ss.return')}</button>
          </div>
        </form>
      )}
      <h3 id="ss-moves">{t('ss.movements')}</h3>
      {moves.isPending ? <Loading /> : moves.data?.items.length === 0 ? <p>{t('ss.none')}</p> : (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="ss-moves">
          <table className="data">
            <thead><tr><th scope="col">{t('ss.date')}</th><th scope="col">{t('ss.product')}</th><th scope="col">{t('ss.status')}</th><th scope="col">{t('ss.quantity')}</th><th scope="col">{t('ss.note')}</th></tr></thead>
            <tbody>
              {moves.data?.items.map((m) => (
                <tr key={m.id}>
                  <td>{fmt.date(m.at, 'short')} {fmt.time(m.at)}</td>
                  <td>{m.title}</td>
                  <td>{t(`ss.movement.${m.kind}`)}</td>
                  <td className="num">{m.kind === 'return' ? `−${m.quantity}` : `+${m.quantity}`}</td>
                  <td>{m.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
