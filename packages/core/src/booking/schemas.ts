import * as z from 'zod/mini';
import { roleSchema, type Role } from '../identity';
import { openingHoursSchema, timeRangeSchema } from '../tenant';

/**
 * Resources, their booking rules, trainings and bookings, as zod/mini schemas (shared by the API
 * declarations and the domain checks) and plain types.
 */
/** By default a resource is bookable by every role. */
const EVERY_ROLE: Role[] = ['member', 'operator', 'owner'];

export const RESOURCE_KINDS = ['desk', 'desk_area', 'room', 'machine', 'other'] as const;
export const resourceKindSchema = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof resourceKindSchema>;

/**
 * Slot items are written per 15-minute granule, whatever the resource's slot size, so a later change
 * of slot size can never let two bookings miss each other's items. A transaction holds at most 100
 * items: the booking, the member's index entry and at most 96 granules (24 h, buffer included).
 */
export const GRANULE_MINUTES = 15;
export const MAX_GRANULES = 96;

/** A real calendar date as `YYYY-MM-DD` (kept here, free of time-zone code, so API schemas stay light). */
export const isLocalDate = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
export const localDateSchema = z.string().check(z.refine(isLocalDate, 'A date as YYYY-MM-DD'));
export const instantSchema = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().check(z.trim(), z.maxLength(max), z.refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'No control characters'));
const label = z.string().check(z.trim(), z.minLength(1, 'Required'), z.maxLength(120), z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'No control characters'));

/** A closure: the space or one resource is shut between two instants (maintenance, holiday). */
export const closureSchema = z
  .object({ from: instantSchema, to: instantSchema, label })
  .check(z.refine((c) => Date.parse(c.from) < Date.parse(c.to), { message: 'A closure ends after it starts', path: ['to'] }));
export type Closure = z.infer<typeof closureSchema>;

/** An exceptional day: other hours than the weekly ones (none = closed), e.g. 25 Dec or a late event. */
export const exceptionalDaySchema = z.object({ date: localDateSchema, hours: z.array(timeRangeSchema).check(z.maxLength(4)), label });
export type ExceptionalDay = z.infer<typeof exceptionalDaySchema>;

/** The space's opening calendar besides its weekly hours (kept on the tenant's settings). */
export const openingCalendarSchema = z.object({
  exceptionalDays: z.array(exceptionalDaySchema).check(z.maxLength(200)),
  closures: z.array(closureSchema).check(z.maxLength(200)),
});
export type OpeningCalendar = z.infer<typeof openingCalendarSchema>;
export const EMPTY_CALENDAR: OpeningCalendar = { exceptionalDays: [], closures: [] };

const minutes = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

export const bookingRulesSchema = z
  .object({
    slotMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]),
    minMinutes: minutes(15, 1440),
    maxMinutes: minutes(15, 1440),
    bufferMinutes: z._default(minutes(0, 240), 0),
    /** Bookable hours; the space's opening hours when absent. */
    hours: z.optional(openingHoursSchema),
    closures: z._default(z.array(closureSchema).check(z.maxLength(50)), []),
    maxDaysAhead: z._default(minutes(1, 730), 60),
    /** Members may cancel until this many hours before the start; staff at any time. */
    cancelBeforeHours: z._default(minutes(0, 720), 24),
    /** Who may book (staff may always book on a member's behalf). */
    roles: z._default(z.array(roleSchema).check(z.minLength(1), z.maxLength(3)), EVERY_ROLE),
  })
  .check(
    z.refine((r) => r.minMinutes <= r.maxMinutes, { message: 'The minimum is at most the maximum', path: ['minMinutes'] }),
    z.refine((r) => r.minMinutes % r.slotMinutes === 0 && r.maxMinutes % r.slotMinutes === 0, { message: 'Durations are whole slots', path: ['maxMinutes'] }),
    z.refine((r) => r.bufferMinutes % GRANULE_MINUTES === 0, { message: 'The buffer is a multiple of 15 minutes', path: ['bufferMinutes'] }),
    z.refine((r) => (r.maxMinutes + r.bufferMinutes) / GRANULE_MINUTES <= MAX_GRANULES, { message: 'The longest booking plus buffer is at most 24 hours', path: ['maxMinutes'] }),
  );
export type BookingRules = z.infer<typeof bookingRulesSchema>;

const idLike = z.string().check(z.regex(/^[0-9a-hjkmnp-tv-z]{26}$/, 'Not a valid id'));
const urlish = z.string().check(z.maxLength(2000), z.regex(/^(https?:\/\/|\/)[^\s]*$/, 'A URL (https://… or /…)'));

const resourceFields = {
  kind: resourceKindSchema,
  name: label,
  description: z.optional(text(2000)),
  photoUrl: z.optional(urlish),
  location: z.optional(text(200)),
  active: z._default(z.boolean(), true),
  /** Seats of a desk area, people of a room; 1 for the others. */
  capacity: z._default(z.int().check(z.minimum(1), z.maximum(500)), 1),
  /** The resource's own hourly rate, VAT included (the pricing engine will supersede it). */
  priceCentsPerHour: z._default(z.int().check(z.minimum(0), z.maximum(1_000_000)), 0),
  requiredTrainingIds: z._default(z.array(idLike).check(z.maxLength(10)), []),
  rules: bookingRulesSchema,
};
export const resourceInputSchema = z.object(resourceFields);
export type ResourceInput = z.infer<typeof resourceInputSchema>;
/** A field's schema without its default: in a patch, an absent field stays as it is (not reset to the default). */
const noDefault = (v: z.ZodMiniType): z.ZodMiniType => (v._zod.def.type === 'default' ? (v._zod.def as unknown as { innerType: z.ZodMiniType }).innerType : v);
export const resourcePatchSchema = z.object({
  ...Object.fromEntries(Object.entries(resourceFields).filter(([k]) => k !== 'kind').map(([k, v]) => [k, z.optional(noDefault(v as z.ZodMiniType))])) as {
    [K in Exclude<keyof typeof resourceFields, 'kind'>]: z.ZodMiniOptional<(typeof resourceFields)[K]>;
  },
  version: z.optional(z.int()),
});

export interface Resource extends ResourceInput { id: string; createdAt: string; version: number }
export const resourceSchema = z.object({ ...resourceFields, id: z.string(), createdAt: z.string(), version: z.number() });

/** Seats counted per granule (a desk area) or one booking per granule (everything else). */
export const isMultiSeat = (r: Pick<Resource, 'kind' | 'capacity'>): boolean => r.kind === 'desk_area' && r.capacity > 1;

export const trainingInputSchema = z.object({ name: label, description: z.optional(text(2000)) });
export interface Training { id: string; name: string; description?: string | undefined; createdAt: string }
export const trainingSchema = z.object({ id: z.string(), name: z.string(), description: z.optional(z.string()), createdAt: z.string() });

export interface Qualification { trainingId: string; trainingName: string; grantedAt: string; grantedBy: string; expiresOn?: string | undefined }
export const qualificationSchema = z.object({
  trainingId: z.string(), trainingName: z.string(), grantedAt: z.string(), grantedBy: z.string(), expiresOn: z.optional(z.string()),
});

export const BOOKING_STATUSES = ['held', 'confirmed', 'cancelled', 'checked_in', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const quoteSchema = z.object({
  currency: z.string(),
  lines: z.array(z.object({ label: z.string(), quantity: z.number(), unit: z.string(), unitCents: z.number(), amountCents: z.number() })),
  netCents: z.number(),
  vatRateBp: z.number(),
  vatCents: z.number(),
  totalCents: z.number(),
  vatMention: z.optional(z.string()),
  source: z.string(),
});
export type Quote = z.infer<typeof quoteSchema>;

export interface Booking {
  id: string;
  resourceId: string;
  resourceName: string;
  resourceKind: ResourceKind;
  memberId: string;
  memberName: string;
  start: string; // UTC ISO
  end: string; // UTC ISO
  /** End of the slot items: `end` plus the resource's buffer at booking time. */
  blockedUntil: string;
  /** Seats counted per granule (desk area) rather than one booking per granule. */
  seats: boolean;
  status: BookingStatus;
  holdExpiresAt?: string | undefined;
  quote: Quote;
  /** What pricing consumed and the payment it opened, to give back and release on cancel. */
  pricing?: { consumes: { credits: { creditId: string; amount: number }[]; quotas: { quotaKey: string; amount: number }[] }; paymentId?: string | undefined; category: string } | undefined;
  createdAt: string;
  createdBy: string;
  seriesId?: string | undefined;
  /** Members cancel online until this many hours before the start: the resource's rule when booked or moved (absent on older bookings: the resource's current rule). */
  cancelBeforeHours?: number | undefined;
  cancelledAt?: string | undefined;
  cancelledBy?: string | undefined;
  cancelReason?: string | undefined;
  checkedInAt?: string | undefined;
  version: number;
}

export const bookingSchema = z.object({
  id: z.string(), resourceId: z.string(), resourceName: z.string(), resourceKind: resourceKindSchema,
  memberId: z.string(), memberName: z.string(), start: z.string(), end: z.string(), localStart: z.string(), localEnd: z.string(),
  status: z.enum(BOOKING_STATUSES), holdExpiresAt: z.optional(z.string()), quote: quoteSchema,
  createdAt: z.string(), createdBy: z.string(), seriesId: z.optional(z.string()),
  /** Until when the member may cancel it online (a booking still to come; staff cancel at any time). */
  cancelDeadline: z.optional(z.string()),
  cancelledAt: z.optional(z.string()), cancelledBy: z.optional(z.string()), cancelReason: z.optional(z.string()),
  checkedInAt: z.optional(z.string()),
});
