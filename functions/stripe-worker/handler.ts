import { createDb } from '@lieu/db';
import { readSecret } from '@lieu/http/lambda';
import { createStripeWorker, jsonLog, stripeFromEnv } from './worker';

/**
 * Lambda entry of the Stripe worker (env: TABLE_NAME, STRIPE_SECRET_ID). The API key comes from
 * Secrets Manager through the Parameters and Secrets extension on a cold start; an empty secret
 * leaves Stripe off (the worker then does nothing).
 */
export const handler = createStripeWorker(async () => {
  const { STRIPE_SECRET_ID } = process.env;
  if (STRIPE_SECRET_ID && !process.env.STRIPE_SECRET_KEY) process.env.STRIPE_SECRET_KEY = (await readSecret(STRIPE_SECRET_ID)).trim();
  return {
    db: createDb({ tableName: process.env.TABLE_NAME ?? 'lieu', ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}) }),
    stripe: stripeFromEnv(),
    log: jsonLog,
  };
});
