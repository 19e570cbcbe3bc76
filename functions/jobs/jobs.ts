/** The jobs package's public surface (for `pnpm job` and the infrastructure). */
export { JOBS, WAITING_JOBS, allRealms, deliverPending, outboxRetry, type Job, type JobDeps, type JobResult } from './src/jobs';
export { processOutboxRecords, deliver, wantsDelivery, MAX_ATTEMPTS } from './src/outbox';
export { consoleMailer, sesMailer, mailerFromEnv, type Mailer } from './src/mailer';
