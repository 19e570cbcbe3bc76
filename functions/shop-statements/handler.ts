import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of the shop's statements and payouts, and the maker's view (split from functions/shop for its size budget). */
export const handler = lambdaHandler(routes);
