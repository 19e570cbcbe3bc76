import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of the Stripe area (webhooks, Connect, Checkout, Portal): the only one bundling the Stripe SDK. */
export const handler = lambdaHandler(routes);
