import { ApiError } from '../../app/api';
import { moneyInputValue, parseMoney } from '../../app/money';
import { ErrorNote } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { hasMessage } from '../../app/messages';
import './shopStaff.css';

/** What the back office's shop pages share: their strings, the API rules in their words, money input. */
export const useShopI18n = () => usePageI18n('staffShop', 'backOffice', 'book');
type ShopKey = Parameters<ReturnType<typeof useShopI18n>['t']>[0];

/** At or under this many units left, a product is marked "low stock" (the dashboard uses the same idea). */
export const LOW_STOCK = 2;

/** VAT rates in France, in basis points (20 %, 10 %, 5.5 %, 2.1 %, none). */
export const VAT_RATES_BP = [2000, 1000, 550, 210, 0] as const;

export const DESK_METHODS = ['cash', 'card_terminal', 'cheque', 'transfer'] as const;

/** An amount typed by staff → cents; NaN when it is not one (the API's schema then says why). */
export const parseEuros = (text: string): number => parseMoney(text) ?? NaN;
/** 1250 → "12,50" (fr) or "12.50" (en), for an input's value. */
export const centsInput = (cents: number, locale: string) => moneyInputValue(cents, locale);

export function usePercent() {
  const { locale } = useShopI18n();
  const f = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 2 });
  return (bp: number) => f.format(bp / 10_000);
}

/** Today's month (YYYY-MM) in the space's time zone. */
export const monthIn = (timeZone: string, at = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(at).slice(0, 7);
/** Today (YYYY-MM-DD) in the space's time zone. */
export const dayIn = (timeZone: string, at = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/**
 * A failed call: the shop's own rules in this page's words (a sold-out product by its title), other
 * errors as everywhere else (ErrorNote). `titles` names products by id for "sold out".
 */
export function ShopError({ error, titles }: { error: unknown; titles?: Map<string, string> }) {
  const { t } = useShopI18n();
  if (!error) return null;
  const key = error instanceof ApiError ? `ss.rule.${error.reason}` : '';
  if (hasMessage(key)) {
    const productId = error instanceof ApiError ? String(error.details?.productId ?? '') : '';
    return <p className="alert alert-error" role="alert">{t(key as ShopKey, { title: titles?.get(productId) ?? '' })}</p>;
  }
  return <ErrorNote error={error} />;
}
