import { useState } from 'react';
import { shop } from '@lieu/api';
import { addDays } from '@lieu/core/booking';
import { useApiQuery } from '../../app/api';
import { ErrorNote, Field } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { useRuns } from '../../app/site';


/**
 * Exports for the accountant: payments, shop sales and consignor statements as CSV files,
 * straight from the API's CSV routes. "French conventions" (on by default for a French reader) asks
 * for `format=fr`: `;` separators, decimal commas, dd/mm/yyyy dates and a UTF-8 BOM, which a French
 * Excel opens as columns at once.
 */
export default function ExportsPage() {
  return (
    <RequireUser staff>
      <Exports />
    </RequireUser>
  );
}

const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

function Exports() {
  const { t, locale, timeZone } = usePageI18n('exports', 'backOffice', 'book');
  const today = todayIn(timeZone);
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`);
  const [to, setTo] = useState(today);
  const [month, setMonth] = useState(addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7));
  const [fr, setFr] = useState(locale === 'fr');
  const format = fr ? 'fr' : 'intl';
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const range = `from=${from}&to=${to}&format=${format}`;
  // Shop sales and consignment statements belong to the shop module.
  const withShop = useRuns()('shop');
  const statements = useApiQuery(shop.monthStatements, { query: { month } }, { enabled: withShop && /^\d{4}-\d{2}$/.test(month) });

  return (
    <>
      <PageTitle>{t('ex.title')}</PageTitle>
      <p className="hint">{t('ex.intro')}</p>
      <section className="card" aria-labelledby="ex-options">
        <h2 id="ex-options">{t('ex.period')}</h2>
        <div className="audit-filters">
          <Field label={t('ex.from')} type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          <Field label={t('ex.to')} type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} error={valid ? undefined : t('ex.badRange')} />
        </div>
        <label className="ex-check"><input type="checkbox" checked={fr} onChange={(e) => setFr(e.target.checked)} /> {t('ex.fr')}</label>
      </section>
      <div className="grid-2">
        <section className="card" aria-labelledby="ex-payments">
          <h2 id="ex-payments">{t('ex.payments')}</h2>
          <p className="hint">{t('ex.paymentsHint')}</p>
          <Download href={valid ? `/api/v1/billing/reports/payments.csv?${range}` : null} label={t('ex.downloadOf', { what: t('ex.payments') })} text={t('ex.download')} />
        </section>
        {withShop && <section className="card" aria-labelledby="ex-sales">
          <h2 id="ex-sales">{t('ex.sales')}</h2>
          <p className="hint">{t('ex.salesHint')}</p>
          <Download href={valid ? `/api/v1/reports/sales.csv?${range}` : null} label={t('ex.downloadOf', { what: t('ex.sales') })} text={t('ex.download')} />
        </section>}
      </div>
      {withShop && <section className="card" aria-labelledby="ex-statements">
        <h2 id="ex-statements">{t('ex.statements')}</h2>
        <p className="hint">{t('ex.statementsHint')}</p>
        <div className="audit-filters">
          <Field label={t('ex.month')} type="month" value={month} max={today.slice(0, 7)} onChange={(e) => setMonth(e.target.value)} />
        </div>
        <ErrorNote error={statements.error} />
        {statements.isPending ? <Loading /> : (statements.data?.items.length ?? 0) === 0 ? <p>{t('ex.noStatements')}</p> : (
          <ul className="db-list">
            {statements.data!.items.map((s) => (
              <li key={s.consignorId} className="export-row">
                <span>{s.consignorName}</span>
                <Download href={`/api/v1/shop/consignors/${s.consignorId}/statements/${month}/csv?format=${format}`} label={t('ex.downloadOf', { what: `${t('ex.statements')} — ${s.consignorName}` })} text={t('ex.download')} small />
              </li>
            ))}
          </ul>
        )}
      </section>}
    </>
  );
}

function Download({ href, label, text, small }: { href: string | null; label: string; text: string; small?: boolean }) {
  if (!href) return <button type="button" className="button" disabled>{text}</button>;
  return <a className={`button primary${small ? ' small' : ''}`} href={href} download aria-label={label}>{text}</a>;
}
