import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { NOW, createEvent, json, signIn } from '../events/support';
import { injectFaults, type Fault } from './inject';

/**
 * The exact sequences the fault-injection races meet by chance, one at a time: a change committed
 * whose answer (or whose stored answer) the SDK's attempts never got. The client resends with its
 * Idempotency-Key and must get what was done, not "busy" until the key expires.
 */
let env: TestEnv;
let plan: Array<{ command: string; when?: (input: Record<string, any>) => boolean; faults: Fault[] }> = [];
beforeAll(async () => {
  env = await createTestEnv({ tenantCacheMs: 60_000 });
  env.setNow(NOW);
  const faults = injectFaults(env.db, {
    seed: 0, rate: 0,
    script: ({ command, input }) => {
      const step = plan.find((p) => p.command === command && (!p.when || p.when(input)) && p.faults.length);
      return step ? step.faults.shift()! : null;
    },
  });
  faults.on = true; // only the scripted calls fail
});
afterAll(async () => { await env?.close(); });

const register = (b: Awaited<ReturnType<typeof signIn>>, eventId: string, i: number, key: string) =>
  b.fetch(`/api/v1/events/${eventId}/registrations`, { method: 'POST', json: { name: `Visiteur ${i}`, email: `lost${i}@example.org` }, headers: { 'idempotency-key': key } });

async function resendUntilSettled(send: () => Promise<Response>) {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await send();
    statuses.push(res.status);
    if (res.status < 500 && !(res.status === 409 && res.headers.get('retry-after'))) return { res, statuses };
    await new Promise((r) => setTimeout(r, 200));
  }
  return { res: null, statuses };
}

describe('a change committed whose answer was lost', () => {
  it('a registration whose commit answered with a reset on every SDK attempt (the first one had committed) is told registered, once', async () => {
    const hugo = await signIn(env, 'machinerie', DEMO.machinerie.operator);
    const event = await createEvent(hugo, { capacity: 12 });
    plan = [{ command: 'TransactWriteItemsCommand', faults: ['lost', 'dropped', 'dropped'] }];
    const { res, statuses } = await resendUntilSettled(() => register(hugo, event.id, 1, 'lost-commit-0001'));
    expect(plan[0]!.faults).toEqual([]);
    expect(res?.status, JSON.stringify(statuses)).toBe(201);
    const list = (await json(await hugo.fetch(`/api/v1/events/${event.id}/registrations`))).items as any[];
    expect(list.filter((r) => r.email === 'lost1@example.org')).toHaveLength(1);
    expect((await json(res!)).registration.id).toBe(list.find((r) => r.email === 'lost1@example.org').id);
  });

  it('a registration whose answer could not be stored on its request record (every SDK attempt dropped) is still answered to the retry', async () => {
    const hugo = await signIn(env, 'machinerie', DEMO.machinerie.operator);
    const event = await createEvent(hugo, { capacity: 12 });
    plan = [{ command: 'UpdateItemCommand', when: (input) => /SET answer/.test(String(input.UpdateExpression)), faults: ['dropped', 'dropped', 'dropped'] }];
    const { res, statuses } = await resendUntilSettled(() => register(hugo, event.id, 2, 'lost-answer-0002'));
    expect(plan[0]!.faults).toEqual([]);
    expect(res?.status, JSON.stringify(statuses)).toBe(201);
    const list = (await json(await hugo.fetch(`/api/v1/events/${event.id}/registrations`))).items as any[];
    expect(list.filter((r) => r.email === 'lost2@example.org')).toHaveLength(1);
  });
});
