import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of the shop area (API Gateway HTTP API, payload v2). No Stripe SDK here: online payment goes through functions/webhooks' Checkout route. */
export const handler = lambdaHandler(routes);
