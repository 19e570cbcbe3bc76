import type { Route } from '@lieu/http';
import { routes as auth } from '@lieu/fn-auth';
import { routes as members } from '@lieu/fn-members';
import { routes as memberRecords } from '@lieu/fn-member-records';
import { routes as tenants } from '@lieu/fn-tenants';
import { routes as bookings } from '@lieu/fn-bookings';
import { routes as calendars } from '@lieu/fn-calendars';
import { routes as feeds } from '@lieu/fn-feeds';
import { routes as resources } from '@lieu/fn-resources';
import { routes as billing } from '@lieu/fn-billing';
import { routes as stripe } from '@lieu/fn-webhooks';
import { routes as shop } from '@lieu/fn-shop';
import { routes as shopMedia } from '@lieu/fn-shop-media';
import { routes as shopStatements } from '@lieu/fn-shop-statements';
import { routes as events } from '@lieu/fn-events';
import { routes as eventPages } from '@lieu/fn-event-pages';
import { routes as eventRegistrations } from '@lieu/fn-event-registrations';
import { routes as reports } from '@lieu/fn-reports';
import { devRoutes } from './devRoutes';

/** Every area's routes, mounted together by the local server (each Lambda mounts its own). */
export const areaRoutes: Route[] = [...tenants, ...auth, ...members, ...memberRecords, ...resources, ...bookings, ...calendars, ...feeds, ...billing, ...stripe, ...shop, ...shopStatements, ...shopMedia, ...events, ...eventRegistrations, ...eventPages, ...reports];
export const allRoutes = (devMode: boolean): Route[] => [...areaRoutes, ...(devMode ? devRoutes : [])];
