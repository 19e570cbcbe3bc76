import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDb, ensureTable } from '@lieu/db';
import { consoleMailer, deliverPending, JOBS, WAITING_JOBS, type Job } from '../../../functions/jobs/jobs';
import { messagesOf, replayDeadLetters } from '../../../functions/jobs/src/deadLetters';
import { STRIPE_JOBS, jsonLog, stripeFromEnv } from '../../../functions/stripe-worker/worker';
import { startDynamoLocal } from './dynamo';
import { devTxtResolver } from './devRoutes';

/**
 * `pnpm job <name> [--at <ISO instant>]`: runs one scheduled job by hand against the embedded store
 * (DynamoDB Local on `.data/dynamodb`, like `pnpm dev`; stop `pnpm dev` first, or point
 * DYNAMODB_ENDPOINT at its DynamoDB Local). The same code EventBridge runs in AWS.
 *
 * `pnpm job replay-dlq --from <file> [--aws]`: replays the dead-letter queue's messages saved in
 * `file` (the JSON of `aws sqs receive-message`): each letter's job runs (a scheduled job for its
 * event's time, a stream consumer's sweep now), then the receipt handles of the replayed messages
 * are printed, to delete. `--aws` runs against the deployed table (TABLE_NAME, the shell's AWS
 * credentials) instead of the embedded store; docs/operations.md gives the steps.
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
const job = name === 'replay-dlq' ? replayJob() : name ? runnable[name] : undefined;
if (!job) {
  if (name) console.error(`unknown job "${name}"\n`);
  usage();
}
if (Number.isNaN(now.getTime())) { console.error('--at needs an ISO instant'); process.exit(2); }

/** Replays the saved dead letters with the jobs above, against the same table. */
function replayJob(): Job {
  const fromIndex = rest.indexOf('--from');
  const file = fromIndex >= 0 ? rest[fromIndex + 1] : undefined;
  if (!file) { console.error('usage: pnpm job replay-dlq --from <messages.json> [--aws]'); process.exit(2); }
  const messages = messagesOf(JSON.parse(readFileSync(file, 'utf8')));
  return {
    name: 'replay-dlq', schedule: '(by hand)', description: 'Replay the dead-letter queue\'s messages saved in a file',
    async run(deps) {
      const outcomes = await replayDeadLetters(messages, (jobName, at) => runnable[jobName]!.run({ ...deps, now: at }), { now: deps.now, knownJobs: Object.keys(runnable) });
      for (const o of outcomes) console.log(JSON.stringify({ message: o.id.slice(0, 24), letter: o.letter.kind, job: o.step?.job, at: o.step?.at.toISOString(), result: o.result, ...(o.why ? { why: o.why } : {}) }));
      const replayed = outcomes.filter((o) => o.result === 'replayed');
      if (replayed.length) console.log(`delete the replayed messages:\n${replayed.map((o) => `  aws sqs delete-message --queue-url "$DLQ_URL" --receipt-handle '${o.id}'`).join('\n')}`);
      return { examined: outcomes.length, changed: replayed.length };
    },
  };
}

const root = resolve(import.meta.dirname, '../../..');
const onAws = rest.includes('--aws');
if (onAws && !process.env.TABLE_NAME) { console.error('--aws needs TABLE_NAME (the stack output TableName)'); process.exit(2); }
const dynamo = onAws
  ? { endpoint: undefined, stop: async () => undefined }
  : process.env.DYNAMODB_ENDPOINT
  ? { endpoint: process.env.DYNAMODB_ENDPOINT, stop: async () => undefined }
  : await startDynamoLocal({ dataDir: resolve(root, '.data', 'dynamodb') });
const db = onAws
  ? createDb({ tableName: process.env.TABLE_NAME! })
  : createDb({ tableName: process.env.TABLE_NAME ?? 'lieu', endpoint: dynamo.endpoint, region: 'local' });
try {
  if (!onAws) await ensureTable(db);
  const started = performance.now();
  // Locally, custom domains are checked against the records set with `PUT /api/v1/dev/dns`.
  const dns = onAws ? {} : { dns: devTxtResolver(db) };
  const result = await job.run({ db, now, ...dns, log: (level, msg, data) => console.log(`[${level}] ${msg}`, data ?? '') });
  console.log(JSON.stringify({ job: job.name, at: now.toISOString(), ...result, ms: Math.round(performance.now() - started) }));
} finally {
  db.raw.destroy();
  await dynamo.stop();
}
