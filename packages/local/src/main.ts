import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createDb, ensureTable } from '@lieu/db';
import { DEFAULT_LIMITS, logger } from '@lieu/http';
import { consoleMailer, deliverPending } from '../../../functions/jobs/jobs';
import { startDynamoLocal } from './dynamo';
import { createLocalApp } from './server';
import { DEMO_PASSWORD, DEMO_TENANTS, PLATFORM_ADMIN, seedDemo } from './seed';
import { seedHistory } from './seedHistory';

/**
 * `pnpm dev` / `pnpm start`: the whole product on one machine. DynamoDB Local on a data folder
 * (`.data/`, git-ignored) unless `--memory`; the table; the demo tenants; API and portal on PORT.
 */
const args = new Set(process.argv.slice(2));
const inMemory = args.has('--memory') || process.env.LIEU_MEMORY === '1';
const empty = args.has('--empty');
const port = Number(process.env.PORT ?? 3000);
const root = resolve(import.meta.dirname, '../../..');
const dataDir = resolve(root, '.data');

const dynamo = await startDynamoLocal(inMemory ? {} : { dataDir: resolve(dataDir, 'dynamodb') });
const db = createDb({ tableName: 'lieu', endpoint: dynamo.endpoint, region: 'local' });
await ensureTable(db);
if (!empty) { await seedDemo(db); await seedHistory(db); } // history: 12 weeks of past activity for the dashboard

function secret(): Uint8Array {
  if (inMemory) return randomBytes(32);
  const file = resolve(dataDir, 'jwt-secret');
  if (!existsSync(file)) { mkdirSync(dataDir, { recursive: true }); writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 }); }
  return new TextEncoder().encode(readFileSync(file, 'utf8'));
}

const { app } = createLocalApp({
  db, jwtSecret: secret(), platformDomain: 'localhost', clock: () => new Date(), secureCookies: false,
  publicScheme: 'http', publicPort: port, tenantCacheMs: 2000, devMode: true, limits: DEFAULT_LIMITS,
}, [], inMemory ? {} : { mediaDir: resolve(dataDir, 'uploads') });
// Loopback only unless HOST says otherwise: the dev mailbox and demo logins are not for the network.
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, () => {
  const lines = [
    '', `Lieu is running${inMemory ? ' (in memory)' : ` (data in ${dataDir})`}`,
    `  Platform (create a space):  http://localhost:${port}`,
    ...(empty ? [] : DEMO_TENANTS.map((t) => `  ${t.tenant.name.padEnd(26)} http://${t.tenant.slug}.localhost:${port}`)),
    `  API docs:                   http://localhost:${port}/api/docs`,
    `  Dev mailbox (per host):     http://<host>/api/v1/dev/mailbox`,
  ];
  if (!empty) {
    lines.push('', `Demo logins (password: ${DEMO_PASSWORD})`, `  platform admin: ${PLATFORM_ADMIN.email} on http://localhost:${port}`);
    for (const t of DEMO_TENANTS) for (const p of t.people) lines.push(`  ${t.tenant.slug.padEnd(11)} ${p.role.padEnd(9)} ${p.email}`);
  }
  console.log(lines.join('\n') + '\n');
});
logger.info('started', { port });

// Locally there is no table stream: every 2 s, print the pending outbox emails (magic links,
// invitations…) to the console, as the stream consumer sends them through SES in AWS.
const mailer = consoleMailer();
let delivering = false;
const outboxTimer = setInterval(async () => {
  if (delivering) return;
  delivering = true;
  try { await deliverPending({ db, now: new Date(), mailer }); } catch (e) { logger.warn('outbox delivery failed', { error: e as Error }); } finally { delivering = false; }
}, 2000);
outboxTimer.unref();

const stop = async () => { server.close(); await dynamo.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
