import * as z from 'zod/mini';

/** Roles inside one tenant, from most to least powerful. Platform admins live outside tenants. */
export const ROLES = ['owner', 'operator', 'member'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { owner: 3, operator: 2, member: 1 };
/** True when `role` is at least `min` (an owner may do what an operator may). */
export const hasRole = (role: Role, min: Role): boolean => RANK[role] >= RANK[min];

/** Emails are compared lower-cased and trimmed; that form is the uniqueness key. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
export const emailSchema = z.string().check(
  z.maxLength(254, 'An email has at most 254 characters'),
  z.trim(),
  z.toLowerCase(),
  z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'A valid email address'),
);

export const passwordSchema = z.string().check(
  z.minLength(8, 'A password has at least 8 characters'),
  z.maxLength(200, 'A password has at most 200 characters'),
);

export const personNameSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'A name is required'),
  z.maxLength(100, 'A name has at most 100 characters'),
  z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'No control characters'),
);

/**
 * The emails a member may turn off, one switch each; a switch never set is on. Account emails
 * (sign-in links, password resets) are not among them: they answer the member's own request.
 */
export const NOTIFICATION_KINDS = [
  'bookingConfirmed', 'bookingCancelled', 'bookingMoved', 'eventRegistered', 'eventPromoted', 'paymentReceived', 'qualificationGranted', 'orderReady',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const notificationsSchema = z.object({
  bookingConfirmed: z.boolean(), bookingCancelled: z.boolean(), bookingMoved: z.boolean(),
  eventRegistered: z.boolean(), eventPromoted: z.boolean(), paymentReceived: z.boolean(), qualificationGranted: z.boolean(), orderReady: z.boolean(),
});
export type Notifications = z.infer<typeof notificationsSchema>;
/** What a member receives: every kind on unless they turned it off. */
export const notificationsOf = (u: Pick<User, 'notifications'>): Notifications =>
  Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, u.notifications?.[k] ?? true])) as Notifications;
/** Whether this member gets this kind of email: an address, and the switch on. */
export const wantsEmail = <U extends Pick<User, 'email' | 'notifications'>>(u: U | null | undefined, kind: NotificationKind): u is U & { email: string } =>
  !!u?.email && (u.notifications?.[kind] ?? true);

export const userStatusSchema = z.enum(['active', 'suspended', 'erased']);
export type UserStatus = z.infer<typeof userStatusSchema>;

export interface User {
  id: string;
  tenantId: string;
  email: string | null; // null once erased (GDPR)
  name: string;
  role: Role;
  status: UserStatus;
  locale?: 'fr' | 'en' | undefined;
  phone?: string | undefined;
  /** The emails this person turned off or on (absent: all on). */
  notifications?: Partial<Notifications> | undefined;
  passwordHash?: string | undefined;
  createdAt: string;
  version: number;
}

/** The user as returned by the API: never the password hash. */
export const publicUserSchema = z.object({
  id: z.string(),
  email: z.nullable(z.string()),
  name: z.string(),
  role: roleSchema,
  status: userStatusSchema,
  locale: z.optional(z.enum(['fr', 'en'])),
  phone: z.optional(z.string()),
  notifications: z.optional(notificationsSchema),
  createdAt: z.string(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export function toPublicUser(u: User): PublicUser {
  return {
    id: u.id, email: u.email, name: u.name, role: u.role, status: u.status, createdAt: u.createdAt,
    ...(u.locale ? { locale: u.locale } : {}), ...(u.phone ? { phone: u.phone } : {}),
    notifications: notificationsOf(u),
  };
}
