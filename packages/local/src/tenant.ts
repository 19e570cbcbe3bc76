import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportTenantArchive, importTenantArchive, type TenantArchive } from '@lieu/app/tenants';
import { createDb, ensureTable } from '@lieu/db';
import { startDynamoLocal } from './dynamo';

/**
 * `pnpm tenant export <tenantId> --out <file> [--aws]` and `pnpm tenant import <file> [--aws]`: a
 * space's whole data as one JSON archive, and back into a table where the space is absent. Locally
 * against the embedded store (like `pnpm job`); with `--aws` against TABLE_NAME with the shell's AWS
 * credentials (the restore drill of docs/operations.md exports from a table restored to a point in
 * time, then imports into the live one).
 */
const [command, arg, ...rest] = process.argv.slice(2);
const flag = (name: string) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
function usage(): never {
  console.error('usage: pnpm tenant export <tenantId> --out <file> [--aws]\n       pnpm tenant import <file> [--aws]\n(--aws: TABLE_NAME names the deployed table)');
  process.exit(2);
}
if (!arg || (command !== 'export' && command !== 'import')) usage();
const onAws = rest.includes('--aws');
if (onAws && !process.env.TABLE_NAME) usage();

const root = resolve(import.meta.dirname, '../../..');
const dynamo = onAws
  ? { endpoint: undefined, stop: async () => undefined }
  : process.env.DYNAMODB_ENDPOINT
    ? { endpoint: process.env.DYNAMODB_ENDPOINT, stop: async () => undefined }
    : await startDynamoLocal({ dataDir: resolve(root, '.data', 'dynamodb') });
const db = onAws ? createDb({ tableName: process.env.TABLE_NAME! }) : createDb({ tableName: process.env.TABLE_NAME ?? 'lieu', endpoint: dynamo.endpoint, region: 'local' });
try {
  if (!onAws) await ensureTable(db);
  if (command === 'export') {
    const out = flag('--out');
    if (!out) usage();
    const archive = await exportTenantArchive(db, arg, new Date());
    writeFileSync(out, JSON.stringify(archive));
    console.log(JSON.stringify({ exported: archive.items.length, tenantId: arg, table: db.table, file: out }));
  } else {
    const archive = JSON.parse(readFileSync(arg, 'utf8')) as TenantArchive;
    const { written } = await importTenantArchive(db, archive);
    console.log(JSON.stringify({ imported: written, tenantId: archive.tenantId, table: db.table }));
  }
} finally {
  db.raw.destroy();
  await dynamo.stop();
}
