import * as z from 'zod/mini';
import {
  addressSchema, brandingSchema, MODULES, modulesSchema, currencySchema, disputeRuleSchema, domainSchema, emailSchema, legalFormSchema, localeSchema,
  openingHoursSchema, passwordSchema, personNameSchema, publicTenantSchema, slugSchema, tenantNameSchema,
  tenantStatusSchema, timeZoneSchema, vatSchema,
} from '@lieu/core';
import { idSchema, pageOf, pageQuery } from './common';
import { defineSpec } from './spec';

export const signupSpaceBody = z.object({
  name: tenantNameSchema,
  slug: slugSchema,
  timeZone: z._default(timeZoneSchema, 'Europe/Paris'),
  currency: z._default(currencySchema, 'EUR'),
  locale: z._default(localeSchema, 'fr'),
  vat: z._default(vatSchema, { mode: 'standard', rateBp: 2000 }),
  legalForm: legalFormSchema,
  /** What the space runs (all by default); the owner changes it later in the settings. */
  modules: z._default(modulesSchema, [...MODULES]),
  owner: z.object({ name: personNameSchema, email: emailSchema, password: passwordSchema }),
});

export const signupSpace = defineSpec({
  operationId: 'signupSpace', method: 'post', path: '/api/v1/platform/signup', tags: ['platform'],
  summary: 'Create a space (tenant) and its owner account in one step',
  host: 'platform', access: 'public', body: signupSpaceBody, status: 201, errors: [409, 429],
  response: z.object({
    tenant: publicTenantSchema,
    /** The space's portal address. */
    url: z.string(),
    /** A one-time link that signs the owner in on the space's own address. */
    signInUrl: z.string(),
  }),
});

export const getTenant = defineSpec({
  operationId: 'getTenant', method: 'get', path: '/api/v1/tenant', tags: ['tenant'],
  summary: "The space's public profile and branding (embeddable on other sites)",
  host: 'tenant', access: 'public', embeddable: true, response: publicTenantSchema, errors: [404],
});

export const settingsSchema = z.object({
  ...publicTenantSchema.def.shape,
  legalForm: legalFormSchema,
  customDomain: z.optional(z.string()),
  /** `pending` until the TXT record below is found and the domain is free: only then does it serve the space. */
  domainStatus: z.optional(z.enum(['pending', 'verified'])),
  /** While pending: the TXT record to publish, and what the last check found (no record yet, or held by another space). */
  domainVerification: z.optional(z.object({
    recordName: z.string(), recordValue: z.string(),
    checkedAt: z.optional(z.string()), result: z.optional(z.enum(['record_not_found', 'domain_taken'])),
  })),
  /** A new space's daily email budget (absent once the space is old enough): emails counted today (UTC), the day's limit, until when it applies. */
  sendBudget: z.optional(z.object({ day: z.string(), sent: z.int(), perDay: z.int(), until: z.string() })),
  /** What an open chargeback does to the member: pause their new bookings, or nothing (the owner is alerted either way). */
  disputeRule: disputeRuleSchema,
  /** Whether a shop order refunded in full from the Stripe dashboard puts its units back on sale. */
  refundRestocks: z.boolean(),
  status: tenantStatusSchema,
  version: z.number(),
});

export const getTenantSettings = defineSpec({
  operationId: 'getTenantSettings', method: 'get', path: '/api/v1/tenant/settings', tags: ['tenant'],
  summary: "The space's full settings (staff)", host: 'tenant', access: 'operator', response: settingsSchema, errors: [401, 403],
});

export const updateTenantBody = z.object({
  name: z.optional(tenantNameSchema),
  branding: z.optional(brandingSchema),
  address: z.optional(z.nullable(addressSchema)),
  openingHours: z.optional(openingHoursSchema),
  locale: z.optional(localeSchema),
  // Owner-only fields: money and the address of the space.
  vat: z.optional(vatSchema),
  legalForm: z.optional(legalFormSchema),
  timeZone: z.optional(timeZoneSchema),
  customDomain: z.optional(z.nullable(domainSchema)),
  /** The modules the space runs (owner): the others' pages and routes disappear, their data stays. */
  modules: z.optional(modulesSchema),
  disputeRule: z.optional(disputeRuleSchema),
  /** Owner: a shop order refunded in full from the Stripe dashboard returns its units to sale (default true). */
  refundRestocks: z.optional(z.boolean()),
  /** Optimistic locking: the version read; a stale one is 409. */
  version: z.optional(z.int()),
});

export const updateTenant = defineSpec({
  operationId: 'updateTenant', method: 'patch', path: '/api/v1/tenant', tags: ['tenant'],
  summary: "Update the space's profile, branding and hours (staff; VAT, time zone, domain and modules: owner)",
  host: 'tenant', access: 'operator', body: updateTenantBody, response: settingsSchema, errors: [401, 403, 409],
});

export const verifyTenantDomain = defineSpec({
  operationId: 'verifyTenantDomain', method: 'post', path: '/api/v1/tenant/domain/verify', tags: ['tenant'],
  summary: "Check the custom domain's TXT record now (staff): found and free, the domain is verified and serves the space; else the settings say what the check found. The job `verify-domains` does the same every 15 minutes",
  host: 'tenant', access: 'operator', response: settingsSchema, errors: [401, 403, 404, 409],
});

const platformTenantSchema = z.object({
  id: z.string(), slug: z.string(), name: z.string(), status: tenantStatusSchema, createdAt: z.string(), legalForm: legalFormSchema,
});

export const listTenants = defineSpec({
  operationId: 'listTenants', method: 'get', path: '/api/v1/platform/tenants', tags: ['platform'],
  summary: 'All spaces, newest first (platform admins)', host: 'platform', access: 'platform',
  query: pageQuery, response: pageOf(platformTenantSchema), errors: [401, 404],
});

export const setTenantStatus = defineSpec({
  operationId: 'setTenantStatus', method: 'post', path: '/api/v1/platform/tenants/:tenantId/status', tags: ['platform'],
  summary: 'Suspend or reactivate a space (platform admins)', host: 'platform', access: 'platform',
  params: z.object({ tenantId: idSchema }), body: z.object({ status: tenantStatusSchema }),
  response: platformTenantSchema, errors: [401, 404],
});

export const setPlatformFee = defineSpec({
  operationId: 'setPlatformFee', method: 'put', path: '/api/v1/platform/tenants/:tenantId/platform-fee', tags: ['platform'],
  summary: "Set the application fee the platform takes on a space's online payments, in basis points (150 = 1.5 %, at most 20 %); audited in the space's log. The owner reads it in GET /api/v1/stripe/connect (`feeBp`) (platform admins)",
  host: 'platform', access: 'platform',
  params: z.object({ tenantId: idSchema }), body: z.object({ feeBp: z.int().check(z.minimum(0), z.maximum(2000)) }),
  response: z.object({ tenantId: z.string(), feeBp: z.int(), setAt: z.string() }), errors: [401, 404],
});

export const platformTenantShape = platformTenantSchema;
