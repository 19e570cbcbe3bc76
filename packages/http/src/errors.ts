import { AppError, type ErrorCode, type FieldIssue } from '@lieu/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one place where domain error codes become HTTP statuses. */
export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  tenant_suspended: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rule_violation: 422,
  rate_limited: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; reason: string; params?: Record<string, string | number>; message: string; requestId?: string; details?: Record<string, unknown> };
}

/** Turns zod issues into field details: `{ path: 'address.city', message }`. */
export function zodIssuesToFields(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, prefix = ''): FieldIssue[] {
  return issues.slice(0, 20).map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

export function toErrorResponse(c: Context, err: unknown, requestId: string, log: (e: unknown) => void): Response {
  let appErr: AppError;
  if (err instanceof AppError) appErr = err;
  else if (err instanceof HTTPException && err.status === 413) appErr = new AppError('payload_too_large', 'The request body is too large (1 MB at most)');
  else if (err instanceof HTTPException && err.status < 500) appErr = new AppError('invalid_input', err.message || 'Bad request');
  else if (isBusy(err)) appErr = new AppError('unavailable', 'The service is busy; retry shortly', { retryAfterSeconds: 1 });
  else {
    log(err);
    const body: ErrorBody = { error: { code: 'internal', reason: 'internal', message: 'Something went wrong on our side', requestId } };
    return c.json(body, 500);
  }
  const { retryAfterSeconds, ...details } = appErr.details ?? {};
  if (retryAfterSeconds !== undefined) c.header('Retry-After', String(retryAfterSeconds));
  const body: ErrorBody = {
    error: {
      code: appErr.code, reason: appErr.reason, ...(appErr.params ? { params: appErr.params } : {}),
      message: appErr.message, requestId, ...(Object.keys(details).length ? { details } : {}),
    },
  };
  return c.json(body, STATUS[appErr.code]);
}

/**
 * DynamoDB throttling and timeouts that outlived the SDK's own retries: the client should come back
 * in a moment (503 + Retry-After), it did nothing wrong (so never a 500).
 */
const BUSY = new Set([
  'ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded',
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalServerError', 'ServiceUnavailable',
]);
function isBusy(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | null;
  return !!e && (BUSY.has(e.name ?? '') || e.code === 'ETIMEDOUT' || e.code === 'ECONNRESET');
}
