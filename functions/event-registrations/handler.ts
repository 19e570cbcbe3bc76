import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';

/** Lambda entry of event registrations: register, cancel (waitlist promotion), my registration. */
export const handler = lambdaHandler(routes);
