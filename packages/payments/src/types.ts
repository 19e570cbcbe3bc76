import type { Payment, Tenant } from '@lieu/core';

/**
 * The payment port. A pending payment (a booking beyond the plan, a pass, a plan, dues, an order)
 * is paid either at the desk (DeskGateway: reserved "to pay on site", an operator records it with a
 * numbered receipt) or online on the space's own Stripe account (StripeGateway: a Checkout Session,
 * confirmed by the verified webhook). Handlers pick the gateway; the item flow does not change.
 */
export interface PaymentGateway {
  readonly channel: 'desk' | 'stripe';
  /** Starts paying a pending payment: nothing to do on site, or a page to send the member to. */
  begin(tenant: Tenant, payment: Payment, opts: BeginOptions): Promise<BeginResult>;
}

export interface BeginOptions {
  /** Where Stripe sends the member back (the portal's billing page). */
  returnUrl: string;
  customerEmail?: string | undefined;
  idempotencyKey?: string | undefined;
}

export type BeginResult = { kind: 'on_site' } | { kind: 'redirect'; url: string; sessionId: string };
