import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { expect } from 'vitest';
import { Stripe } from '../../packages/payments/src/stripe';
import { hosts, localFetch } from '../support/http';

/**
 * A local stand-in for api.stripe.com that the real `stripe` SDK is pointed at (STRIPE_API_BASE).
 * It answers the few endpoints Lieu calls with plausible objects and records every request (method,
 * path, headers, form body flattened as Stripe encodes it: `line_items[0][price_data][unit_amount]`),
 * so tests can check the connected-account header, amounts in cents, currency, fees and metadata.
 */
export interface StripeRequest { method: string; path: string; headers: IncomingHttpHeaders; form: Record<string, string> }

export class FakeStripe {
  readonly requests: StripeRequest[] = [];
  /** Accounts and whether they can take payments (tests flip it). */
  readonly accounts = new Map<string, { charges_enabled: boolean; details_submitted: boolean }>();
  /** Subscriptions listed per connected account (`GET /v1/subscriptions`); tests set them. */
  readonly subscriptions = new Map<string, Record<string, unknown>[]>();
  /** The status new refunds get (tests flip it); `refuse` answers 400 as Stripe does for a charge already refunded. */
  refundMode: 'succeeded' | 'pending' | 'refuse' = 'succeeded';
  /** Responses kept by (account, Idempotency-Key), as Stripe replays them for 24 h. */
  private readonly replays = new Map<string, unknown>();
  private server!: Server;
  private seq = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        const path = (req.url ?? '').split('?')[0]!;
        this.requests.push({ method: req.method ?? '', path, headers: req.headers, form });
        const [status, out] = this.answer(req.method ?? '', path, form, req.headers);
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++this.seq}` });
        res.end(JSON.stringify(out));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop() { await new Promise((r) => this.server.close(r)); }

  last(path: string): StripeRequest | undefined { return [...this.requests].reverse().find((r) => r.path === path); }

  private answer(method: string, path: string, form: Record<string, string>, headers: IncomingHttpHeaders): [number, unknown] {
    if (!String(headers.authorization ?? '').startsWith('Bearer sk_test_')) return [401, { error: { type: 'invalid_request_error', message: 'No API key' } }];
    const id = (p: string) => `${p}_test_${++this.seq}`;
    if (method === 'POST' && path === '/v1/accounts') {
      const acct = id('acct');
      this.accounts.set(acct, { charges_enabled: false, details_submitted: false });
      return [200, { id: acct, object: 'account', type: form.type, metadata: { tenantId: form['metadata[tenantId]'] }, ...this.accounts.get(acct) }];
    }
    const acctMatch = /^\/v1\/accounts\/(acct_[\w]+)$/.exec(path);
    if (method === 'GET' && acctMatch) {
      const a = this.accounts.get(acctMatch[1]!);
      return a ? [200, { id: acctMatch[1], object: 'account', ...a }] : [404, { error: { type: 'invalid_request_error', message: 'No such account' } }];
    }
    if (method === 'POST' && path === '/v1/account_links') {
      return [200, { object: 'account_link', url: `https://connect.stripe.test/setup/${form.account}`, expires_at: Math.floor(Date.now() / 1000) + 300 }];
    }
    if (!headers['stripe-account']) return [400, { error: { type: 'invalid_request_error', message: 'Connected-account calls need Stripe-Account' } }];
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const cs = id('cs');
      return [200, { id: cs, object: 'checkout.session', mode: form.mode, url: `https://checkout.stripe.test/${cs}`, metadata: {} }];
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const key = headers['idempotency-key'] ? `${headers['stripe-account']}|${headers['idempotency-key']}` : null;
      if (key && this.replays.has(key)) return [200, this.replays.get(key)];
      if (this.refundMode === 'refuse') return [400, { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: 'Charge has already been refunded.' } }];
      const metadata = Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith('metadata[')).map(([k, v]) => [k.slice(9, -1), v]));
      const out = { id: id('re'), object: 'refund', amount: Number(form.amount), currency: 'eur', payment_intent: form.payment_intent, status: this.refundMode, metadata };
      if (key) this.replays.set(key, out);
      return [200, out];
    }
    if (method === 'GET' && path === '/v1/subscriptions') {
      const data = this.subscriptions.get(String(headers['stripe-account'])) ?? [];
      return [200, { object: 'list', url: '/v1/subscriptions', has_more: false, data }];
    }
    const subMatch = /^\/v1\/subscriptions\/(\w+)$/.exec(path);
    if (method === 'DELETE' && subMatch) return [200, { id: subMatch[1], object: 'subscription', status: 'canceled', metadata: {} }];
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      return [200, { id: id('bps'), object: 'billing_portal.session', url: `https://billing.stripe.test/${form.customer}` }];
    }
    return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } }];
  }
}

const signer = new Stripe('sk_test_signer');

/**
 * Posts a Stripe event from a connected `account` to the platform's webhook route, signed with the
 * SDK's own test-header helper and `secret`; expects 200 and returns the route's JSON answer.
 */
export async function deliverStripeEvent(
  serverUrl: string, secret: string, account: string, type: string, object: Record<string, unknown>, created = Math.floor(Date.now() / 1000),
  /** The event's id (Stripe resends an event with its id): a fresh one when absent. */
  eventId = `evt_${Math.random().toString(36).slice(2)}`,
): Promise<unknown> {
  const payload = JSON.stringify({ id: eventId, object: 'event', api_version: '2025-01-01', created, livemode: false, type, account, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } });
  const header = signer.webhooks.generateTestHeaderString({ payload, secret });
  const res = await localFetch(`http://${hosts.platform}:${new URL(serverUrl).port}/api/v1/webhooks/stripe`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
  expect(res.status).toBe(200);
  return res.json();
}
