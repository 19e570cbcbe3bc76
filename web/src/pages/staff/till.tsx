import { useState } from 'react';
import { shop } from '@lieu/api';
import { keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../../app/api';
import { Loading, PageTitle } from '../../ui/Layout';
import { RequireUser } from '../../ui/guards';
import { DESK_METHODS, ShopError, useShopI18n } from './shopCommon';

type Product = CallOutput<typeof shop.manageProducts>['items'][number];
type Sale = CallOutput<typeof shop.tillSale>;
type Method = (typeof DESK_METHODS)[number];

/**
 * The till: an in-store sale on a tablet. Tap products (big buttons; a sold-out one cannot
 * be added, nor more than is on the shelf), adjust quantities, see the total, pick how it is paid,
 * charge: the API takes the stock and issues a numbered receipt in one transaction.
 */
export default function TillPage() {
  return (
    <RequireUser staff>
      <Till />
    </RequireUser>
  );
}

function Till() {
  const { t, fmt } = useShopI18n();
  const products = useApiQuery(shop.manageProducts, { query: {} }, { staleTime: 0 });
  const [q, setQ] = useState('');
  const [cart, setCart] = useState<Map<string, number>>(new Map());
  const [method, setMethod] = useState<Method>('cash');
  const [reference, setReference] = useState('');
  const [done, setDone] = useState<Sale | null>(null);
  const sell = useApiMutation(shop.tillSale, (sale) => {
    setDone(sale);
    setCart(new Map());
    setReference('');
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.manageProducts).slice(0, 1) });
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.catalogue).slice(0, 1) });
  });

  const all = [...(products.data?.items ?? [])].sort((a, b) => a.title.localeCompare(b.title, 'fr'));
  const byId = new Map(all.map((p) => [p.id, p]));
  const needle = q.trim().toLocaleLowerCase();
  const shown = needle ? all.filter((p) => `${p.title} ${p.category}`.toLocaleLowerCase().includes(needle)) : all;
  const lines = [...cart].flatMap(([id, n]) => { const p = byId.get(id); return p ? [{ product: p, quantity: n }] : []; });
  const total = lines.reduce((s, l) => s + l.product.priceCents * l.quantity, 0);

  const setQty = (p: Product, n: number) => {
    setDone(null);
    sell.reset();
    setCart((c) => {
      const next = new Map(c);
      const clamped = Math.min(Math.max(0, n), p.stock);
      if (clamped > 0) next.set(p.id, clamped); else next.delete(p.id);
      return next;
    });
  };
  const add = (p: Product) => setQty(p, (cart.get(p.id) ?? 0) + 1);

  return (
    <>
      <PageTitle>{t('till.title')}</PageTitle>
      <div className="till">
        <section aria-labelledby="till-products" className="till-products">
          <h2 id="till-products" className="visually-hidden">{t('till.products')}</h2>
          <div className="field till-search">
            <label htmlFor="till-q">{t('till.search')}</label>
            <input id="till-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
          </div>
          <ShopError error={products.error} />
          {products.isPending ? <Loading /> : shown.length === 0 ? <p>{t('till.noMatch')}</p> : (
            <ul className="till-grid">
              {shown.map((p) => {
                const inCart = cart.get(p.id) ?? 0;
                const out = p.stock <= 0;
                return (
                  <li key={p.id}>
                    <button type="button" className="till-product" disabled={out || inCart >= p.stock} onClick={() => add(p)}>
                      <span className="till-name">{p.title}</span>
                      <span className="till-price">{fmt.money(p.priceCents)}</span>
                      <span className={out ? 'till-stock out' : 'till-stock'}>{out ? t('ss.soldOut') : t('till.left', { n: p.stock - inCart })}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <section aria-labelledby="till-sale" className="card till-sale">
          <h2 id="till-sale">{t('till.sale')}</h2>
          {done && (
            <div className="alert alert-ok till-done" role="status">
              <p><strong>{t('till.done')}</strong></p>
              <p className="till-receipt">{t('till.receipt', { number: done.receipt.number })}</p>
              <p>{t('till.paidWith', { total: fmt.money(done.order.totalCents), method: t(`ss.method.${done.receipt.method as Method}`) })}</p>
              <p><a href={`/api/v1/billing/receipts/${encodeURIComponent(done.receipt.number)}`} target="_blank" rel="noreferrer">{t('till.openReceipt')}</a></p>
            </div>
          )}
          {lines.length === 0 ? (!done && <p>{t('till.empty')}</p>) : (
            <ul className="till-lines">
              {lines.map(({ product: p, quantity }) => (
                <li key={p.id}>
                  <span className="till-line-name">{p.title}</span>
                  <span className="till-qty">
                    <button type="button" className="button" aria-label={t('till.less', { title: p.title })} onClick={() => setQty(p, quantity - 1)}>−</button>
                    <output aria-label={t('till.qtyOf', { title: p.title })}>{quantity}</output>
                    <button type="button" className="button" aria-label={t('till.more', { title: p.title })} disabled={quantity >= p.stock} onClick={() => setQty(p, quantity + 1)}>+</button>
                  </span>
                  <span className="till-amount">{fmt.money(p.priceCents * quantity)}</span>
                  <button type="button" className="link-button" aria-label={t('till.remove', { title: p.title })} onClick={() => setQty(p, 0)}>×</button>
                </li>
              ))}
            </ul>
          )}
          <p className="till-total"><span>{t('till.total')}</span> <strong>{fmt.money(total)}</strong></p>
          <fieldset className="till-methods">
            <legend>{t('till.method')}</legend>
            {DESK_METHODS.map((m) => (
              <label key={m} className={method === m ? 'till-method on' : 'till-method'}>
                <input type="radio" name="till-method" value={m} checked={method === m} onChange={() => setMethod(m)} /> {t(`ss.method.${m}`)}
              </label>
            ))}
          </fieldset>
          {(method === 'cheque' || method === 'transfer' || method === 'card_terminal') && (
            <div className="field">
              <label htmlFor="till-ref">{t('ss.reference')} ({t('ss.optional')})</label>
              <input id="till-ref" maxLength={80} value={reference} onChange={(e) => setReference(e.target.value)} autoComplete="off" />
            </div>
          )}
          <ShopError error={sell.error} titles={new Map(all.map((p) => [p.id, p.title]))} />
          <div className="actions">
            <button type="button" className="button primary big till-charge" disabled={lines.length === 0 || sell.isPending}
              onClick={() => sell.mutate({ body: { lines: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })), method, ...(reference.trim() ? { reference: reference.trim() } : {}) } })}>
              {t('till.charge', { total: fmt.money(total) })}
            </button>
            {lines.length > 0 && <button type="button" className="button" onClick={() => setCart(new Map())}>{t('till.clear')}</button>}
          </div>
        </section>
      </div>
    </>
  );
}
