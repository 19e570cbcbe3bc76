import { lambdaHandler, readSecret } from '@lieu/http/lambda';
import { routes } from './routes';

export { routes };

/**
 * Lambda entry of the Stripe feature, alone in its function (webhooks, Connect, Checkout, Portal): the only one bundling the
 * Stripe SDK, and the only one allowed to read the Stripe secrets. In AWS they come from Secrets
 * Manager (STRIPE_SECRET_ID, STRIPE_WEBHOOK_SECRET_ID, set by infra) on a cold start; an empty
 * secret leaves Stripe off and every space paid at the desk.
 */
export const handler = lambdaHandler(routes, {
  async init() {
    const { STRIPE_SECRET_ID, STRIPE_WEBHOOK_SECRET_ID } = process.env;
    if (STRIPE_SECRET_ID && !process.env.STRIPE_SECRET_KEY) process.env.STRIPE_SECRET_KEY = (await readSecret(STRIPE_SECRET_ID)).trim();
    if (STRIPE_WEBHOOK_SECRET_ID && !process.env.STRIPE_WEBHOOK_SECRET) process.env.STRIPE_WEBHOOK_SECRET = (await readSecret(STRIPE_WEBHOOK_SECRET_ID)).trim();
  },
});
