import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of the public event pages: listing, event page, iCal feed (read-only; no pricing, no bookings code). */
export const handler = lambdaHandler(routes);
