import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of the billing area (API Gateway HTTP API, payload v2). No Stripe SDK here. */
export const handler = lambdaHandler(routes);
