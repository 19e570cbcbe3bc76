/**
 * The one CSV writer of the accountant's exports (payments, shop sales, consignor statements).
 * `intl`: `,` separators, decimal points, ISO dates. `fr` (French conventions, what a French Excel
 * or LibreOffice opens as columns at once): `;` separators, decimal commas, dd/mm/yyyy dates and a
 * UTF-8 byte order mark, without which Excel reads the accents as Windows-1252. Rows end in CRLF (RFC 4180).
 * Text that would open as a formula is neutralized (see `neutralize`).
 */
export type CsvFormat = 'fr' | 'intl';

export interface CsvWriter {
  /** Cents as a decimal amount: 123456 → `1234.56` or `1234,56` (no thousands separator: spreadsheets parse it). */
  money(cents: number): string;
  /** An ISO date or instant's calendar date (the caller converts instants to the tenant's zone first). */
  date(iso: string | undefined): string;
  /** The whole file. */
  write(rows: ReadonlyArray<ReadonlyArray<string | number>>): string;
}

/**
 * A text cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+…`, `-…`, `@…`, or one
 * starting with a tab or carriage return) gets a leading `'`, so it opens as text. Every export goes
 * through here, so a member's name, a product title or a payment reference can never become a
 * formula. Plain numbers (a negative amount such as `-8,35`) stay numbers.
 */
export function neutralize(s: string): string {
  if (!/^[=+\-@\t\r]/.test(s)) return s;
  return /^-\d+([.,]\d+)?$/.test(s) ? s : `'${s}`;
}

export function csvWriter(format: CsvFormat): CsvWriter {
  const fr = format === 'fr';
  const sep = fr ? ';' : ',';
  const cell = (v: string | number) => {
    const s = typeof v === 'number' ? String(v) : neutralize(v);
    return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return {
    money(cents) {
      const s = (cents / 100).toFixed(2);
      return fr ? s.replace('.', ',') : s;
    },
    date(iso) {
      if (!iso) return '';
      return fr ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso.slice(0, 10);
    },
    write(rows) {
      const text = rows.map((r) => r.map(cell).join(sep)).join('\r\n') + '\r\n';
      return fr ? `\uFEFF${text}` : text;
    },
  };
}
