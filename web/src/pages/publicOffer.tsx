import { Link } from 'wouter';
import { billing, bookings, BOOKABLE, events, shop } from '@lieu/api';
import type { PublicTenant } from '@lieu/core';
import { useApiQuery } from '../app/api';
import { usePageI18n } from '../app/i18n';
import { runs } from '../app/site';
import './publicOffer.css';

/**
 * What a prospect reads on the logged-out home before joining: the plans, passes and dues with
 * their prices, what can be booked and at what hourly price, the next events and a few products of
 * the shop, each only where the space runs that module, then a join button. Its own chunk: members
 * never download it. The same public reads feed the embeddable widget (web/public/embed.js).
 */
export default function PublicOffer({ tenant }: { tenant: PublicTenant }) {
  const { t, fmt } = usePageI18n('offer');
  const bookable = runs(tenant, BOOKABLE);
  const withEvents = runs(tenant, 'events');
  const withShop = runs(tenant, 'shop');
  const catalogue = useApiQuery(billing.getCatalogue);
  const offer = useApiQuery(bookings.bookableOffer, undefined, { enabled: bookable });
  const upcoming = useApiQuery(events.publicEvents, { query: { limit: 3 } }, { enabled: withEvents });
  const products = useApiQuery(shop.catalogue, { query: {} }, { enabled: withShop });

  const plans = (catalogue.data?.plans ?? []).filter((p) => p.active);
  const passes = (catalogue.data?.passes ?? []).filter((p) => p.active);
  const dues = catalogue.data?.dues ?? [];
  const resources = offer.data?.items ?? [];
  const perInterval = (interval: 'month' | 'year', cents: number) => t(interval === 'month' ? 'offer.perMonth' : 'offer.perYear', { price: fmt.money(cents) });

  return (
    <div className="public-offer">
      {(plans.length > 0 || passes.length > 0 || dues.length > 0) && (
        <section className="card" aria-labelledby="offer-prices">
          <h2 id="offer-prices">{t('offer.prices')}</h2>
          <ul className="offer-list">
            {dues.map((d) => (
              <li key={d.id}><strong>{d.name}</strong> <span className="price">{perInterval(d.interval, d.priceCents)}</span>{d.requiredForAll && <p className="hint">{t('offer.duesRequired')}</p>}</li>
            ))}
            {plans.map((p) => (
              <li key={p.id}><strong>{p.name}</strong> <span className="price">{perInterval(p.interval, p.priceCents)}</span>{p.description && <p className="hint">{p.description}</p>}</li>
            ))}
            {passes.map((p) => (
              <li key={p.id}><strong>{p.name}</strong> <span className="price">{fmt.money(p.priceCents)}</span> <span className="hint">{t('offer.validFor', { days: p.validityDays })}</span></li>
            ))}
          </ul>
        </section>
      )}
      {bookable && resources.length > 0 && (
        <section className="card" aria-labelledby="offer-book">
          <h2 id="offer-book">{t('offer.book')}</h2>
          <ul className="offer-list">
            {resources.map((r) => {
              const member = r.prices.adherent?.hourCents;
              return (
                <li key={r.id}>
                  <strong>{r.name}</strong> <span className="price">{r.prices.standard.hourCents === 0 ? t('offer.free') : t('offer.perHour', { price: fmt.money(r.prices.standard.hourCents) })}</span>
                  {member !== undefined && member !== r.prices.standard.hourCents && <span className="hint"> {t('offer.memberRate', { price: fmt.money(member) })}</span>}
                  {r.trainingRequired && <span className="status status-suspended"> {t('offer.training')}</span>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {withEvents && (upcoming.data?.items.length ?? 0) > 0 && (
        <section className="card" aria-labelledby="offer-events">
          <h2 id="offer-events">{t('offer.events')}</h2>
          <ul className="offer-list">
            {upcoming.data!.items.map((e) => (
              <li key={e.id}>
                <Link href={`/events/${e.id}`}><strong>{e.title}</strong></Link>{' '}
                <span>{t('offer.when', { date: fmt.date(e.start), time: fmt.time(e.start) })}</span>{' '}
                <span className="price">{e.price.cents === 0 ? t('offer.free') : fmt.money(e.price.cents)}</span>
              </li>
            ))}
          </ul>
          <p><Link href="/events">{t('offer.allEvents')}</Link></p>
        </section>
      )}
      {withShop && (products.data?.items.length ?? 0) > 0 && (
        <section className="card" aria-labelledby="offer-shop">
          <h2 id="offer-shop">{t('offer.shop')}</h2>
          <ul className="offer-list">
            {products.data!.items.slice(0, 4).map((p) => (
              <li key={p.id}><strong>{p.title}</strong> <span className="hint">{p.maker}</span> <span className="price">{fmt.money(p.priceCents)}</span></li>
            ))}
          </ul>
          <p><Link href="/shop">{t('offer.allProducts')}</Link></p>
        </section>
      )}
      <p className="actions"><Link href="/signup" className="button primary">{t('offer.join', { name: tenant.name })}</Link></p>
    </div>
  );
}
