import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { createDb, type Db } from '@lieu/db';
import { JOBS, type JobResult } from './src/jobs';
import { log, logger } from './src/log';

/** The EventBridge scheduled event, with the job's name in `detail` (set by the rule's input). */
export type JobEvent = EventBridgeEvent<'Scheduled Event', { job?: string }>;

/**
 * The scheduled job runner: one EventBridge rule per job invokes it with `detail.job`; the job runs
 * against the event's `time` (so a retried invocation decides exactly as the first one did).
 */
export function createJobHandler(db: () => Db) {
  let resolved: Db | null = null;
  return middy<JobEvent, JobResult & { job: string }, Error, Context>()
    .use(injectLambdaContext(logger))
    .handler(async (event) => {
      const name = event.detail?.job ?? '';
      const job = JOBS[name];
      if (!job) throw new Error(`unknown job "${name}"`);
      const now = event.time ? new Date(event.time) : new Date();
      if (Number.isNaN(now.getTime())) throw new Error(`bad event time "${event.time}"`);
      resolved ??= db();
      const result = await job.run({ db: resolved, now, log });
      logger.info('job done', { job: name, ...result });
      return { job: name, ...result };
    });
}

/** Lambda entry (env: TABLE_NAME). */
export const handler = createJobHandler(() =>
  createDb({ tableName: process.env.TABLE_NAME ?? 'lieu', ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}) }));
