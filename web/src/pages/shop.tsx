import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { billing, shop } from '@lieu/api';
import { call, keyOf, queryClient, useApiMutation, useApiQuery, type CallOutput } from '../app/api';
import { cartChanged, cartStorageKey } from '../app/cart';
import { ErrorNote, Notice } from '../app/forms';
import { usePageI18n } from '../app/i18n';
import { useMe, useTenant } from '../app/site';
import { Loading, PageTitle } from '../ui/Layout';
import { RequireUser } from '../ui/guards';
import './shop.css';

const useI18n = () => usePageI18n('shop');

type Product = CallOutput<typeof shop.catalogue>['items'][number];
type Order = CallOutput<typeof shop.myOrders>['items'][number];
interface CartLine { productId: string; title: string; unitCents: number; quantity: number }

/** The cart lives on this device, per space (a member may shop before signing in). */
function useCart(slug: string) {
  const storageKey = cartStorageKey(slug);
  const [lines, setLines] = useState<CartLine[]>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as unknown;
      return Array.isArray(saved) ? (saved as CartLine[]) : [];
    } catch {
      return [];
    }
  });
  useEffect(() => {
    localStorage.setItem(storageKey, JSON.stringify(lines));
    cartChanged(); // the header's count
  }, [storageKey, lines]);
  return {
    lines,
    add: (p: Product) => setLines((ls) => ls.some((l) => l.productId === p.id)
      ? ls.map((l) => (l.productId === p.id ? { ...l, quantity: Math.min(l.quantity + 1, p.available) } : l))
      : [...ls, { productId: p.id, title: p.title, unitCents: p.priceCents, quantity: 1 }]),
    setQuantity: (productId: string, quantity: number) => setLines((ls) => ls.map((l) => (l.productId === productId ? { ...l, quantity } : l))),
    remove: (productId: string) => setLines((ls) => ls.filter((l) => l.productId !== productId)),
    clear: () => setLines([]),
  };
}
type Cart = ReturnType<typeof useCart>;

/** The shop: the catalogue (search, category), the cart, and ordering (pay online or at the desk). */
export default function ShopPage() {
  const tenant = useTenant();
  const { t, fmt, locale } = useI18n();
  const { user } = useMe();
  const percent = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 });
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const list = useApiQuery(shop.catalogue, { query: { ...(q ? { q } : {}), ...(category ? { category } : {}) } }, { placeholderData: (prev) => prev });
  // The categories of the whole catalogue, so the filter does not shrink to the one chosen.
  const all = useApiQuery(shop.catalogue, { query: {} });
  const cart = useCart(tenant.slug);
  const inCart = (id: string) => cart.lines.find((l) => l.productId === id)?.quantity ?? 0;
  // What was just added, said where the reader is (a phone's cart is far below the products). The
  // live region stays on the page, so a screen reader hears each change of its words.
  const [added, setAdded] = useState<{ name: string; seq: number } | null>(null);
  useEffect(() => {
    if (!added) return;
    const done = setTimeout(() => setAdded(null), 4000);
    return () => clearTimeout(done);
  }, [added]);
  function add(p: Product) {
    cart.add(p);
    setAdded((a) => ({ name: p.title, seq: (a?.seq ?? 0) + 1 }));
  }
  const items = cart.lines.reduce((n, l) => n + l.quantity, 0);

  function search(e: FormEvent) {
    e.preventDefault();
    setQ(draft.trim());
  }

  return (
    <>
      <PageTitle>{t('shop.title')}</PageTitle>
      {user && <p><Link href="/shop/orders">{t('shop.myOrders')}</Link></p>}
      <div className="book-controls">
        <form role="search" className="shop-search" onSubmit={search}>
          <div className="field">
            <label htmlFor="shop-q">{t('shop.search')}</label>
            <input id="shop-q" type="search" value={draft} maxLength={80} onChange={(e) => setDraft(e.target.value)} />
          </div>
          <button type="submit" className="button">{t('shop.searchGo')}</button>
        </form>
        {(all.data?.categories.length ?? 0) > 0 && (
          <div className="tabs" role="group" aria-label={t('shop.categories')}>
            <button type="button" className="button" aria-pressed={category === null} onClick={() => setCategory(null)}>{t('shop.allCategories')}</button>
            {all.data?.categories.map((c) => (
              <button key={c} type="button" className="button" aria-pressed={category === c} onClick={() => setCategory(c)}>{c}</button>
            ))}
          </div>
        )}
      </div>
      <div className="shop-layout">
        <section aria-labelledby="shop-products">
          <h2 id="shop-products" className="visually-hidden">{t('shop.products')}</h2>
          <ErrorNote error={list.error} />
          {list.isPending ? <Loading /> : list.data && list.data.items.length === 0 ? <p>{t('shop.none')}</p> : (
            <ul className="products">
              {list.data?.items.map((p) => (
                <li key={p.id} className="card product">
                  <Gallery product={p} />
                  <h3>{p.title}</h3>
                  <p className="hint">{t('shop.by', { maker: p.maker })} · {p.category}</p>
                  {p.description && <p>{p.description}</p>}
                  <p className="total"><strong>{fmt.money(p.priceCents)}</strong> <span className="hint">{t('shop.vatIncl', { rate: percent.format(p.vatRateBp / 10_000) })}</span></p>
                  <p className="hint">{p.available > 0 ? t('shop.available', { n: p.available }) : t('shop.soldOut')}</p>
                  <button type="button" className="button primary" disabled={p.available <= inCart(p.id)}
                    aria-label={t('shop.addName', { name: p.title })} onClick={() => add(p)}>
                    {t('shop.add')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <CartPanel cart={cart} signedIn={!!user} />
      </div>
      <div className={added ? 'toast shown' : 'toast'} role="status" aria-live="polite">
        {added && (
          <>
            <span key={added.seq}>{t('shop.added', { name: added.name, n: items })}</span>
            <a href="#cart-title" className="toast-link">{t('shop.seeCart')}</a>
          </>
        )}
      </div>
    </>
  );
}

/**
 * A product's photos on its card: the first (the cover) shown, lazy-loaded, and when there are more, a
 * row of small buttons to show each one (alt texts name the product and the photo's rank).
 */
function Gallery({ product }: { product: Product }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(0);
  const photos = product.photos;
  const photo = photos[Math.min(shown, photos.length - 1)];
  if (!photo) return null;
  const altOf = (i: number) => (photos.length === 1 ? product.title : t('shop.photo', { n: i + 1, count: photos.length, title: product.title }));
  return (
    <div className="gallery">
      <img src={photo.url} alt={altOf(photos.indexOf(photo))} loading="lazy" width={400} height={300} />
      {photos.length > 1 && (
        <div className="thumbs">
          {photos.map((ph, i) => (
            <button key={ph.id} type="button" className="thumb" aria-pressed={ph === photo} aria-label={t('shop.showPhoto', { n: i + 1, title: product.title })} onClick={() => setShown(i)}>
              <img src={ph.url} alt="" loading="lazy" width={48} height={36} />
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function CartPanel({ cart, signedIn }: { cart: Cart; signedIn: boolean }) {
  const { t, fmt } = useI18n();
  const total = cart.lines.reduce((s, l) => s + l.unitCents * l.quantity, 0);
  const [placed, setPlaced] = useState<Order | null>(null);
  return (
    <section className="card cart" aria-labelledby="cart-title">
      <h2 id="cart-title">{t('shop.cart')}</h2>
      {placed && (
        <div role="status" className="alert alert-ok">
          <p>{t('shop.placed', { total: fmt.money(placed.totalCents) })}</p>
          {placed.holdUntil && <p>{t('shop.heldUntil', { date: fmt.date(placed.holdUntil, 'short'), time: fmt.time(placed.holdUntil) })}</p>}
          <p>{t('shop.payAtDesk')}</p>
          <p><Link href="/shop/orders">{t('shop.seeOrders')}</Link></p>
        </div>
      )}
      {cart.lines.length === 0 ? <p>{t('shop.cartEmpty')}</p> : (
        <>
          <ul className="cart-lines">
            {cart.lines.map((l) => (
              <li key={l.productId}>
                <span>{l.title}</span>
                <label className="visually-hidden" htmlFor={`qty-${l.productId}`}>{t('shop.quantityOf', { name: l.title })}</label>
                <input id={`qty-${l.productId}`} type="number" min={1} max={1000} value={l.quantity} className="qty"
                  onChange={(e) => { const n = Number(e.target.value); if (Number.isInteger(n) && n >= 1) cart.setQuantity(l.productId, n); }} />
                <span>{fmt.money(l.unitCents * l.quantity)}</span>
                <button type="button" className="link-button" aria-label={t('shop.removeName', { name: l.title })} onClick={() => cart.remove(l.productId)}>{t('shop.remove')}</button>
              </li>
            ))}
          </ul>
          <p className="total"><span>{t('shop.total')}</span> <strong>{fmt.money(total)}</strong> <span className="hint">{t('shop.ttc')}</span></p>
          {signedIn ? <Checkout cart={cart} onPlaced={setPlaced} /> : (
            <p><Link href={`/login?next=${encodeURIComponent('/shop')}`} className="button primary">{t('shop.loginToOrder')}</Link></p>
          )}
        </>
      )}
    </section>
  );
}

/**
 * Ordering holds the stock at once. A space with Stripe offers online payment (its Checkout page);
 * otherwise, and whenever the member prefers, the order is reserved and paid at the desk.
 */
function Checkout({ cart, onPlaced }: { cart: Cart; onPlaced(o: Order): void }) {
  const { t } = useI18n();
  const me = useApiQuery(billing.myBilling);
  const stripe = me.data?.stripe.connected ?? false;
  const [pay, setPay] = useState<'online' | 'desk'>('desk');
  const [redirecting, setRedirecting] = useState(false);
  const [checkoutError, setCheckoutError] = useState<unknown>(null);
  const order = useApiMutation(shop.placeOrder, async (out) => {
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.catalogue).slice(0, 1) });
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.myOrders).slice(0, 1) });
    cart.clear();
    if (out.payOnline) {
      setRedirecting(true);
      try {
        const session = await call(billing.stripeCheckout, { body: { paymentId: out.paymentId } });
        window.location.assign(session.url);
        return;
      } catch (e) {
        setRedirecting(false);
        setCheckoutError(e);
      }
    }
    onPlaced(out.order);
  });
  return (
    <div className="confirm">
      {stripe ? (
        <fieldset>
          <legend>{t('shop.payment')}</legend>
          {(['online', 'desk'] as const).map((p) => (
            <label key={p} className="radio">
              <input type="radio" name="pay" value={p} checked={pay === p} onChange={() => setPay(p)} /> {t(`shop.pay.${p}`)}
            </label>
          ))}
        </fieldset>
      ) : <p className="hint">{t('shop.deskOnly')}</p>}
      <ErrorNote error={order.error ?? checkoutError} />
      <button type="button" className="button primary" disabled={order.isPending || redirecting}
        onClick={() => order.mutate({ body: { lines: cart.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })), pay: stripe ? pay : 'desk' } })}>
        {t(stripe && pay === 'online' ? 'shop.orderAndPay' : 'shop.order')}
      </button>
    </div>
  );
}

/** My orders: what I bought, its state, what is left to do (pay at the desk, collect); cancel an unpaid one. */
export function MyOrdersPage() {
  return (
    <RequireUser>
      <MyOrders />
    </RequireUser>
  );
}

function MyOrders() {
  const { t, fmt } = useI18n();
  const [, navigate] = useLocation();
  const list = useApiQuery(shop.myOrders, { query: { limit: 50 } }, { staleTime: 0 });
  const cancel = useApiMutation(shop.cancelOrder, () => {
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.myOrders).slice(0, 1) });
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.catalogue).slice(0, 1) });
  });
  return (
    <>
      <PageTitle>{t('shop.myOrders')}</PageTitle>
      <p><Link href="/shop">{t('shop.backToShop')}</Link></p>
      <ErrorNote error={list.error ?? cancel.error} />
      {cancel.isSuccess && <Notice>{t('shop.cancelled')}</Notice>}
      {list.isPending ? <Loading /> : list.data && list.data.items.length === 0 ? (
        <p>{t('shop.noOrders')} <button type="button" className="link-button" onClick={() => navigate('/shop')}>{t('shop.title')}</button></p>
      ) : (
        <ul className="bookings">
          {list.data?.items.map((o) => (
            <li key={o.id} className="card booking order">
              <div>
                <h2>{t('shop.orderOf', { date: fmt.date(o.createdAt, 'short'), time: fmt.time(o.createdAt) })}</h2>
                <ul className="order-lines">
                  {o.lines.map((l) => <li key={l.productId}>{l.quantity} × {l.title} — {fmt.money(l.amountCents)}</li>)}
                </ul>
                <p>
                  <span className={`status status-${o.status === 'cancelled' || o.status === 'expired' || o.status === 'refunded' ? 'suspended' : 'active'}`}>{t(`shop.status.${o.status}`)}</span>{' '}
                  <strong>{fmt.money(o.totalCents)}</strong>
                  {o.refundedCents > 0 && <span className="hint"> · {t('shop.refunded', { amount: fmt.money(o.refundedCents) })}</span>}
                </p>
                {o.status === 'held' && (
                  <p className="hint">
                    {o.channel === 'desk' ? t('shop.payAtDesk') : t('shop.payOnlinePending')}
                    {o.holdUntil && <> {t('shop.heldUntil', { date: fmt.date(o.holdUntil, 'short'), time: fmt.time(o.holdUntil) })}</>}
                  </p>
                )}
                {o.status === 'ready' && <p className="hint">{t('shop.readyHint')}</p>}
              </div>
              {o.status === 'held' && (
                <button type="button" className="button small" disabled={cancel.isPending}
                  aria-label={t('shop.cancelName', { date: fmt.date(o.createdAt, 'short') })}
                  onClick={() => cancel.mutate({ params: { orderId: o.id } })}>{t('app.cancel')}</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
