import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of a member's records for the back office (API Gateway HTTP API, payload v2). */
export const handler = lambdaHandler(routes);
