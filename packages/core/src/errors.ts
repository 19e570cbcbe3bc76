/**
 * Typed errors of the domain. The HTTP layer maps each code to one status in one place
 * (packages/http/src/errors.ts); the domain never thinks in status codes.
 *
 * An error crosses the wire as `{ code, reason, params?, message }`: `code` is the coarse class
 * (one per HTTP status), `reason` the precise cause from the one list below, `params` what a message
 * needs (a deadline, a count). Clients turn `reason` + `params` into words from their own catalogues
 * (the portal's live in web/src/messages); `message` is English for developers and logs only.
 */
export type ErrorCode =
  | 'invalid_input' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'tenant_suspended' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'rule_violation' // 422
  | 'payload_too_large' // 413
  | 'unsupported_media_type' // 415
  | 'rate_limited' // 429
  | 'unavailable'; // 503

export const ERROR_CODES = [
  'invalid_input', 'unauthenticated', 'forbidden', 'tenant_suspended', 'not_found', 'conflict',
  'rule_violation', 'payload_too_large', 'unsupported_media_type', 'rate_limited', 'unavailable',
] as const satisfies readonly ErrorCode[];

/**
 * Every precise reason an error can carry: the coarse codes themselves (when nothing more precise
 * applies) and one entry per business rule or conflict. Adding a reason here makes the portal's
 * message-completeness test ask for its French and English words.
 */
export const ERROR_REASONS = [
  ...ERROR_CODES,
  // identity and accounts
  'invalid_credentials', 'link_expired', 'email_taken', 'account_required', 'account_locked', 'no_email',
  'name_email_required', 'last_owner', 'self', 'role', 'erased', 'session_revoked', 'cross_origin', 'send_budget',
  // spaces
  'slug_taken', 'domain_taken', 'domain_unverified', 'module_disabled', 'stripe_account_taken',
  // versions and races
  'stale_version', 'busy', 'idempotency_key_reused', 'already_exists',
  // bookings and resources
  'already_booked', 'no_seat_left', 'hold_expired', 'status', 'bad_transition', 'not_cancellable',
  'already_cancelled', 'series_conflict', 'range', 'in_past', 'past', 'too_early', 'too_late', 'not_started',
  'started', 'dates', 'grid', 'granularity', 'min_duration', 'max_duration', 'max_days_ahead', 'opening_hours',
  'closure', 'inactive', 'qualification', 'member_not_qualified', 'unknown_training', 'place_kind', 'over_room_capacity',
  'cancel_deadline', 'cancellation_deadline', 'reason_required', 'recorded_no_show', 'move_other_price',
  'move_other_month', 'move_deadline', 'attended', 'too_long', 'no_rate', 'invalid_item', 'dues_required', 'bookings_paused',
  // events
  'event_cancelled', 'event_over', 'not_registered', 'already_registered', 'capacity_below_registered',
  // billing and payments
  'nothing_to_pay', 'nothing_to_refund', 'refund_through_stripe', 'refund_exceeds_payment',
  'refund_exceeds_sale', 'already_refunded', 'not_refundable', 'payment_changed', 'payment_not_paid',
  'payment_not_pending', 'stripe_not_ready', 'stripe_not_configured', 'no_stripe_customer',
  // shop and consignment
  'sold_out', 'not_enough_stock', 'not_for_sale', 'order_changed', 'order_not_held', 'not_a_reordering',
  'consignment_not_active', 'statement_already_paid', 'month_not_closed', 'too_many_photos',
  'photo_not_uploaded', 'photo_not_accepted', 'unknown',
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];
export const isErrorReason = (s: string): s is ErrorReason => (ERROR_REASONS as readonly string[]).includes(s);

/** Values a message needs (`{deadline}`, `{count}`): plain strings and numbers only. */
export type ErrorParams = Record<string, string | number>;

export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorDetails {
  fields?: FieldIssue[];
  /** The precise reason, also sent as `reason` (kept in details for API clients that read it there). */
  rule?: ErrorReason;
  retryAfterSeconds?: number;
  [k: string]: unknown;
}

export class AppError extends Error {
  readonly reason: ErrorReason;
  readonly params?: ErrorParams;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    extra: { reason?: ErrorReason; params?: ErrorParams } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.reason = extra.reason ?? details?.rule ?? code;
    if (extra.params) this.params = extra.params;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`, undefined, { params: { what } });
export const conflict = (message: string, details?: ErrorDetails, params?: ErrorParams) =>
  new AppError('conflict', message, details, params ? { params } : {});
export const forbidden = (message = 'You are not allowed to do this', reason?: ErrorReason) =>
  new AppError('forbidden', message, undefined, reason ? { reason } : {});
export const ruleViolation = (rule: ErrorReason, message: string, params?: ErrorParams) =>
  new AppError('rule_violation', message, { rule }, params ? { params } : {});
