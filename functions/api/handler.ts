import type { Route } from '@lieu/http';
import { lambdaHandler } from '@lieu/http/lambda';
import { routes as auth } from '../auth/routes';
import { routes as billing } from '../billing/routes';
import { routes as bookings } from '../bookings/routes';
import { routes as calendars } from '../calendars/routes';
import { routes as eventPages } from '../event-pages/routes';
import { routes as eventRegistrations } from '../event-registrations/routes';
import { routes as events } from '../events/routes';
import { routes as feeds } from '../feeds/routes';
import { routes as memberRecords } from '../member-records/routes';
import { routes as members } from '../members/routes';
import { routes as reports } from '../reports/routes';
import { routes as resources } from '../resources/routes';
import { routes as shop } from '../shop/routes';
import { routes as shopMedia } from '../shop-media/routes';
import { s3MediaStore } from '../shop-media/s3';
import { routes as shopStatements } from '../shop-statements/routes';
import { routes as tenants } from '../tenants/routes';

/**
 * Lambda entry of the HTTP API but Stripe (API Gateway HTTP API, payload v2): every feature but
 * functions/webhooks on one function, so a space's traffic keeps one set of environments warm
 * instead of leaving seventeen small ones to idle out (docs/deploy.md, "Lambda topology").
 * It signs the media bucket's requests for the shop's photos (MEDIA_BUCKET).
 */
export const routes: Route[] = [
  ...tenants, ...auth, ...members, ...memberRecords, ...resources, ...bookings, ...calendars, ...feeds, ...billing,
  ...shop, ...shopStatements, ...shopMedia, ...events, ...eventRegistrations, ...eventPages, ...reports,
];

export const handler = lambdaHandler(routes, {
  withDeps: (deps) => ({ ...deps, media: s3MediaStore({ bucket: process.env.MEDIA_BUCKET ?? '', region: process.env.AWS_REGION ?? 'eu-west-3' }) }),
});
