import { useState, type FormEvent } from 'react';
import { shop } from '@lieu/api';
import { keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../../app/api';
import { Field, SelectField, useFormState, validate } from '../../app/forms';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { dayIn, monthIn, ShopError, useShopI18n } from './shopCommon';

type Row = CallOutput<typeof shop.monthStatements>['items'][number];

/**
 * Statements and payouts: per month, each consignor's units, sales, the space's commission,
 * the VAT on it and the net due (computed by the API, to the cent); the lines behind them, a CSV (also
 * in the French convention), and recording the payout once the month is over.
 */
export default function StatementsPage() {
  return (
    <RequireUser staff>
      <Statements />
    </RequireUser>
  );
}

function Statements() {
  const { t, fmt, timeZone, locale } = useShopI18n();
  const current = monthIn(timeZone);
  const [month, setMonth] = useState(current);
  const [open, setOpen] = useState<{ id: string; kind: 'details' | 'pay' } | null>(null);
  const list = useApiQuery(shop.monthStatements, { query: { month } }, { staleTime: 0, enabled: /^\d{4}-\d{2}$/.test(month) });
  const items = list.data?.items ?? [];
  const sum = (k: keyof Row['totals']) => items.reduce((s, i) => s + i.totals[k], 0);
  const closed = month < current;
  const openRow = open && items.find((i) => i.consignorId === open.id);
  const toggle = (id: string, kind: 'details' | 'pay') => setOpen(open?.id === id && open.kind === kind ? null : { id, kind });
  return (
    <>
      <PageTitle>{t('st.title')}</PageTitle>
      <div className="ss-filter">
        <Field label={t('st.month')} type="month" value={month} max={current} onChange={(e) => { setMonth(e.target.value); setOpen(null); }} />
      </div>
      {!closed && <p className="hint">{t('st.openMonth')}</p>}
      <section className="card" aria-labelledby="st-table">
        <h2 id="st-table" className="capitalize">{monthLabel(month, locale)}</h2>
        <ShopError error={list.error} />
        {list.isPending ? <Loading /> : items.length === 0 ? <p>{t('st.empty')}</p> : (
          <div className="table-scroll">
            <table className="data st-table">
              <thead>
                <tr>
                  <th scope="col">{t('ss.consignor')}</th><th scope="col" className="num">{t('st.units')}</th><th scope="col" className="num">{t('st.sales')}</th>
                  <th scope="col" className="num">{t('st.commission')}</th><th scope="col" className="num">{t('st.commissionVat')}</th><th scope="col" className="num">{t('st.net')}</th>
                  <th scope="col">{t('st.paid')}</th><th scope="col">{t('ss.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                    <tr data-consignor={r.consignorName}>
                      <th scope="row">{r.consignorName}</th>
                      <td className="num">{r.totals.units}</td>
                      <td className="num">{fmt.money(r.totals.salesCents)}</td>
                      <td className="num">{fmt.money(r.totals.commissionCents)}</td>
                      <td className="num">{fmt.money(r.totals.commissionVatCents)}</td>
                      <td className="num"><strong>{fmt.money(r.totals.netDueCents)}</strong></td>
                      <td>{r.paid
                        ? <span className="status status-active">{t('st.paidOn', { date: fmt.date(r.paid.paidOn, 'short'), method: t(`ss.method.${r.paid.method}`) })}</span>
                        : <span className="status">{t('st.unpaid')}</span>}</td>
                      <td><div className="row-actions">
                        <button type="button" className="button small" aria-expanded={open?.id === r.consignorId && open.kind === 'details'}
                          aria-label={t('st.detailsBtn', { name: r.consignorName })} onClick={() => toggle(r.consignorId, 'details')}>{t('st.details')}</button>
                        <a className="button small" href={csvHref(r.consignorId, month, 'intl')} download aria-label={t('st.csvOf', { name: r.consignorName })}>{t('st.csv')}</a>
                        <a className="button small" href={csvHref(r.consignorId, month, 'fr')} download aria-label={t('st.csvFrOf', { name: r.consignorName })}>{t('st.csvFr')}</a>
                        {closed && !r.paid && (
                          <button type="button" className="button small primary" aria-expanded={open?.id === r.consignorId && open.kind === 'pay'}
                            aria-label={t('st.markPaidOf', { name: r.consignorName })} onClick={() => toggle(r.consignorId, 'pay')}>{t('st.markPaid')}</button>
                        )}
                      </div></td>
                    </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('st.totals')}</th>
                  <td className="num">{sum('units')}</td><td className="num">{fmt.money(sum('salesCents'))}</td><td className="num">{fmt.money(sum('commissionCents'))}</td>
                  <td className="num">{fmt.money(sum('commissionVatCents'))}</td><td className="num"><strong>{fmt.money(sum('netDueCents'))}</strong></td><td /><td />
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>
      {openRow && (
        <section className="card" aria-labelledby="st-open">
          {open?.kind === 'details'
            ? <Details row={openRow} month={month} />
            : <PayForm row={openRow} month={month} onDone={() => setOpen(null)} />}
        </section>
      )}
    </>
  );
}

const csvHref = (memberId: string, month: string, format: 'fr' | 'intl') =>
  `/api/v1/shop/consignors/${encodeURIComponent(memberId)}/statements/${month}/csv?format=${format}`;

/** "novembre 2026" / "November 2026" from "2026-11" (a calendar month: no time zone to apply). */
function monthLabel(month: string, locale: string): string {
  if (!/^\d{4}-\d{2}$/.test(month)) return month;
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
}

/** The lines behind a statement: each sale and refund of the month. */
function Details({ row, month }: { row: Row; month: string }) {
  const { t, fmt } = useShopI18n();
  const s = useApiQuery(shop.getStatement, { params: { memberId: row.consignorId, month } }, { staleTime: 0 });
  return (
    <div className="st-details">
      <h2 id="st-open">{t('st.detailsOf', { name: row.consignorName })}</h2>
      <ShopError error={s.error} />
      {s.isPending ? <Loading /> : s.data?.lines.length === 0 ? <p>{t('st.noLines')}</p> : (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="st-open"><table className="data">
          <thead>
            <tr>
              <th scope="col">{t('st.day')}</th><th scope="col">{t('ss.product')}</th><th scope="col">{t('ss.status')}</th><th scope="col" className="num">{t('st.units')}</th>
              <th scope="col" className="num">{t('st.sales')}</th><th scope="col" className="num">{t('st.commission')}</th><th scope="col" className="num">{t('st.commissionVat')}</th><th scope="col" className="num">{t('st.net')}</th>
            </tr>
          </thead>
          <tbody>
            {s.data?.lines.map((l, i) => (
              <tr key={`${l.orderId}-${l.productId}-${i}`}>
                <td>{fmt.date(`${l.day}T12:00:00Z`, 'short')}</td><td>{l.title}</td><td>{t(`st.kind.${l.kind}`)}</td><td className="num">{l.units}</td>
                <td className="num">{fmt.money(l.salesCents)}</td><td className="num">{fmt.money(l.commissionCents)}</td><td className="num">{fmt.money(l.commissionVatCents)}</td><td className="num">{fmt.money(l.netDueCents)}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </div>
  );
}

/** Records the payout of a closed month's statement: method, date, reference. */
function PayForm({ row, month, onDone }: { row: Row; month: string; onDone(): void }) {
  const { t, fmt, timeZone } = useShopI18n();
  const form = useFormState({ method: 'transfer', paidOn: dayIn(timeZone), reference: '' });
  const pay = useApiMutation(shop.markStatementPaid, () => {
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.monthStatements).slice(0, 1) });
    onDone();
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const v = form.values;
    const r = validate(shop.markStatementPaid.body, { method: v.method, paidOn: v.paidOn, ...(v.reference.trim() ? { reference: v.reference.trim() } : {}) }, t);
    form.setErrors(r.ok ? {} : r.errors);
    if (r.ok) pay.mutate({ params: { memberId: row.consignorId, month }, body: r.data });
  }
  return (
    <form className="st-pay" onSubmit={submit} noValidate aria-labelledby="st-open">
      <h2 id="st-open">{t('st.payoutOf', { name: row.consignorName, amount: fmt.money(row.totals.netDueCents) })}</h2>
      <div className="grid-3">
        <SelectField label={t('ss.payoutMethod')} {...form.bind('method')}>
          {(['transfer', 'cheque', 'cash'] as const).map((m) => <option key={m} value={m}>{t(`ss.method.${m}`)}</option>)}
        </SelectField>
        <Field label={t('st.paidOnInput')} type="date" required {...form.bind('paidOn')} />
        <Field label={`${t('ss.reference')} (${t('ss.optional')})`} maxLength={80} {...form.bind('reference')} />
      </div>
      <ShopError error={pay.error} />
      <button className="button primary" disabled={pay.isPending}>{t('st.confirmPaid')}</button>
    </form>
  );
}
