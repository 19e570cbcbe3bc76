import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of the events area (API Gateway HTTP API, payload v2). */
export const handler = lambdaHandler(routes);
