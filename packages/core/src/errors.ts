/**
 * Typed errors of the domain. The HTTP layer maps each code to one status in one place
 * (packages/http/src/errors.ts); the domain never thinks in status codes.
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

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: FieldIssue[]; rule?: string; retryAfterSeconds?: number; [k: string]: unknown },
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const conflict = (message: string, details?: AppError['details']) => new AppError('conflict', message, details);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
export const ruleViolation = (rule: string, message: string) => new AppError('rule_violation', message, { rule });
