import * as z from 'zod/mini';

/** Words a space may not take as its slug: they name platform hosts or would confuse members. */
export const RESERVED_SLUGS = new Set([
  'www', 'api', 'app', 'admin', 'platform', 'lieu', 'mail', 'smtp', 'static', 'assets', 'cdn', 'docs',
  'help', 'support', 'status', 'blog', 'dev', 'test', 'staging', 'prod', 'auth', 'login', 'signup',
  'billing', 'stripe', 'webhooks', 'dashboard', 'root', 'system',
]);

export const slugSchema = z.string().check(
  z.minLength(3, 'A slug has at least 3 characters'),
  z.maxLength(40, 'A slug has at most 40 characters'),
  z.regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Lower-case letters, digits and inner hyphens only'),
  z.refine((s) => !RESERVED_SLUGS.has(s), 'This slug is reserved'),
);

/** True for a time zone the runtime's Intl knows (IANA names such as Europe/Paris). */
export function isTimeZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return tz.includes('/') || tz === 'UTC'; } catch { return false; }
}

export const timeZoneSchema = z.string().check(
  z.maxLength(64),
  z.refine(isTimeZone, 'Unknown IANA time zone'),
);

const CURRENCIES = new Set(['EUR', 'CHF', 'GBP', 'USD', 'CAD', 'XOF', 'XPF', 'MAD', 'TND']);
export const currencySchema = z.string().check(
  z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code in capitals, e.g. EUR'),
  z.refine((c) => CURRENCIES.has(c), 'Currency not supported yet'),
);

export const localeSchema = z.enum(['fr', 'en']);
export type Locale = z.infer<typeof localeSchema>;

export const legalFormSchema = z.enum(['association', 'company', 'public_body', 'cooperative', 'other']);

/**
 * VAT mode of a space: `standard` with a rate in basis points (2000 = 20 %), or `exempt_293b`
 * (0 %, invoices carry "TVA non applicable, art. 293 B du CGI").
 */
export const vatSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('standard'), rateBp: z.int().check(z.minimum(0), z.maximum(10000)) }),
  z.object({ mode: z.literal('exempt_293b') }),
]);
export type VatSetting = z.infer<typeof vatSchema>;
export const VAT_293B_MENTION = 'TVA non applicable, art. 293 B du CGI';
export const vatRateBp = (v: VatSetting): number => (v.mode === 'standard' ? v.rateBp : 0);

const hhmm = z.string().check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time as HH:MM'));
export const timeRangeSchema = z
  .object({ open: hhmm, close: hhmm })
  .check(z.refine((r) => r.open < r.close, { message: 'Opening must be before closing', path: ['close'] }));
export type TimeRange = z.infer<typeof timeRangeSchema>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const dayHours = z.array(timeRangeSchema).check(z.maxLength(4));
/** Weekly opening hours, in the space's local time. A missing or empty day is closed. */
export const openingHoursSchema = z.object({
  mon: z.optional(dayHours), tue: z.optional(dayHours), wed: z.optional(dayHours), thu: z.optional(dayHours),
  fri: z.optional(dayHours), sat: z.optional(dayHours), sun: z.optional(dayHours),
});
export type OpeningHours = z.infer<typeof openingHoursSchema>;

const colour = z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'A colour as #rrggbb'));
/**
 * A logo's address: an absolute https URL, or a path of the site itself (an uploaded logo). Not
 * http (mixed content, and a network on the way could swap it), not `//host` (another site through
 * a path-looking value), no other scheme.
 */
const httpsUrl = z.string().check(z.maxLength(2000), z.regex(/^(https:\/\/[^\s/]|\/(?![/\\]))[^\s]*$/, 'A URL (https://… or /…)'));

export const brandingSchema = z.object({
  logoUrl: z.optional(z.nullable(httpsUrl)),
  primaryColor: colour,
  accentColor: colour,
  tagline: z.optional(z.string().check(z.maxLength(200))),
});
export type Branding = z.infer<typeof brandingSchema>;

export const addressSchema = z.object({
  line1: z.string().check(z.minLength(1), z.maxLength(200)),
  line2: z.optional(z.string().check(z.maxLength(200))),
  postalCode: z.string().check(z.minLength(1), z.maxLength(20)),
  city: z.string().check(z.minLength(1), z.maxLength(100)),
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'An ISO 3166 country code, e.g. FR')),
});
export type Address = z.infer<typeof addressSchema>;

/**
 * What a chargeback opened against a member's payment does until the bank decides: `pause_bookings`
 * (the member cannot book anew; staff still can for them) or `none` (the owner is alerted, nothing else).
 */
export const DISPUTE_RULES = ['pause_bookings', 'none'] as const;
export const disputeRuleSchema = z.enum(DISPUTE_RULES);
export type DisputeRule = (typeof DISPUTE_RULES)[number];

/**
 * What a space runs, each switched on or off by its owner: coworking (desks and rooms), machines
 * (fab lab machines, trainings and qualifications), events, shop (shop and consignment), till (the
 * counter sale). Everything else (members, plans, billing, settings) is always there.
 */
export const MODULES = ['coworking', 'machines', 'events', 'shop', 'till'] as const;
export type Module = (typeof MODULES)[number];
export const moduleSchema = z.enum(MODULES);
/** The modules a space runs: at least one, each at most once, in any order. */
export const modulesSchema = z.array(moduleSchema).check(
  z.minLength(1, 'A space runs at least one module'),
  z.maxLength(MODULES.length),
  z.refine((ms) => new Set(ms).size === ms.length, 'Each module at most once'),
);

/** A space stored before modules existed runs them all. */
export const tenantModules = (t: Pick<Tenant, 'modules'>): Module[] => (t.modules ? MODULES.filter((m) => t.modules!.includes(m)) : [...MODULES]);
/** True when the space runs `m`, or (a list) any one of them. */
export const runsModule = (t: Pick<Tenant, 'modules'>, m: Module | readonly Module[]): boolean => {
  const on = tenantModules(t);
  return typeof m === 'string' ? on.includes(m) : m.some((x) => on.includes(x));
};

export const tenantNameSchema = z.string().check(z.trim(), z.minLength(2), z.maxLength(100));
export const tenantStatusSchema = z.enum(['active', 'suspended']);

/** The tenant as stored (minus keys). */
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: z.infer<typeof tenantStatusSchema>;
  timeZone: string;
  currency: string;
  locale: Locale;
  vat: VatSetting;
  legalForm: z.infer<typeof legalFormSchema>;
  branding: Branding;
  address?: Address | undefined;
  openingHours: OpeningHours;
  /** The domain the space asked for; it routes (and shapes links) only once `domainStatus` is `verified`. */
  customDomain?: string | undefined;
  /** `pending` until the space's TXT record is found on `customDomain` and its marker claimed. */
  domainStatus?: DomainStatus | undefined;
  /** The space's own random token, published as `lieu-verify=<token>` at `_lieu-verify.<domain>`. */
  domainToken?: string | undefined;
  /** What the last check of a pending domain found (no record yet, or the domain still held by another space). */
  domainCheck?: { at: string; result: DomainCheckResult } | undefined;
  /** The modules the space runs; absent on spaces stored before modules existed (then all). */
  modules?: Module[] | undefined;
  /** What an open chargeback does (absent: `none`). */
  disputeRule?: DisputeRule | undefined;
  /** Whether a shop order refunded in full on Stripe (its dashboard) puts its units back on sale (absent: yes). */
  refundRestocks?: boolean | undefined;
  createdAt: string;
  version: number;
}

export type DomainStatus = 'pending' | 'verified';
export type DomainCheckResult = 'record_not_found' | 'domain_taken';

/** The DNS name a space publishes its TXT record at to prove it controls `domain`. */
export const domainTxtName = (domain: string) => `_lieu-verify.${domain}`;
/** The TXT record's value for a space's token. */
export const domainTxtValue = (token: string) => `lieu-verify=${token}`;
/** The custom domain a space is served on and linked from: only a verified one. */
export const verifiedDomain = (t: Pick<Tenant, 'customDomain' | 'domainStatus'>): string | undefined =>
  (t.customDomain && t.domainStatus === 'verified' ? t.customDomain : undefined);

/**
 * Looks up the TXT records at a name: each record's strings joined, none when the name has none.
 * AWS: the DNS (`node:dns/promises`); locally and in tests, records a developer or a test sets.
 */
export type TxtResolver = (name: string) => Promise<string[]>;

/** What anyone may see of a space: its brand and how to reach it. */
export const publicTenantSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  locale: localeSchema,
  vat: vatSchema,
  branding: brandingSchema,
  address: z.optional(addressSchema),
  openingHours: openingHoursSchema,
  /** What the space runs: the portal shows only these. */
  modules: z.array(moduleSchema),
});
export type PublicTenant = z.infer<typeof publicTenantSchema>;

export function toPublicTenant(t: Tenant): PublicTenant {
  return {
    id: t.id, slug: t.slug, name: t.name, timeZone: t.timeZone, currency: t.currency, locale: t.locale,
    vat: t.vat, branding: t.branding, ...(t.address ? { address: t.address } : {}), openingHours: t.openingHours,
    modules: tenantModules(t),
  };
}

export const DEFAULT_BRANDING: Branding = { logoUrl: null, primaryColor: '#1f4e79', accentColor: '#f2a900' };

export const domainSchema = z.string().check(
  z.maxLength(253),
  z.regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'A domain name such as espace.example.org'),
);
