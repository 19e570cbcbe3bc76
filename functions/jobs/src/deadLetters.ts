/**
 * Re-driving the dead-letter queue. Two kinds of letters land in it:
 * - a scheduled job's event that EventBridge could not deliver or whose run kept failing: the body is
 *   the event itself (`detail.job`, `time`);
 * - a table-stream batch a consumer gave up on (retries exhausted, record too old): the body is
 *   Lambda's failure record (`requestContext.functionArn`, `DDBStreamBatchInfo`), which names the
 *   stream positions, not the records.
 * A job letter is replayed by running that job for the event's own time (every job decides against
 * it and a second run changes nothing). A stream letter is replayed by the consumer's sweep, which
 * finds the same work in the table without the stream (whose records may have expired): the outbox's
 * `outbox-retry` re-offers the emails still pending, the Stripe worker's `refunds` sends the refund
 * requests still open. Both are idempotent, so a letter replayed twice, or one whose work was done
 * meanwhile, changes nothing.
 */
export type DeadLetter =
  | { kind: 'job'; job: string; at: Date }
  | { kind: 'stream'; consumer: 'outbox' | 'stripe-worker'; functionArn: string; firstRecordAt?: string; batchSize?: number; condition?: string }
  | { kind: 'unreadable'; why: string };

/** The job that replays a letter, and the instant it runs for. */
export interface ReplayStep { job: string; at: Date }

/** Reads one message body of the dead-letter queue. */
export function readDeadLetter(body: string): DeadLetter {
  let m: any;
  try { m = JSON.parse(body); } catch { return { kind: 'unreadable', why: 'not JSON' }; }
  if (m && typeof m === 'object' && typeof m.detail?.job === 'string') {
    const at = new Date(String(m.time ?? ''));
    if (Number.isNaN(at.getTime())) return { kind: 'unreadable', why: `job ${m.detail.job} without a valid time` };
    return { kind: 'job', job: m.detail.job, at };
  }
  const info = m?.DDBStreamBatchInfo;
  const functionArn = String(m?.requestContext?.functionArn ?? '');
  if (info && functionArn) {
    return {
      kind: 'stream', consumer: /stripe/i.test(functionArn) ? 'stripe-worker' : 'outbox', functionArn,
      ...(info.approximateArrivalOfFirstRecord ? { firstRecordAt: String(info.approximateArrivalOfFirstRecord) } : {}),
      ...(typeof info.batchSize === 'number' ? { batchSize: info.batchSize } : {}),
      ...(m.requestContext.condition ? { condition: String(m.requestContext.condition) } : {}),
    };
  }
  return { kind: 'unreadable', why: 'neither a scheduled event nor a stream failure record' };
}

/** What replays a letter (null: nothing can, the letter stays for a person to read). */
export function replayStep(letter: DeadLetter, now: Date): ReplayStep | null {
  if (letter.kind === 'job') return { job: letter.job, at: letter.at };
  if (letter.kind === 'stream') return { job: letter.consumer === 'stripe-worker' ? 'refunds' : 'outbox-retry', at: now };
  return null;
}

export interface DeadLetterMessage { id: string; body: string }
export interface ReplayOutcome { id: string; letter: DeadLetter; step: ReplayStep | null; result: 'replayed' | 'kept'; why?: string; changed?: number }

/**
 * Replays the letters: each distinct step runs once (ten letters of one stream consumer are one
 * sweep), in the order met. A letter is `replayed` when its step ran without error (its message may
 * then be deleted), `kept` otherwise (unreadable, unknown job, or the run failed: the message stays).
 */
export async function replayDeadLetters(
  messages: DeadLetterMessage[],
  run: (job: string, at: Date) => Promise<{ changed: number }>,
  opts: { now: Date; knownJobs: string[] },
): Promise<ReplayOutcome[]> {
  const done = new Map<string, Promise<{ ok: true; changed: number } | { ok: false; why: string }>>();
  const out: ReplayOutcome[] = [];
  for (const m of messages) {
    const letter = readDeadLetter(m.body);
    const step = replayStep(letter, opts.now);
    if (!step) { out.push({ id: m.id, letter, step, result: 'kept', why: letter.kind === 'unreadable' ? letter.why : 'no replay' }); continue; }
    if (!opts.knownJobs.includes(step.job)) { out.push({ id: m.id, letter, step, result: 'kept', why: `unknown job "${step.job}"` }); continue; }
    const key = `${step.job}@${step.at.toISOString()}`;
    if (!done.has(key)) {
      done.set(key, run(step.job, step.at).then((r) => ({ ok: true as const, changed: r.changed }), (e: Error) => ({ ok: false as const, why: e.message })));
    }
    const r = await done.get(key)!;
    out.push(r.ok ? { id: m.id, letter, step, result: 'replayed', changed: r.changed } : { id: m.id, letter, step, result: 'kept', why: r.why });
  }
  return out;
}

/**
 * The messages of an `aws sqs receive-message --output json` answer (or a list of them, or of
 * bodies), so an operator can save what they received and replay it.
 */
export function messagesOf(json: unknown): DeadLetterMessage[] {
  const list = Array.isArray(json) ? json : (json as { Messages?: unknown[] } | null)?.Messages ?? [];
  return list.map((m, i) => {
    if (typeof m === 'string') return { id: `#${i + 1}`, body: m };
    const msg = m as { MessageId?: string; ReceiptHandle?: string; Body?: string };
    return { id: msg.ReceiptHandle ?? msg.MessageId ?? `#${i + 1}`, body: msg.Body ?? JSON.stringify(m) };
  });
}
