import * as z from 'zod/mini';
import { bookingSchema } from '@lieu/core/booking';
import { idSchema, pageOf, pageQuery } from './common';
import { orderSchema } from './shop';
import { BOOKABLE, defineSpec } from './spec';

/**
 * A member's records for the back office's member page: their bookings and their shop orders
 * (staff). Served by functions/member-records, so that neither the bookings nor the shop Lambda grows.
 */
const memberParams = z.object({ memberId: idSchema });

export const memberBookings = defineSpec({
  operationId: 'memberBookings', module: BOOKABLE, method: 'get', path: '/api/v1/members/:memberId/bookings', tags: ['members'],
  summary: "A member's bookings: upcoming (soonest first) or past (latest first) (staff)", host: 'tenant', access: 'operator',
  params: memberParams, query: z.object({ when: z._default(z.enum(['upcoming', 'past']), 'upcoming'), ...pageQuery.def.shape }),
  response: pageOf(bookingSchema), errors: [401, 403, 404],
});

export const memberOrders = defineSpec({
  operationId: 'memberOrders', module: 'shop', method: 'get', path: '/api/v1/members/:memberId/orders', tags: ['members'],
  summary: "A member's shop orders, newest first (staff)", host: 'tenant', access: 'operator',
  params: memberParams, query: pageQuery, response: pageOf(orderSchema), errors: [401, 403, 404],
});
