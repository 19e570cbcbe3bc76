import { describe, expect, it } from 'vitest';
import { moneyInputValue, parseMoney } from '../../web/src/app/money';

/** The portal's one reading of a typed amount: comma or point, spaces, a minus kept, two decimals at most. */
describe('money input', () => {
  it('reads French and English amounts into cents', () => {
    expect(parseMoney('12,50')).toBe(1250);
    expect(parseMoney('12.5')).toBe(1250);
    expect(parseMoney(' 1 250 ')).toBe(125000);
    expect(parseMoney('1\u202f250,00')).toBe(125000);
    expect(parseMoney('0')).toBe(0);
    expect(parseMoney('0,10')).toBe(10);
    expect(parseMoney('12,50 €')).toBe(1250);
  });
  it('keeps a minus sign so the form can say "cannot be negative"', () => {
    expect(parseMoney('-5')).toBe(-500);
    expect(parseMoney('\u22123,20')).toBe(-320);
  });
  it('refuses what is not an amount (null)', () => {
    for (const text of ['', 'douze', '12,505', '1e3', '12 euros', '--1', '.5']) expect(parseMoney(text), text).toBeNull();
  });
  it('writes cents back in the reader’s convention', () => {
    expect(moneyInputValue(1250, 'fr')).toBe('12,50');
    expect(moneyInputValue(1250, 'en')).toBe('12.50');
    expect(moneyInputValue(undefined, 'fr')).toBe('');
  });
});
