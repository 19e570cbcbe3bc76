import { useState } from 'react';
import { shop } from '@lieu/api';
import { addDays } from '@lieu/core/booking';
import { useApiQuery } from '../../app/api';
import { ErrorNote, Field } from '../../app/forms';
import { definePageDict, usePageI18n } from '../../app/pageDict';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';

/**
 * Exports for the accountant (issue 9): payments, shop sales and consignor statements as CSV files,
 * straight from the API's CSV routes. "French conventions" (on by default for a French reader) asks
 * for `format=fr`: `;` separators, decimal commas, dd/mm/yyyy dates and a UTF-8 BOM, which a French
 * Excel opens as columns at once.
 */
const dict = definePageDict({
  'ex.title': 'Exports comptables',
  'ex.intro': 'Fichiers CSV pour votre comptable. Les dates sont celles du fuseau de l’espace.',
  'ex.period': 'Période',
  'ex.from': 'Du',
  'ex.to': 'Au (inclus)',
  'ex.fr': 'Conventions françaises (séparateur « ; », virgule décimale, dates jj/mm/aaaa, pour Excel)',
  'ex.payments': 'Paiements',
  'ex.paymentsHint': 'Chaque paiement créé sur la période : reçu, membre, objet, catégorie, moyen, HT, TVA, TTC.',
  'ex.sales': 'Ventes de la boutique',
  'ex.salesHint': 'Une ligne par produit vendu (jour du paiement), les remboursements en négatif.',
  'ex.download': 'Télécharger le CSV',
  'ex.downloadOf': 'Télécharger le CSV : {what}',
  'ex.statements': 'Relevés des déposants',
  'ex.month': 'Mois',
  'ex.statementsHint': 'Le relevé de chaque déposant pour le mois : ventes, commission, TVA sur la commission, net dû.',
  'ex.noStatements': 'Aucun déposant ce mois-ci.',
  'ex.badRange': 'La date de fin doit suivre la date de début.',
}, {
  'ex.title': 'Accountant exports',
  'ex.intro': "CSV files for your accountant. Dates are in the space's time zone.",
  'ex.period': 'Period',
  'ex.from': 'From',
  'ex.to': 'To (inclusive)',
  'ex.fr': 'French conventions (";" separator, decimal comma, dd/mm/yyyy dates, for Excel)',
  'ex.payments': 'Payments',
  'ex.paymentsHint': 'Every payment created in the period: receipt, member, item, category, method, net, VAT, gross.',
  'ex.sales': 'Shop sales',
  'ex.salesHint': 'One row per product sold (on the day it was paid), refunds as negative rows.',
  'ex.download': 'Download the CSV',
  'ex.downloadOf': 'Download the CSV: {what}',
  'ex.statements': 'Consignor statements',
  'ex.month': 'Month',
  'ex.statementsHint': "Each consignor's statement for the month: sales, commission, VAT on the commission, net due.",
  'ex.noStatements': 'No consignors this month.',
  'ex.badRange': 'The end date must come after the start date.',
});

export default function ExportsPage() {
  return (
    <RequireUser staff>
      <Exports />
    </RequireUser>
  );
}

const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

function Exports() {
  const { t, locale, timeZone } = usePageI18n(dict);
  const today = todayIn(timeZone);
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`);
  const [to, setTo] = useState(today);
  const [month, setMonth] = useState(addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7));
  const [fr, setFr] = useState(locale === 'fr');
  const format = fr ? 'fr' : 'intl';
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const range = `from=${from}&to=${to}&format=${format}`;
  const statements = useApiQuery(shop.monthStatements, { query: { month } }, { enabled: /^\d{4}-\d{2}$/.test(month) });

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
        <section className="card" aria-labelledby="ex-sales">
          <h2 id="ex-sales">{t('ex.sales')}</h2>
          <p className="hint">{t('ex.salesHint')}</p>
          <Download href={valid ? `/api/v1/reports/sales.csv?${range}` : null} label={t('ex.downloadOf', { what: t('ex.sales') })} text={t('ex.download')} />
        </section>
      </div>
      <section className="card" aria-labelledby="ex-statements">
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
      </section>
    </>
  );
}

function Download({ href, label, text, small }: { href: string | null; label: string; text: string; small?: boolean }) {
  if (!href) return <button type="button" className="button" disabled>{text}</button>;
  return <a className={`button primary${small ? ' small' : ''}`} href={href} download aria-label={label}>{text}</a>;
}
