import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts, localFetch } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/** A member's iCal URL is a credential: it stays out of the logs and stops with the account. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

async function memberWithFeed(email: string) {
  const b = new Browser(env.url, hosts.machinerie);
  const res = await b.signUp({ name: 'Feed Person', email, password: 'a long password' });
  expect(res.status).toBe(201);
  const id = (await res.json()).user.id as string;
  const feed = await b.fetch('/api/v1/me/calendar-feed', { method: 'POST', json: {} });
  expect(feed.status).toBe(201);
  return { b, id, url: (await feed.json()).url as string };
}

/** The log lines written while `fn` runs (the server runs in this process). */
async function logsOf(fn: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'INFO';
  process.stdout.write = ((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; }) as typeof process.stdout.write;
  try { await fn(); } finally {
    process.stdout.write = write;
    process.env.LOG_LEVEL = level;
  }
  return lines.join('');
}

describe('member iCal feeds', () => {
  it('the request log names the route, never the feed’s token', async () => {
    const { url } = await memberWithFeed('feed-logs@example.org');
    const token = new URL(url).pathname.split('/').pop()!;
    const logs = await logsOf(async () => expect((await localFetch(url)).status).toBe(200));
    expect(logs).toContain('/api/v1/calendars/members/:token');
    expect(logs).not.toContain(token);
  });

  it('a suspended member’s feed answers 404, and again once reactivated', async () => {
    const { id, url } = await memberWithFeed('feed-suspended@example.org');
    expect((await localFetch(url)).status).toBe(200);
    const op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    expect((await op.fetch(`/api/v1/members/${id}`, { method: 'PATCH', json: { status: 'suspended' } })).status).toBe(200);
    expect((await localFetch(url)).status).toBe(404);
    expect((await op.fetch(`/api/v1/members/${id}`, { method: 'PATCH', json: { status: 'active' } })).status).toBe(200);
    expect((await localFetch(url)).status).toBe(200);
  });

  it('a closed account’s feed answers 404', async () => {
    const { b, url } = await memberWithFeed('feed-closed@example.org');
    expect((await b.fetch('/api/v1/me/close', { method: 'POST', json: { confirm: 'CLOSE', password: 'a long password' } })).status).toBe(200);
    expect((await localFetch(url)).status).toBe(404);
  });
});
