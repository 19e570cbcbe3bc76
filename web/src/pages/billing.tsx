import { useState } from 'react';
import { billing } from '@lieu/api';
import { call, keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../app/api';
import type { AppKey } from '../app/messages';
import { ErrorNote, Notice } from '../app/forms';
import { usePageI18n } from '../app/i18n';
import { Loading, PageTitle } from '../ui/Layout';
import { RequireUser } from '../ui/guards';
import './shop.css';

const useI18n = () => usePageI18n('billing');
type Page = CallOutput<typeof billing.myBilling>;
type Payment = Page['payments'][number];
type Invoice = Page['invoices'][number];

export default function BillingPage() {
  return (
    <RequireUser>
      <Billing />
    </RequireUser>
  );
}

/** A local date (YYYY-MM-DD) or an instant, as the API gives them, for `fmt.date`. */
const asInstant = (d: string) => (d.length === 10 ? `${d}T12:00:00Z` : d);

/** Amounts of credits and quotas in words: "1 jour", "10 days", "5 heures", "2.5 hours". */
function useAmount() {
  const { locale } = useI18n();
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  return (amount: number, unit: string) => unit === 'day'
    ? new Intl.NumberFormat(tag, { style: 'unit', unit: 'day', unitDisplay: 'long', maximumFractionDigits: 1 }).format(amount)
    : new Intl.NumberFormat(tag, { style: 'unit', unit: 'hour', unitDisplay: 'long', maximumFractionDigits: 1 }).format(amount / 60);
}

/** The resource kinds the portal has words for (`res.kind.*`), else the kind itself. */
function useKinds() {
  const { t } = useI18n();
  return (kinds: string[]) => kinds.map((k) => (['desk', 'desk_area', 'room', 'machine', 'other'].includes(k) ? t(`res.kind.${k}` as AppKey) : k)).join(', ');
}

/** My billing page: plan and renewal, credits left, quotas used, buying a pass (paid at the desk), payments and receipts. */
function Billing() {
  const { t } = useI18n();
  const page = useApiQuery(billing.myBilling, undefined, { staleTime: 0 });
  if (page.isPending) return <Loading />;
  if (page.error) return <><PageTitle>{t('bill.title')}</PageTitle><ErrorNote error={page.error} /></>;
  const data = page.data;
  return (
    <>
      <PageTitle>{t('bill.title')}</PageTitle>
      <PlanCard data={data} />
      <Credits data={data} />
      <Buy stripe={data.stripe.connected} />
      <Payments payments={data.payments} stripe={data.stripe.connected} />
      {data.invoices.length > 0 && <Invoices invoices={data.invoices} />}
    </>
  );
}

function PlanCard({ data }: { data: Page }) {
  const { t, fmt } = useI18n();
  const plan = data.plan;
  return (
    <section className="card" aria-labelledby="bill-plan">
      <h2 id="bill-plan">{t('bill.plan')}</h2>
      {plan ? (
        <>
          <p><strong>{plan.name}</strong>{' '}
            <span className={`status status-${plan.status === 'active' ? 'active' : 'suspended'}`}>{t(`bill.planStatus.${plan.status as 'active'}`)}</span>
          </p>
          <p className="hint">
            {plan.renewsOn ? t('bill.renews', { date: fmt.date(asInstant(plan.renewsOn)) })
              : plan.validUntil ? t('bill.ends', { date: fmt.date(asInstant(plan.validUntil)) }) : null}
            {' · '}{t(`bill.channel.${plan.channel as 'desk'}`)}
          </p>
        </>
      ) : <p>{t('bill.noPlan')}</p>}
      <p className="hint">
        {t('bill.category', { category: t(`bill.cat.${data.profile.category}`) })}
        {data.profile.duesValidUntil && <> · {t('bill.dues', { date: fmt.date(asInstant(data.profile.duesValidUntil), 'short') })}</>}
      </p>
    </section>
  );
}

function Credits({ data }: { data: Page }) {
  const { t, fmt } = useI18n();
  const amount = useAmount();
  const kinds = useKinds();
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="bill-credits">
        <h2 id="bill-credits">{t('bill.credits')}</h2>
        {data.credits.length === 0 ? <p>{t('bill.noCredits')}</p> : (
          <ul className="meters">
            {data.credits.map((c) => (
              <li key={c.id} className="credit">
                <strong>{c.name}</strong>
                <p className="hint">{t('bill.creditLeft', { amount: amount(c.remaining, c.unit), kinds: kinds(c.resourceKinds), date: fmt.date(asInstant(c.validUntil), 'short') })}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {data.quotas.length > 0 && (
        <section className="card" aria-labelledby="bill-quotas">
          <h2 id="bill-quotas">{t('bill.quotas')}</h2>
          <ul className="meters">
            {data.quotas.map((q) => {
              const label = t('bill.quotaUsed', { kind: kinds([q.resourceKind]), used: amount(q.used, q.unit), limit: amount(q.limit, q.unit) });
              return (
                <li key={`${q.resourceKind}-${q.period}`}>
                  <span>{label}</span>
                  <progress max={q.limit} value={Math.min(q.used, q.limit)} aria-label={label} />
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}

/** The catalogue's passes, plans and dues: buying one reserves a payment to make at the desk. */
function Buy({ stripe }: { stripe: boolean }) {
  const { t, fmt } = useI18n();
  const amount = useAmount();
  const kinds = useKinds();
  const catalogue = useApiQuery(billing.getCatalogue);
  const [bought, setBought] = useState<string | null>(null);
  const buy = useApiMutation(billing.purchase, (p) => {
    setBought(t('bill.bought', { name: p.item.label, price: fmt.money(p.totalCents) }));
    void queryClient.invalidateQueries({ queryKey: keyOf(billing.myBilling) });
  });
  const price = (cents: number, interval: 'month' | 'year') => t(interval === 'month' ? 'bill.perMonth' : 'bill.perYear', { price: fmt.money(cents) });
  const c = catalogue.data;
  const passes = c?.passes.filter((p) => p.active) ?? [];
  const plans = c?.plans.filter((p) => p.active) ?? [];
  const dues = c?.dues.filter((d) => d.active) ?? [];
  return (
    <section className="card" aria-labelledby="bill-buy">
      <h2 id="bill-buy">{t('bill.buy')}</h2>
      <p className="hint">{t(stripe ? 'bill.buyHintStripe' : 'bill.buyHint')}</p>
      <ErrorNote error={catalogue.error ?? buy.error} />
      {bought && <Notice>{bought}</Notice>}
      {catalogue.isPending && <Loading />}
      {passes.length > 0 && <h3>{t('bill.passes')}</h3>}
      <ul className="bookings">
        {passes.map((p) => (
          <li key={p.id} className="booking">
            <div>
              <strong>{p.name}</strong> — {fmt.money(p.priceCents)}
              <p className="hint">{t('bill.passDetail', { amount: amount(p.amount, p.unit), kinds: kinds(p.resourceKinds), days: p.validityDays })}</p>
            </div>
            <button type="button" className="button small" disabled={buy.isPending} aria-label={t('bill.buyName', { name: p.name })}
              onClick={() => buy.mutate({ body: { kind: 'pass', id: p.id } })}>{t('bill.buyPass')}</button>
          </li>
        ))}
      </ul>
      {plans.length > 0 && <h3>{t('bill.plans')}</h3>}
      <ul className="bookings">
        {plans.map((p) => (
          <li key={p.id} className="booking">
            <div>
              <strong>{p.name}</strong> — {price(p.priceCents, p.interval)}
              {p.description && <p className="hint">{p.description}</p>}
            </div>
            <button type="button" className="button small" disabled={buy.isPending} aria-label={t('bill.subscribeName', { name: p.name })}
              onClick={() => buy.mutate({ body: { kind: 'plan', id: p.id } })}>{t('bill.subscribe')}</button>
          </li>
        ))}
      </ul>
      {dues.length > 0 && <h3>{t('bill.dues.title')}</h3>}
      <ul className="bookings">
        {dues.map((d) => (
          <li key={d.id} className="booking">
            <div><strong>{d.name}</strong> — {price(d.priceCents, d.interval)}</div>
            <button type="button" className="button small" disabled={buy.isPending} aria-label={t('bill.payName', { name: d.name })}
              onClick={() => buy.mutate({ body: { kind: 'dues', id: d.id } })}>{t('bill.pay')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Payments({ payments, stripe }: { payments: Payment[]; stripe: boolean }) {
  const { t, fmt } = useI18n();
  const [error, setError] = useState<unknown>(null);
  async function payOnline(p: Payment) {
    try {
      const session = await call(billing.stripeCheckout, { body: { paymentId: p.id } });
      window.location.assign(session.url);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section className="card" aria-labelledby="bill-payments">
      <h2 id="bill-payments">{t('bill.payments')}</h2>
      <ErrorNote error={error} />
      {payments.length === 0 ? <p>{t('bill.noPayments')}</p> : (
        <ul className="bookings">
          {payments.map((p) => (
            <li key={p.id} className="booking payment">
              <div>
                <strong>{p.item.label}</strong> — {fmt.money(p.totalCents)}
                <p className="hint">
                  <span className={`status status-${p.status === 'paid' ? 'active' : 'suspended'}`}>{t(`bill.status.${p.status}`)}</span>{' '}
                  {fmt.date(p.createdAt, 'short')}
                  {p.status === 'pending' && p.channel === 'desk' && <> · {t('bill.atDesk')}</>}
                  {p.paidAt && <> · {t('bill.paidOn', { date: fmt.date(p.paidAt, 'short') })}</>}
                  {!!p.refundedCents && p.status !== 'refunded' && <> · {t('bill.refundedAmount', { amount: fmt.money(p.refundedCents) })}</>}
                  {p.dispute && <> · <span className={`status status-${p.dispute.status === 'won' ? 'active' : 'suspended'}`}>{t(`bill.dispute.${p.dispute.status}`)}</span></>}
                </p>
              </div>
              {p.receiptUrl && p.receiptNumber && (
                <a href={p.receiptUrl} target="_blank" rel="noreferrer">{t('bill.receipt', { number: p.receiptNumber })}</a>
              )}
              {p.creditNotes?.map((c) => (
                <a key={c.number} href={c.url} target="_blank" rel="noreferrer">{t('bill.creditNote', { number: c.number })}</a>
              ))}
              {p.status === 'pending' && stripe && (
                <button type="button" className="button small" aria-label={t('bill.payOnlineName', { label: p.item.label })} onClick={() => void payOnline(p)}>{t('bill.payOnline')}</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Stripe invoices of my subscription (stored from the webhooks): number, date, amount, status, Stripe's page and PDF. */
function Invoices({ invoices }: { invoices: Invoice[] }) {
  const { t, fmt } = useI18n();
  return (
    <section className="card" aria-labelledby="bill-invoices">
      <h2 id="bill-invoices">{t('bill.invoices')}</h2>
      <ul className="bookings">
        {invoices.map((i) => {
          const name = i.number ?? fmt.date(i.createdAt, 'short');
          return (
            <li key={i.id} className="booking payment">
              <div>
                <strong>{i.number ? t('bill.invoiceNumber', { number: i.number }) : t('bill.invoiceNoNumber')}</strong> — {fmt.money(i.amountCents)}
                <p className="hint">
                  <span className={`status status-${i.status === 'paid' ? 'active' : 'suspended'}`}>{t(`bill.invoice.${i.status}`)}</span>{' '}
                  {fmt.date(i.createdAt, 'short')}
                </p>
              </div>
              {i.hostedInvoiceUrl && (
                <a href={i.hostedInvoiceUrl} target="_blank" rel="noreferrer" aria-label={t('bill.invoiceViewName', { number: name })}>{t('bill.invoiceView')}</a>
              )}
              {i.pdfUrl && (
                <a href={i.pdfUrl} target="_blank" rel="noreferrer" aria-label={t('bill.invoicePdfName', { number: name })}>{t('bill.invoicePdf')}</a>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
