import * as z from 'zod/mini';

/**
 * The tenant's catalogue, as the pricing engine reads it: member categories, rates per resource,
 * plans with their entitlements, passes and packs, membership dues. Amounts are integer cents,
 * VAT included (TTC). These schemas are shared by the API (packages/api/src/billing.ts).
 */

/** Who a member is, for prices. Operators choose it per member; `standard` when nobody did. */
export const MEMBER_CATEGORIES = ['standard', 'adherent', 'student', 'job_seeker', 'social'] as const;
export const memberCategorySchema = z.enum(MEMBER_CATEGORIES);
export type MemberCategory = z.infer<typeof memberCategorySchema>;

/** What a payment is for, in the operator's reports. */
export const REVENUE_CATEGORIES = ['dues', 'plans', 'passes', 'bookings', 'shop', 'events'] as const;
export const revenueCategorySchema = z.enum(REVENUE_CATEGORIES);
export type RevenueCategory = z.infer<typeof revenueCategorySchema>;

export const centsSchema = z.int().check(z.minimum(0), z.maximum(100_000_000));
/** A resource kind names a family of resources: `desk`, `meeting_room`, `laser_cutter`, … */
export const resourceKindSchema = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'A kind in lower_snake_case, e.g. meeting_room'));
export const catalogueNameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));
export const isoDateSchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD'));

/** Prices of one resource for one category: per hour, and optionally per half-day and per day. */
export const unitPricesSchema = z.object({
  hourCents: centsSchema,
  halfDayCents: z.optional(centsSchema),
  dayCents: z.optional(centsSchema),
});
export type UnitPrices = z.infer<typeof unitPricesSchema>;

/**
 * A rate: the prices of a resource (or of every resource of a kind) per member category. A
 * category without its own prices pays `standard`. A resource's own rate wins over its kind's.
 */
export const rateSchema = z.object({
  id: z.string(),
  name: catalogueNameSchema,
  resourceKind: resourceKindSchema,
  /** When set, the rate applies to this resource only. */
  resourceId: z.optional(z.string().check(z.maxLength(64))),
  prices: z.object({
    standard: unitPricesSchema,
    adherent: z.optional(unitPricesSchema),
    student: z.optional(unitPricesSchema),
    job_seeker: z.optional(unitPricesSchema),
    social: z.optional(unitPricesSchema),
  }),
  /** Length of a half-day and of a day for this rate (defaults 4 h and 8 h). */
  halfDayMinutes: z.optional(z.int().check(z.minimum(60), z.maximum(720))),
  dayMinutes: z.optional(z.int().check(z.minimum(120), z.maximum(1440))),
});
export type Rate = z.infer<typeof rateSchema>;

/** Unit of a quota or of a credit: minutes of use, or days (one per booked day, whatever its length). */
export const allowanceUnitSchema = z.enum(['minute', 'day']);
export type AllowanceUnit = z.infer<typeof allowanceUnitSchema>;

/**
 * What a plan grants:
 * - `included`: bookings of these kinds cost nothing (unlimited coworking);
 * - `quota`: so many minutes (or days) of these kinds each calendar month, the rest is charged;
 * - `discount`: a percentage (basis points) off the charged part.
 */
export const entitlementSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('included'), resourceKinds: z.array(resourceKindSchema).check(z.minLength(1), z.maxLength(20)) }),
  z.object({
    kind: z.literal('quota'),
    resourceKind: resourceKindSchema,
    amount: z.int().check(z.minimum(1), z.maximum(100_000)),
    unit: allowanceUnitSchema,
  }),
  z.object({
    kind: z.literal('discount'),
    resourceKinds: z.array(resourceKindSchema).check(z.minLength(1), z.maxLength(20)),
    percentBp: z.int().check(z.minimum(1), z.maximum(10000)),
  }),
]);
export type Entitlement = z.infer<typeof entitlementSchema>;

export const planSchema = z.object({
  id: z.string(),
  name: catalogueNameSchema,
  description: z.optional(z.string().check(z.maxLength(1000))),
  interval: z.enum(['month', 'year']),
  priceCents: centsSchema,
  entitlements: z.array(entitlementSchema).check(z.maxLength(30)),
  /** Members must hold paid-up dues to subscribe. */
  requiresDues: z.optional(z.boolean()),
  active: z.boolean(),
});
export type Plan = z.infer<typeof planSchema>;

/** A pass or pack: prepaid credits with an expiry ("Day pass", "10-day card", "5 h of laser cutter"). */
export const passSchema = z.object({
  id: z.string(),
  name: catalogueNameSchema,
  priceCents: centsSchema,
  /** How much it holds: days, or minutes (5 h = 300). */
  amount: z.int().check(z.minimum(1), z.maximum(100_000)),
  unit: allowanceUnitSchema,
  resourceKinds: z.array(resourceKindSchema).check(z.minLength(1), z.maxLength(20)),
  /** Days from purchase during which it can be used. */
  validityDays: z.int().check(z.minimum(1), z.maximum(3660)),
  active: z.boolean(),
});
export type Pass = z.infer<typeof passSchema>;

/** Membership dues: an association's annual adhésion. */
export const duesSchema = z.object({
  id: z.string(),
  name: catalogueNameSchema,
  priceCents: centsSchema,
  interval: z.enum(['month', 'year']),
  /** Paying it puts the member in this category (usually `adherent`). */
  grantsCategory: z.optional(memberCategorySchema),
  /** Nothing can be booked or bought without paid-up dues. */
  requiredForAll: z.boolean(),
  active: z.boolean(),
});
export type Dues = z.infer<typeof duesSchema>;
