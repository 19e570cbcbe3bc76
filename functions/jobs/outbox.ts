import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createDb } from '@lieu/db';
import { mailerFromEnv } from './src/mailer';
import { processOutboxRecords, type OutboxDeps } from './src/outbox';
import { log, logger } from './src/log';

/**
 * The table-stream consumer: sends the outbox's emails (through the injected Mailer) and reports the
 * records that failed as `batchItemFailures` (the event source has ReportBatchItemFailures on, a
 * bounded retry count and an SQS dead-letter queue).
 */
export function createOutboxHandler(deps: () => OutboxDeps) {
  let resolved: OutboxDeps | null = null;
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger))
    .handler(async (event) => {
      resolved ??= deps();
      const { batchItemFailures, results } = await processOutboxRecords(resolved, event.Records ?? []);
      logger.info('outbox batch', { records: event.Records?.length ?? 0, sent: results.filter((r) => r === 'sent').length, failed: batchItemFailures.length });
      return { batchItemFailures };
    });
}

/** Lambda entry (env: TABLE_NAME, MAILER=ses, MAIL_FROM). */
export const handler = createOutboxHandler(() => ({
  db: createDb({ tableName: process.env.TABLE_NAME ?? 'lieu', ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}) }),
  mailer: mailerFromEnv(),
  clock: () => new Date(),
  log,
}));
