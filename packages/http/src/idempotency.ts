import { createHash } from 'node:crypto';
import { AppError } from '@lieu/core';
import { currentRequest, RepeatedRequest, requestRecords, requestRecordsRepo, type RecordedAnswer, type RequestRecordContext } from '@lieu/db';
import type { RequestCtx } from './route';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[\w-]{8,100}$/;

/**
 * Runs a route that creates or moves money or capacity so that a retry is safe. Without an
 * Idempotency-Key header it just runs (each transaction still carries the request's
 * ClientRequestToken). With one:
 * - the first transaction the request commits also writes a request record (caller + key, a digest
 *   of the request, 24 h), so the change and its record are one write;
 * - the answer is stored on that record (in the same write when the use-case knew it before
 *   committing, else right after);
 * - a repeat with the same key and body gets the first answer (status and body), whether it arrives
 *   after the first finished, while it runs (409 busy + Retry-After) or after its answer was lost;
 *   the same key with another request is a 422.
 */
export async function runIdempotent(
  ctx: RequestCtx,
  bodyText: string,
  run: () => Promise<RecordedAnswer>,
): Promise<RecordedAnswer> {
  const c = ctx.hono;
  const raw = c.req.header(IDEMPOTENCY_HEADER);
  const serve = () => currentRequest.run({ requestId: ctx.requestId }, run);
  if (raw === undefined || !ctx.tenant) return serve();
  if (!KEY.test(raw)) {
    throw new AppError('invalid_input', 'Idempotency-Key: 8 to 100 letters, digits, - or _', { fields: [{ path: 'header.Idempotency-Key', message: 'Invalid key' }] });
  }
  const nowSec = Math.floor(ctx.now.getTime() / 1000);
  const rec: RequestRecordContext = {
    db: ctx.deps.db, tenantId: ctx.tenant.id, key: `${ctx.actor?.id ?? 'anonymous'}:${raw}`,
    fingerprint: createHash('sha256').update(`${c.req.method} ${c.req.path}\n${bodyText}`).digest('base64url'),
    nowSec, attached: false,
  };
  const records = requestRecordsRepo(ctx.deps.db, ctx.tenant.id);

  const replay = async (original: unknown): Promise<RecordedAnswer> => {
    const seen = await records.get(rec.key, nowSec);
    if (!seen) throw original;
    if (seen.fingerprint !== rec.fingerprint) {
      throw new AppError('rule_violation', 'This Idempotency-Key was used for another request', { rule: 'idempotency_key_reused' });
    }
    if (!seen.answer) throw new AppError('conflict', 'The same request is being processed; retry it with the same Idempotency-Key', { rule: 'busy', retryAfterSeconds: 1 });
    c.header('Idempotent-Replayed', 'true');
    return seen.answer;
  };

  let answer: RecordedAnswer;
  try {
    answer = await requestRecords.run(rec, serve);
  } catch (err) {
    if (err instanceof RepeatedRequest) return replay(err);
    if (rec.attached && err instanceof AppError) {
      // Something was committed before the failure: the retry must meet this same outcome.
      await persist(() => records.saveAnswer(rec.key, errorAnswer(err)));
      throw err;
    }
    if (!rec.attached && err instanceof AppError) return replay(err); // a retry refused by a read (e.g. "already cancelled")
    throw err;
  }
  if (rec.attached) {
    if (!rec.answer) await persist(() => records.saveAnswer(rec.key, answer));
  } else if (!(await records.putWithAnswer(rec, answer))) {
    return replay(new Error('unreachable'));
  }
  return answer;
}

/**
 * Storing the answer of a change already committed: if it fails, every retry of the request would
 * be told "busy" until the key expires. It is an idempotent SET, so it is tried again past the
 * SDK's own attempts (whose retry quota a burst of faults can empty).
 */
async function persist(save: () => Promise<void>, tries = 4): Promise<void> {
  for (let i = 1; ; i++) {
    try { return await save(); } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** i + Math.random() * 50));
    }
  }
}

function errorAnswer(err: AppError): RecordedAnswer {
  return { status: 0, body: { code: err.code, reason: err.reason, message: err.message, ...(err.params ? { params: err.params } : {}), ...(err.details ? { details: err.details } : {}) } };
}

/** An error answer stored on a record is thrown again on replay, so it takes the one error shape. */
export function answerToResult(answer: RecordedAnswer): RecordedAnswer {
  if (answer.status !== 0) return answer;
  const b = answer.body as { code: AppError['code']; reason: AppError['reason']; message: string; params?: AppError['params']; details?: AppError['details'] };
  throw new AppError(b.code, b.message, b.details, { reason: b.reason, ...(b.params ? { params: b.params } : {}) });
}
