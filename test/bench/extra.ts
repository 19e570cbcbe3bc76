import { benchBookings } from './bookings';
import { benchBilling } from './billing';
import type { BenchServer } from './roundTrips';
import { benchShop } from './shop';
import type { BenchResult } from './types';

/**
 * Each area adds its benchmarks here: a function given the bench server (local app on a seeded
 * table, with a round-trip counter) and DynamoDB Local's endpoint, returning its figures.
 */
export const extraBenches: Array<(server: BenchServer, endpoint: string) => Promise<BenchResult[]>> = [benchBilling, benchBookings, benchShop];
