import type { Db } from '@lieu/db';

/**
 * Consumed capacity counted through an SDK middleware: every command asks for
 * `ReturnConsumedCapacity: TOTAL` and its units are added to the current label's reads (GetItem,
 * Query, BatchGetItem) or writes (the rest). DynamoDB Local reports the same units as DynamoDB
 * (transactional writes count double). Shared by the shop and cost benches.
 */
export interface CapacityMeter {
  read: number;
  write: number;
  calls: number;
  reset(): void;
  /** Counts into `label`'s totals as well while `fn` runs (requests are replayed one at a time). */
  during<T>(label: string, fn: () => Promise<T>): Promise<T>;
  byLabel: Map<string, { read: number; write: number; calls: number }>;
}

export function measureCapacity(db: Db, name = 'lieuCapacity'): CapacityMeter {
  let current: string | null = null;
  const m: CapacityMeter = {
    read: 0, write: 0, calls: 0, byLabel: new Map(),
    reset() { this.read = 0; this.write = 0; this.calls = 0; },
    async during(label, fn) {
      current = label;
      try { return await fn(); } finally { current = null; }
    },
  };
  db.raw.middlewareStack.add((next, context) => async (args) => {
    (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
    const out = await next(args);
    const command = String((context as { commandName?: string }).commandName ?? '');
    const cc = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
    const units = (Array.isArray(cc) ? cc : cc ? [cc] : []).reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
    const isRead = /^(GetItem|Query|BatchGetItem)Command$/.test(command);
    const buckets = [m, ...(current ? [m.byLabel.get(current) ?? m.byLabel.set(current, { read: 0, write: 0, calls: 0 }).get(current)!] : [])];
    for (const b of buckets) {
      if (isRead) b.read += units; else b.write += units;
      b.calls++;
    }
    return out;
  }, { step: 'initialize', name });
  return m;
}
