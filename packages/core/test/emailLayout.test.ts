import { describe, expect, it } from 'vitest';
import { brandedHtml, escapeHtml, paymentEmails } from '../src';

const brand = { name: 'La Machinerie', primaryColor: '#1f4e79', logoUrl: null, preferencesUrl: 'https://machinerie.lieu.app/account' };

describe("the emails' branded HTML layout", () => {
  it('escapes a member named <script> wherever the text names them, and keeps the text part as written', () => {
    const name = '<script>alert("x")</script>';
    const text = paymentEmails.disputeOpened('fr', 'La Machinerie', name, 'Pass 10 h', 5000, 'EUR', 'fraudulent', false);
    const html = brandedHtml('fr', brand, text);
    expect(text.subject).toBe(`Contestation de paiement — ${name}`);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(escapeHtml(name));
    expect(html).toContain('<title>Contestation de paiement — &lt;script&gt;');
  });

  it('writes links as anchors, the preferences link in the footer, and refuses a colour that is not #rrggbb', () => {
    const html = brandedHtml('en', { ...brand, primaryColor: 'red;background:url(x)' }, { subject: 'S', text: 'Hello,\n\nYour receipt: https://machinerie.lieu.app/r/1?a=1&b=2.\n\n— La Machinerie' });
    expect(html).toContain('<a href="https://machinerie.lieu.app/r/1?a=1&amp;b=2" style="color:inherit">https://machinerie.lieu.app/r/1?a=1&amp;b=2</a>.');
    expect(html).toContain('<a href="https://machinerie.lieu.app/account" style="color:#1f4e79">Choose which emails you receive</a>');
    expect(html).not.toContain('url(x)');
  });
});
