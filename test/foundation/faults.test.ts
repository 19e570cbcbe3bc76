import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/**
 * A throttled or slow table after the SDK's own retries: the client gets a 503 with Retry-After
 * and the one error shape, never a 500. The faults are injected into the real SDK client of the
 * test's app (an SDK middleware), the way DynamoDB in AWS reports them.
 */
let env: TestEnv;
let inject: { name: string; commands: string[] } | null = null;

beforeAll(async () => {
  env = await createTestEnv();
  env.db.raw.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName ?? '');
      if (inject && inject.commands.includes(command)) {
        throw Object.assign(new Error(`injected ${inject.name}`), { name: inject.name, $metadata: {} });
      }
      return next(args);
    },
    { step: 'initialize', name: 'faultInjection' },
  );
});
afterAll(async () => { await env?.close(); });

describe('faults from the table', () => {
  for (const name of ['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TimeoutError']) {
    it(`a read that meets ${name} answers 503 with Retry-After and the error shape`, async () => {
      const b = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
      inject = { name, commands: ['GetCommand', 'QueryCommand', 'BatchGetItemCommand', 'GetItemCommand', 'BatchGetCommand'] };
      try {
        const res = await b.fetch('/api/v1/billing/me');
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
        const body = await res.json();
        expect(body.error).toMatchObject({ code: 'unavailable', reason: 'unavailable' });
      } finally { inject = null; }
    });
  }

  it('a booking whose transaction is throttled answers 503 and writes nothing', async () => {
    const b = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.member, DEMO.password);
    const resources = await (await b.fetch('/api/v1/resources')).json();
    const desk = resources.items.find((r: { kind: string }) => r.kind !== 'machine') ?? resources.items[0];
    inject = { name: 'ThrottlingException', commands: ['TransactWriteCommand', 'TransactWriteItemsCommand'] };
    let res: Response;
    try {
      res = await b.fetch('/api/v1/bookings', { method: 'POST', json: { resourceId: desk.id, start: '2031-03-04T09:00:00.000Z', end: '2031-03-04T10:00:00.000Z' } });
    } finally { inject = null; }
    expect([503, 422]).toContain(res.status); // 422 only if the space's rules refuse that date first
    if (res.status === 503) {
      expect(res.headers.get('retry-after')).toBe('1');
      const mine = await (await b.fetch('/api/v1/bookings/mine')).json();
      expect(JSON.stringify(mine)).not.toContain('2031-03-04T09:00');
    }
  });
});
