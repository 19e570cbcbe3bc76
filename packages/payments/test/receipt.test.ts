import { describe, expect, it } from 'vitest';
import type { Receipt } from '@lieu/core';
import { receiptHtml } from '../src/receipt';

const receipt = (over: Partial<Receipt> = {}): Receipt => ({
  number: 'R-000007', sequence: 7, paymentId: 'pay1', issuedAt: '2027-01-01T03:30:00.000Z',
  seller: { name: 'Maker Hall', legalForm: 'association' }, buyer: { id: '01HUGOINTERNALID', name: 'Hugo Fab-manager' },
  lines: [{ label: 'Sticker', revenueCategory: 'shop', quantity: 1, amountCents: 500, vatRateBp: 2000, netCents: 417, vatCents: 83 }],
  currency: 'EUR', totalCents: 500, netCents: 417, vatCents: 83, method: 'cash', ...over,
});

describe('printed receipts', () => {
  it("speak the space's language and read the date in its zone (03:30 UTC on 1 Jan is still 31 Dec in New York)", () => {
    const en = receiptHtml(receipt(), { locale: 'en', timeZone: 'America/New_York' });
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Receipt no. R-000007');
    expect(en).toContain('Date : 31/12/2026');
    expect(en).toContain('Cash');
    expect(en).not.toMatch(/Reçu|Espèces|Payé/);
    const fr = receiptHtml(receipt(), { locale: 'fr', timeZone: 'Europe/Paris' });
    expect(fr).toContain('Reçu n° R-000007');
    expect(fr).toContain('Date : 01/01/2027');
  });

  it('a till sale without a customer says walk-in, never the operator nor an internal id', () => {
    const walkIn = receipt({ buyer: { id: '01HUGOINTERNALID', name: 'Hugo Fab-manager', walkIn: true } });
    const fr = receiptHtml(walkIn, { locale: 'fr', timeZone: 'Europe/Paris' });
    expect(fr).toContain('Client : Client de passage');
    expect(fr).not.toContain('Hugo');
    expect(receiptHtml(walkIn, { locale: 'en', timeZone: 'Europe/Paris' })).toContain('Customer : Walk-in customer');
    // A named customer is printed by name only.
    expect(receiptHtml(receipt(), { locale: 'fr', timeZone: 'Europe/Paris' })).not.toContain('01HUGOINTERNALID');
  });
});
