import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of the back office's figures (dashboard, shop sales CSV). */
export const handler = lambdaHandler(routes);
