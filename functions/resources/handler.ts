import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of resources, trainings and the opening calendar (API Gateway HTTP API, payload v2). */
export const handler = lambdaHandler(routes);
