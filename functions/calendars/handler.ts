import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of the iCal feeds (API Gateway HTTP API, payload v2). */
export const handler = lambdaHandler(routes);
