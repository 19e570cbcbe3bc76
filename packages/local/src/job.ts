import { resolve } from 'node:path';
import { createDb, ensureTable } from '@lieu/db';
import { consoleMailer, deliverPending, JOBS, WAITING_JOBS, type Job } from '../../../functions/jobs/jobs';
import { STRIPE_JOBS, jsonLog, stripeFromEnv } from '../../../functions/stripe-worker/worker';
import { startDynamoLocal } from './dynamo';

/**
 * `pnpm job <name> [--at <ISO instant>]`: runs one scheduled job by hand against the embedded store
 * (DynamoDB Local on `.data/dynamodb`, like `pnpm dev`; stop `pnpm dev` first, or point
 * DYNAMODB_ENDPOINT at its DynamoDB Local). The same code EventBridge runs in AWS.
 */
const [name, ...rest] = process.argv.slice(2);
const atIndex = rest.indexOf('--at');
const now = atIndex >= 0 ? new Date(rest[atIndex + 1] ?? '') : new Date();

function usage(): never {
  const lines = ['usage: pnpm job <name> [--at <ISO instant>]', '', 'jobs:'];
  for (const j of Object.values(runnable)) lines.push(`  ${j.name.padEnd(24)} ${j.schedule.padEnd(22)} ${j.description}`);
  lines.push('', 'not yet runnable (each lands with its area):');
  for (const j of WAITING_JOBS) lines.push(`  ${j.name.padEnd(24)} waits for ${j.waitsFor}`);
  console.error(lines.join('\n'));
  process.exit(2);
}

/** Local only: what the table stream does in AWS, with the console mailer. */
const outboxDeliver: Job = {
  name: 'outbox-deliver', schedule: '(local only)', description: 'Send pending outbox emails to the console (the stream consumer\'s job in AWS)',
  run: (deps) => deliverPending({ ...deps, mailer: consoleMailer() }),
};
// The Stripe worker's jobs (refunds, reconcile-subscriptions) with the Stripe key of the environment, if any.
const stripeJobs = Object.fromEntries(Object.values(STRIPE_JOBS).map((j): [string, Job] => [j.name, {
  name: j.name, schedule: j.schedule, description: `${j.description} (Stripe worker)`,
  run: (deps) => j.run({ ...deps, stripe: stripeFromEnv(), log: deps.log ?? jsonLog }),
}]));
const runnable: Record<string, Job> = { ...JOBS, ...stripeJobs, [outboxDeliver.name]: outboxDeliver };
const job = name ? runnable[name] : undefined;
if (!job) {
  if (name) console.error(`unknown job "${name}"\n`);
  usage();
}
if (Number.isNaN(now.getTime())) { console.error('--at needs an ISO instant'); process.exit(2); }

const root = resolve(import.meta.dirname, '../../..');
const dynamo = process.env.DYNAMODB_ENDPOINT
  ? { endpoint: process.env.DYNAMODB_ENDPOINT, stop: async () => undefined }
  : await startDynamoLocal({ dataDir: resolve(root, '.data', 'dynamodb') });
const db = createDb({ tableName: process.env.TABLE_NAME ?? 'lieu', endpoint: dynamo.endpoint, region: 'local' });
try {
  await ensureTable(db);
  const started = performance.now();
  const result = await job.run({ db, now, log: (level, msg, data) => console.log(`[${level}] ${msg}`, data ?? '') });
  console.log(JSON.stringify({ job: job.name, at: now.toISOString(), ...result, ms: Math.round(performance.now() - started) }));
} finally {
  db.raw.destroy();
  await dynamo.stop();
}
