import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Everything a repository needs: the document client and the table's name. */
export interface Db {
  doc: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  table: string;
}

export interface DbOptions {
  tableName: string;
  /** DynamoDB Local's URL; absent in AWS. */
  endpoint?: string;
  region?: string;
  config?: DynamoDBClientConfig;
}

export function createDb(opts: DbOptions): Db {
  const raw = new DynamoDBClient({
    region: opts.region ?? process.env.AWS_REGION ?? 'eu-west-3',
    ...(opts.endpoint
      ? { endpoint: opts.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    // Retry budget, chosen: 3 attempts (the SDK's standard mode: exponential backoff with jitter,
    // throttling and transient errors retried), each request cut at 2 s and a connection at 1 s.
    // Worst case ≈ 3 × 2 s + backoff < 7 s, under every HTTP function's 10 s timeout, so a
    // throttled or slow table ends as a 503 with Retry-After (packages/http/src/errors.ts), never
    // as a Lambda timeout. Transactions also carry a ClientRequestToken (transact.ts), so a retry of
    // a commit whose answer was lost is recognised rather than re-judged.
    // (DynamoDB Local on a busy laptop or CI answers slower: the cut applies in AWS only.)
    maxAttempts: 3,
    retryMode: 'standard',
    ...(opts.endpoint ? {} : { requestHandler: { requestTimeout: 2000, connectionTimeout: 1000 } }),
    ...opts.config,
  });
  const doc = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, raw, table: opts.tableName };
}

/**
 * Counts round trips (one per SDK command sent, retries included) and consumed capacity.
 * Used by the benchmarks and by tests that hold a route to its round-trip budget.
 */
export interface RoundTripCounter {
  calls: number;
  byCommand: Record<string, number>;
  reset(): void;
}

export function countRoundTrips(db: Db): RoundTripCounter {
  const counter: RoundTripCounter = {
    calls: 0,
    byCommand: {},
    reset() { this.calls = 0; this.byCommand = {}; },
  };
  db.raw.middlewareStack.add(
    (next, context) => async (args) => {
      counter.calls++;
      const name = String((context as { commandName?: string }).commandName ?? 'unknown');
      counter.byCommand[name] = (counter.byCommand[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'lieuRoundTripCounter', override: true },
  );
  return counter;
}
