import { useId, useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ORDER_STATUSES } from '@lieu/core';
import { shop } from '@lieu/api';
import { call, keyOf, queryClient, useApiMutation, type CallOutput } from '../../app/api';
import { Field, Notice, SelectField } from '../../app/forms';
import { Loading } from '../../ui/Layout';
import { DESK_METHODS, ShopError, useShopI18n } from './shopCommon';

type Order = CallOutput<typeof shop.listOrders>['items'][number];
const LIST_KEY = keyOf(shop.listOrders, 'staff');
const refresh = () => {
  void queryClient.invalidateQueries({ queryKey: LIST_KEY });
  void queryClient.invalidateQueries({ queryKey: keyOf(shop.manageProducts).slice(0, 1) });
};

/**
 * The shop's orders, newest first, filtered by state; each moves on from here: a reserved order is
 * paid at the desk (or cancelled), a paid one becomes ready then collected, a paid one is refunded
 * in full or in part, with or without putting the items back in stock.
 */
export function OrdersSection() {
  const { t } = useShopI18n();
  const [status, setStatus] = useState<string>('');
  const orders = useInfiniteQuery({
    queryKey: LIST_KEY,
    queryFn: ({ pageParam }) => call(shop.listOrders, { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
  const all = orders.data?.pages.flatMap((p) => p.items) ?? [];
  const shown = status ? all.filter((o) => o.status === status) : all;
  return (
    <section className="card" aria-labelledby="ss-orders">
      <h2 id="ss-orders">{t('ss.orders')}</h2>
      <div className="ss-filter">
        <SelectField label={t('ss.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('ss.allStatuses')}</option>
          {ORDER_STATUSES.map((s) => <option key={s} value={s}>{t(`ss.status.${s}`)}</option>)}
        </SelectField>
      </div>
      <ShopError error={orders.error} />
      {orders.isPending ? <Loading /> : shown.length === 0 ? <p>{t('ss.noOrders')}</p> : (
        <ul className="ss-orders">
          {shown.map((o) => <OrderCard key={o.id} order={o} />)}
        </ul>
      )}
      {orders.hasNextPage && <button type="button" className="button" onClick={() => void orders.fetchNextPage()}>{t('ss.more')}</button>}
    </section>
  );
}

function OrderCard({ order: o }: { order: Order }) {
  const { t, fmt } = useShopI18n();
  const [method, setMethod] = useState<(typeof DESK_METHODS)[number]>('cash');
  const [refunding, setRefunding] = useState(false);
  const pay = useApiMutation(shop.payOrder, refresh);
  const move = useApiMutation(shop.moveOrder, refresh);
  const cancel = useApiMutation(shop.cancelOrder, refresh);
  const refund = useApiMutation(shop.refundOrder, () => { setRefunding(false); refresh(); });
  const titles = new Map(o.lines.map((l) => [l.productId, l.title]));
  const over = o.status === 'cancelled' || o.status === 'expired' || o.status === 'refunded';
  const paid = o.status === 'paid' || o.status === 'ready' || o.status === 'collected';
  return (
    <li className="ss-order card">
      <div className="ss-order-head">
        <h3>{t('ss.orderOf', { buyer: o.buyerName, date: fmt.date(o.createdAt, 'short'), time: fmt.time(o.createdAt) })}</h3>
        <p>
          <span className={`status status-${over ? 'suspended' : 'active'}`}>{t(`ss.status.${o.status}`)}</span>{' '}
          <span className="hint">{t(`ss.source.${o.source}`)}</span>{' '}
          <strong>{fmt.money(o.totalCents)}</strong>
          {o.refundedCents > 0 && <span className="hint"> · {t('ss.refundedAmount', { amount: fmt.money(o.refundedCents) })}</span>}
        </p>
      </div>
      <ul className="order-lines">
        {o.lines.map((l) => <li key={l.productId}>{l.quantity} × {l.title} — {fmt.money(l.amountCents)}{l.refunded > 0 && <span className="hint"> ({t('ss.unitsRefunded', { n: l.refunded })})</span>}</li>)}
      </ul>
      <div className="row-actions ss-order-actions">
        {o.status === 'held' && o.channel === 'desk' && (
          <>
            <SelectField label={t('till.method')} value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              {DESK_METHODS.map((m) => <option key={m} value={m}>{t(`ss.method.${m}`)}</option>)}
            </SelectField>
            <button type="button" className="button primary" disabled={pay.isPending} aria-label={t('ss.takeWith', { buyer: o.buyerName })}
              onClick={() => pay.mutate({ params: { orderId: o.id }, body: { method } })}>{t('ss.take')}</button>
          </>
        )}
        {o.status === 'held' && (
          <button type="button" className="button" disabled={cancel.isPending} onClick={() => cancel.mutate({ params: { orderId: o.id } })}>{t('ss.cancelOrder')}</button>
        )}
        {o.status === 'paid' && (
          <button type="button" className="button" disabled={move.isPending} onClick={() => move.mutate({ params: { orderId: o.id }, body: { status: 'ready' } })}>{t('ss.markReady')}</button>
        )}
        {(o.status === 'paid' || o.status === 'ready') && (
          <button type="button" className="button" disabled={move.isPending} onClick={() => move.mutate({ params: { orderId: o.id }, body: { status: 'collected' } })}>{t('ss.markCollected')}</button>
        )}
        {paid && (
          <button type="button" className="button" aria-expanded={refunding} aria-label={t('ss.refundOf', { buyer: o.buyerName })} onClick={() => { refund.reset(); setRefunding(!refunding); }}>{t('ss.refund')}</button>
        )}
      </div>
      <ShopError error={pay.error ?? move.error ?? cancel.error} titles={titles} />
      {pay.isSuccess && <Notice>{t('ss.paidDone', { number: pay.data.receipt.number })}</Notice>}
      {refund.isSuccess && !refunding && <Notice>{t('ss.refundDone')}</Notice>}
      {refunding && paid && <RefundForm key={o.version} order={o} refund={refund} />}
    </li>
  );
}

/** Units to refund per line (all that is left by default), restock or not, a reason; the amount shown first. */
function RefundForm({ order, refund }: { order: Order; refund: ReturnType<typeof useApiMutation<typeof shop.refundOrder>> }) {
  const { t, fmt } = useShopI18n();
  const reasonId = useId();
  const left = (l: Order['lines'][number]) => l.quantity - l.refunded;
  const [qty, setQty] = useState<Record<string, string>>(() => Object.fromEntries(order.lines.map((l) => [l.productId, String(left(l))])));
  const [restock, setRestock] = useState(true);
  const [reason, setReason] = useState('');
  const lines = order.lines.map((l) => ({ line: l, n: Math.max(0, Math.min(left(l), Math.floor(Number(qty[l.productId] ?? 0)) || 0)) }));
  // The API's rule: units are priced at the line's unit amount; the last ones take what earlier refunds left.
  const refundedOf = (productId: string) => order.refunds.flatMap((r) => r.lines).filter((x) => x.productId === productId).reduce((s, x) => s + x.amountCents, 0);
  const amount = lines.reduce((s, { line, n }) => s + (n === 0 ? 0 : n === left(line)
    ? line.amountCents - refundedOf(line.productId)
    : Math.round((line.amountCents * n) / line.quantity)), 0);
  const full = lines.every(({ line, n }) => n === left(line));
  function submit(e: FormEvent) {
    e.preventDefault();
    const asked = lines.filter((l) => l.n > 0).map((l) => ({ productId: l.line.productId, quantity: l.n }));
    refund.mutate({ params: { orderId: order.id }, body: { ...(full ? {} : { lines: asked }), restock, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
  }
  return (
    <form className="ss-refund" onSubmit={submit} noValidate>
      <div className="grid-3">
        {order.lines.filter((l) => left(l) > 0).map((l) => (
          <Field key={l.productId} label={t('ss.refundQty', { title: l.title })} type="number" min={0} max={left(l)} inputMode="numeric"
            value={qty[l.productId] ?? ''} onChange={(e) => setQty((q) => ({ ...q, [l.productId]: e.target.value }))} />
        ))}
      </div>
      <label className="check"><input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} /> {t('ss.restock')}</label>
      <div className="field">
        <label htmlFor={reasonId}>{t('ss.reason')} ({t('ss.optional')})</label>
        <input id={reasonId} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ShopError error={refund.error} />
      <button className="button danger" disabled={refund.isPending || amount <= 0}>{t('ss.refundGo', { amount: fmt.money(amount) })}</button>
    </form>
  );
}
