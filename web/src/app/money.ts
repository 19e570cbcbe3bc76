/** The words these checks need (the shell's `t`; kept structural so tests can import this module alone). */
type FieldWords = 'field.required' | 'field.money' | 'field.notNegative' | 'field.number' | 'field.integer' | 'field.min' | 'field.max';
type T = (key: FieldWords, params?: Record<string, number>) => string;

/**
 * The one way the portal reads an amount typed by staff: "12,50", "12.5", "1 250", "12,50 €", "-3" → cents.
 * A minus sign is kept (so the form can say "cannot be negative" rather than "not a number");
 * `null` when the text is not an amount at all, or has more than two decimals.
 */
export function parseMoney(text: string): number | null {
  const s = text.trim().replace(/[\s\u00a0\u202f€]/g, '').replace('\u2212', '-').replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

/** 1250 → "12,50" (fr) or "12.50" (en), for an input's value; '' for no amount. */
export const moneyInputValue = (cents: number | undefined | null, locale: string): string => {
  if (cents === undefined || cents === null) return '';
  const v = (cents / 100).toFixed(2);
  return locale === 'fr' ? v.replace('.', ',') : v;
};

/**
 * Why a typed amount is refused, in words, or undefined when it is a valid price: empty (when
 * required), not an amount, or negative.
 */
export function moneyError(text: string, t: T, opts: { required?: boolean } = {}): string | undefined {
  if (text.trim() === '') return opts.required === false ? undefined : t('field.required');
  const cents = parseMoney(text);
  if (cents === null) return t('field.money');
  if (cents < 0) return t('field.notNegative');
  return undefined;
}

/**
 * Why a typed count (places, days, weeks…) is refused, in words, or undefined when it is a whole
 * number within [min, max].
 */
export function countError(text: string, t: T, opts: { min?: number; max?: number } = {}): string | undefined {
  if (text.trim() === '') return t('field.required');
  const n = Number(text.trim().replace(',', '.'));
  if (!Number.isFinite(n)) return t('field.number');
  if (!Number.isInteger(n)) return t('field.integer');
  if (opts.min !== undefined && n < opts.min) return t('field.min', { min: opts.min });
  if (opts.max !== undefined && n > opts.max) return t('field.max', { max: opts.max });
  return undefined;
}
