/**
 * Key builders. Every item a tenant owns has a partition key starting with the tenant's prefix, so an
 * IAM `dynamodb:LeadingKeys` condition can fence a function to the tenants' key space and no Query can
 * cross tenants. The shapes are declared once, in `entities.ts`; the access patterns they serve are
 * listed in this package's README.
 */
export { keys, realmPrefix, tenantRealm, PLATFORM_REALM, type Realm } from './entities';

export const nowEpochSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);
