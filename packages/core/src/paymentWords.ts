import type { Locale } from './tenant';
import type { PaymentMethod, PaymentStatus, RevenueCategory } from './pricing';

/**
 * The words of payment enumerations (status, method, revenue category) per language, for what the
 * server writes for people (the accountant's CSV). The portal's catalogues say the same words
 * (`bill.status.*`, `ss.method.*`, `db.cat.*`): a test holds the two to one table.
 */
export const PAYMENT_WORDS: Record<Locale, {
  status: Record<PaymentStatus, string>;
  method: Record<PaymentMethod, string>;
  category: Record<RevenueCategory, string>;
}> = {
  fr: {
    status: { pending: 'À payer', paid: 'Payé', expired: 'Expiré', failed: 'Échoué', refunded: 'Remboursé' },
    method: { cash: 'Espèces', cheque: 'Chèque', card_terminal: 'Carte (TPE)', transfer: 'Virement', card_online: 'Carte en ligne' },
    category: { dues: 'Adhésions', plans: 'Abonnements', passes: 'Pass et carnets', bookings: 'Réservations', shop: 'Boutique', events: 'Événements' },
  },
  en: {
    status: { pending: 'To pay', paid: 'Paid', expired: 'Expired', failed: 'Failed', refunded: 'Refunded' },
    method: { cash: 'Cash', cheque: 'Cheque', card_terminal: 'Card (terminal)', transfer: 'Bank transfer', card_online: 'Card, online' },
    category: { dues: 'Membership dues', plans: 'Plans', passes: 'Passes', bookings: 'Bookings', shop: 'Shop', events: 'Events' },
  },
};
