import type { Db } from '@lieu/db';
import { rng as prng } from '../bench/daySim';

/**
 * Seeded fault injection into the app's real DynamoDB client (an SDK middleware), the faults DynamoDB
 * and the network give in AWS:
 * - `lost`: the call reached the table and did its work, the answer is lost (a reset connection);
 * - `dropped`: the call never reached the table (a reset connection);
 * - `throttled`: ThrottlingException;
 * - `conflict`: a TransactWriteItems cancelled for a TransactionConflict (transactions only).
 * The middleware sits inside the SDK's retry loop (right after `retryMiddleware`), so the SDK
 * resends as it does in AWS (the same request, the same ClientRequestToken); what outlives the
 * SDK's attempts reaches the app.
 *
 * The same seed draws the same sequence of faults; which call gets which one of them depends on
 * how the concurrent requests interleave. `LIEU_FAULT_SEED` fixes the seed; the run prints it.
 */
export type Fault = 'lost' | 'dropped' | 'throttled' | 'conflict';

export function faultSeed(): number {
  const raw = process.env.LIEU_FAULT_SEED?.trim();
  const seed = raw ? Number(raw) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`LIEU_FAULT_SEED must be an integer, got "${raw}"`);
  return seed;
}

const WRITES = new Set(['TransactWriteItemsCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

export interface FaultInjector {
  /** Faults are drawn only while on (set-up and checks run clean). */
  on: boolean;
  readonly seed: number;
  /** What was injected, by fault and command. */
  readonly counts: Record<string, number>;
  /** A decision for the client side (a lost HTTP answer), from the same seeded sequence. */
  draw(): number;
  stop(): void;
}

/**
 * `rate`: the share of calls that meet a fault, split evenly between the kinds that apply to the
 * call (`lost` and `conflict` to writes only, `conflict` to transactions only). `script` instead
 * names the fault of each call (each SDK attempt is a call), for a test of one exact sequence.
 */
export function injectFaults(db: Db, opts: { seed: number; rate: number; script?: (call: { command: string; input: Record<string, any> }) => Fault | null }): FaultInjector {
  const random = prng(opts.seed);
  const counts: Record<string, number> = {};
  const injector: FaultInjector = {
    on: false, seed: opts.seed, counts,
    draw: () => random(),
    stop: () => { db.raw.middlewareStack.remove('lieuFaults'); },
  };
  const fail = (fault: Fault, command: string, items: number): Error => {
    counts[`${fault} ${command}`] = (counts[`${fault} ${command}`] ?? 0) + 1;
    if (fault === 'throttled') {
      return Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    }
    if (fault === 'conflict') {
      return Object.assign(new Error('Transaction cancelled, please refer cancellation reasons for specific reasons'), {
        name: 'TransactionCanceledException', $fault: 'client', $metadata: { httpStatusCode: 400 },
        CancellationReasons: Array.from({ length: items }, (_, i) => ({ Code: i === items - 1 ? 'TransactionConflict' : 'None' })),
      });
    }
    return Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET', $metadata: {} });
  };
  db.raw.middlewareStack.addRelativeTo(
    ((next: (a: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      if (!injector.on) return next(args);
      const command = String(context.commandName ?? '');
      const write = WRITES.has(command);
      const transaction = command === 'TransactWriteItemsCommand';
      const kinds: Fault[] = ['dropped', 'throttled', ...(write ? ['lost' as const] : []), ...(transaction ? ['conflict' as const] : [])];
      let fault: Fault;
      if (opts.script) {
        const scripted = opts.script({ command, input: args.input as Record<string, any> });
        if (!scripted) return next(args);
        fault = scripted;
      } else {
        const r = random();
        if (r >= opts.rate) return next(args);
        fault = kinds[Math.min(kinds.length - 1, Math.floor((r / opts.rate) * kinds.length))]!;
      }
      const items = ((args.input as { TransactItems?: unknown[] }).TransactItems ?? []).length;
      if (fault === 'lost') {
        await next(args);
        throw fail(fault, command, items);
      }
      throw fail(fault, command, items);
    }) as never,
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'lieuFaults', override: true },
  );
  return injector;
}
