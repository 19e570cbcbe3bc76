import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { createEvent } from '../events/support';

let env: TestEnv;
/** A new space (created today) may send 3 request-triggered emails a day during its first 30 days. */
const BUDGET = { newSpaceDays: 30, perDay: 3 };
const DAY0 = new Date('2026-12-01T10:00:00Z');
beforeAll(async () => {
  env = await createTestEnv({ seed: false, sendBudget: BUDGET });
  env.setNow(DAY0);
});
afterAll(async () => { await env?.close(); });

async function newSpace(slug: string): Promise<Browser> {
  const made = await new Browser(env.url, hosts.platform).fetch('/api/v1/platform/signup', { method: 'POST', json: {
    name: `Espace ${slug}`, slug, legalForm: 'association', owner: { name: 'Owner', email: `owner@${slug}.example`, password: 'a long enough password' },
  } });
  expect(made.status).toBe(201);
  const token = new URL((await made.json()).signInUrl).searchParams.get('token')!;
  const owner = new Browser(env.url, `${slug}.localhost`);
  expect((await owner.fetch('/api/v1/auth/magic-link/verify', { method: 'POST', json: { token } })).status).toBe(200);
  return owner;
}
const invite = (owner: Browser, email: string) => owner.fetch('/api/v1/invitations', { method: 'POST', json: { email } });
const register = (host: string, eventId: string, i: number) =>
  new Browser(env.url, host).fetch(`/api/v1/public/events/${eventId}/register`, { method: 'POST', json: { name: `Visiteur ${i}`, email: `visiteur${i}@example.org` } });

describe('a new space has a daily send budget', () => {
  it('invitations and visitor registrations beyond the day\'s budget are refused (429 send_budget), staff see the count, the next day is new', async () => {
    const owner = await newSpace('tout-neuf');
    const event = await createEvent(owner);
    expect((await invite(owner, 'a@example.org')).status).toBe(202);
    expect((await invite(owner, 'b@example.org')).status).toBe(202);
    expect((await register('tout-neuf.localhost', event.id, 1)).status).toBeLessThan(300);
    const refused = await invite(owner, 'c@example.org');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(14 * 3600); // until 00:00 UTC
    expect((await refused.json()).error).toMatchObject({ reason: 'send_budget', params: { limit: 3, days: 30 } });
    const visitor = await register('tout-neuf.localhost', event.id, 2);
    expect(visitor.status).toBe(429);
    expect((await visitor.json()).error.reason).toBe('send_budget');
    // Only the three sent emails went to the outbox.
    const { emails } = await (await owner.fetch('/api/v1/dev/mailbox')).json() as { emails: { to: string }[] };
    expect(emails.map((m) => m.to).filter((to) => to !== 'owner@tout-neuf.example').sort()).toEqual(['a@example.org', 'b@example.org', 'visiteur1@example.org']);
    // Staff see why on the settings.
    const settings = await (await owner.fetch('/api/v1/tenant/settings')).json();
    expect(settings.sendBudget).toEqual({ day: '2026-12-01', sent: 3, perDay: 3, until: expect.stringMatching(/^2026-12-31T/) });
    // The next day has its own budget.
    env.setNow(new Date('2026-12-02T08:00:00Z'));
    expect((await invite(owner, 'c@example.org')).status).toBe(202);
    env.setNow(DAY0);
  });

  it('concurrent requests never pass the budget together', async () => {
    const owner = await newSpace('en-rafale');
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => invite(owner, `r${i}@example.org`)));
    expect(answers.map((r) => r.status).sort()).toEqual([202, 202, 202, 429, 429, 429, 429, 429]);
  });

  it('a space older than the new-space period has no such budget', async () => {
    await newSpace('deja-vieux');
    env.setNow(new Date(DAY0.getTime() + 31 * 86_400_000));
    try {
      const owner = await new Browser(env.url, 'deja-vieux.localhost').login('owner@deja-vieux.example', 'a long enough password');
      for (const who of ['a', 'b', 'c', 'd', 'e']) expect((await invite(owner, `${who}@vieux.example`)).status).toBe(202);
      expect((await (await owner.fetch('/api/v1/tenant/settings')).json()).sendBudget).toBeUndefined();
    } finally { env.setNow(DAY0); }
  });
});
