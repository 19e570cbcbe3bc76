import { useState } from 'react';
import { Link } from 'wouter';
import { billing, memberRecords, members } from '@lieu/api';
import { MEMBER_CATEGORIES, type MemberCategory } from '@lieu/core';
import { keyOf, queryClient, useApiMutation, useApiQuery } from '../../app/api';
import { ErrorNote, Notice, SelectField } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { BOOKABLE, useMe, useRuns } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { Qualifications } from './members';

// The member page shows payment, plan and order states in the words the member's own pages use.
const useMemberPageI18n = () => usePageI18n('billing', 'shop', 'staff', 'backOffice', 'book');

/** Staff: one person of the space — profile, price category, plan, credits, bookings, orders, payments, qualifications. */
export function MemberPage({ memberId }: { memberId: string }) {
  const { t, fmt } = useMemberPageI18n();
  const { user: me } = useMe();
  const runs = useRuns();
  const person = useApiQuery(members.getMember, { params: { memberId } }, { staleTime: 0 });
  const update = useApiMutation(members.updateMember, () => void queryClient.invalidateQueries({ queryKey: keyOf(members.getMember).slice(0, 1) }));
  if (person.isPending) return <Loading />;
  if (!person.data) return <ErrorNote error={person.error} />;
  const p = person.data;
  return (
    <>
      <p><Link href="/staff/members">← {t('mp.back')}</Link></p>
      <PageTitle>{p.name}</PageTitle>
      <section className="card" aria-labelledby="mp-profile">
        <h2 id="mp-profile">{t('mp.profile')}</h2>
        <dl className="facts">
          <dt>{t('form.email')}</dt><dd>{p.email ?? '—'}</dd>
          <dt>{t('mp.phone')}</dt><dd>{p.phone ?? '—'}</dd>
          <dt>{t('members.role')}</dt><dd>{t(`role.${p.role}`)}</dd>
          <dt>{t('members.status')}</dt><dd><span className={`status status-${p.status}`}>{t(`members.status.${p.status}`)}</span></dd>
          <dt>{t('members.joined')}</dt><dd>{fmt.date(p.createdAt, 'short')}</dd>
        </dl>
        {p.id !== me?.id && p.role === 'member' && p.status !== 'erased' && (
          <button type="button" className="button" disabled={update.isPending}
            onClick={() => update.mutate({ params: { memberId }, body: { status: p.status === 'active' ? 'suspended' : 'active' } })}>
            {t(p.status === 'active' ? 'members.suspend' : 'members.reactivate')}
          </button>
        )}
        <ErrorNote error={update.error} />
      </section>
      <Billing memberId={memberId} />
      {runs(BOOKABLE) && <Bookings memberId={memberId} />}
      {runs('shop') && <Orders memberId={memberId} />}
      {runs('machines') && p.status === 'active' && <Qualifications memberId={memberId} name={p.name} />}
    </>
  );
}

function Billing({ memberId }: { memberId: string }) {
  const { t, fmt } = useMemberPageI18n();
  const page = useApiQuery(billing.memberBilling, { params: { memberId } }, { staleTime: 0 });
  const [category, setCategory] = useState<MemberCategory | ''>('');
  const save = useApiMutation(billing.setMemberCategory, () => {
    void queryClient.invalidateQueries({ queryKey: keyOf(billing.memberBilling).slice(0, 1) });
    void queryClient.invalidateQueries({ queryKey: keyOf(members.listMembers).slice(0, 1) });
  });
  const d = page.data;
  const current = category || d?.profile.category || 'standard';
  const amount = (unit: string, n: number) => (unit === 'minute' ? t('mp.minutes', { n }) : t('mp.days', { n }));
  return (
    <section className="card" aria-labelledby="mp-billing">
      <h2 id="mp-billing">{t('mp.billing')}</h2>
      <ErrorNote error={page.error ?? save.error} />
      {!d ? (page.isPending ? <Loading /> : null) : (
        <>
          <form className="inline-form" onSubmit={(e) => { e.preventDefault(); save.mutate({ params: { memberId }, body: { category: current } }); }}>
            <SelectField label={t('bo.category')} value={current} onChange={(e) => setCategory(e.target.value as MemberCategory)}>
              {MEMBER_CATEGORIES.map((c) => <option key={c} value={c}>{t(`cat.${c}`)}</option>)}
            </SelectField>
            <button className="button primary" disabled={save.isPending || current === d.profile.category}>{t('mp.changeCategory')}</button>
          </form>
          {save.isSuccess && <Notice>{t('mp.categorySaved')}</Notice>}
          <p>
            {t('bo.labelled', {
              label: t('bo.plan'),
              value: !d.plan ? t('bo.noPlan') : t('mp.planLine', { name: d.plan.name, status: t(`bill.planStatus.${d.plan.status}` as never) })
                + (d.plan.renewsOn ? `, ${t('mp.renews', { date: fmt.date(d.plan.renewsOn, 'short') })}` : d.plan.validUntil ? `, ${t('mp.until', { date: fmt.date(d.plan.validUntil, 'short') })}` : ''),
            })}
          </p>
          <p>{d.profile.duesValidUntil ? t('mp.dues', { date: fmt.date(d.profile.duesValidUntil, 'short') }) : t('mp.noDues')}</p>
          <h3>{t('mp.credits')}</h3>
          {d.credits.length === 0 ? <p>{t('mp.noCredits')}</p> : (
            <ul>{d.credits.map((c) => <li key={c.id}>{t('mp.creditLine', { name: c.name, left: amount(c.unit, c.remaining), date: fmt.date(c.validUntil, 'short') })}</li>)}</ul>
          )}
          <h3>{t('mp.payments')}</h3>
          {d.payments.length === 0 ? <p>{t('mp.noPayments')}</p> : (
            <div className="table-scroll">
              <table className="data">
                <thead><tr><th scope="col">{t('mp.when')}</th><th scope="col">{t('mp.what')}</th><th scope="col">{t('mp.amount')}</th><th scope="col">{t('mp.state')}</th></tr></thead>
                <tbody>
                  {d.payments.map((pay) => (
                    <tr key={pay.id}>
                      <td>{fmt.date(pay.createdAt, 'short')}</td>
                      <td>{pay.item.label}</td>
                      <td>{fmt.money(pay.totalCents)}</td>
                      <td>
                        {t(`bill.status.${pay.status}` as never)}
                        {pay.dispute && <> · <strong>{t(`bill.dispute.${pay.dispute.status}`)}</strong></>}
                        {!!pay.refundedCents && pay.status !== 'refunded' && <> · {t('bill.refundedAmount', { amount: fmt.money(pay.refundedCents) })}</>}
                        {pay.receiptNumber && <> · <a href={`/api/v1/billing/receipts/${pay.receiptNumber}`} target="_blank" rel="noreferrer">{t('mp.receipt', { number: pay.receiptNumber })}</a></>}
                        {pay.creditNotes?.map((c) => <span key={c.number}> · <a href={c.url} target="_blank" rel="noreferrer">{t('bill.creditNote', { number: c.number })}</a></span>)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Bookings({ memberId }: { memberId: string }) {
  const { t, fmt } = useMemberPageI18n();
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  const list = useApiQuery(memberRecords.memberBookings, { params: { memberId }, query: { when, limit: 20 } }, { staleTime: 0 });
  return (
    <section className="card" aria-labelledby="mp-bookings">
      <h2 id="mp-bookings">{t('mp.bookings')}</h2>
      <div className="tabs" role="group" aria-label={t('mp.bookings')}>
        {(['upcoming', 'past'] as const).map((w) => (
          <button key={w} type="button" className="button small" aria-pressed={when === w} onClick={() => setWhen(w)}>{t(w === 'upcoming' ? 'mp.upcoming' : 'mp.past')}</button>
        ))}
      </div>
      <ErrorNote error={list.error} />
      {list.isPending ? <Loading /> : list.data?.items.length === 0 ? <p>{t('mp.noBookings')}</p> : (
        <ul className="cal-list">
          {list.data?.items.map((b) => (
            <li key={b.id}>
              {fmt.date(b.start, 'short')}, {fmt.time(b.start)}–{fmt.time(b.end)} · {b.resourceName} · {t(`my.status.${b.status}` as never)} · {fmt.money(b.quote.totalCents)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Orders({ memberId }: { memberId: string }) {
  const { t, fmt } = useMemberPageI18n();
  const list = useApiQuery(memberRecords.memberOrders, { params: { memberId }, query: { limit: 20 } }, { staleTime: 0 });
  return (
    <section className="card" aria-labelledby="mp-orders">
      <h2 id="mp-orders">{t('mp.orders')}</h2>
      <ErrorNote error={list.error} />
      {list.isPending ? <Loading /> : list.data?.items.length === 0 ? <p>{t('mp.noOrders')}</p> : (
        <ul className="cal-list">
          {list.data?.items.map((o) => (
            <li key={o.id}>
              {fmt.date(o.createdAt, 'short')} · {o.lines.map((l) => `${l.quantity} × ${l.title}`).join(', ')} · {fmt.money(o.totalCents)} · {t(`shop.status.${o.status}` as never)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
