import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of the iCal feeds (member and resource calendars). */
export const handler = lambdaHandler(routes);
