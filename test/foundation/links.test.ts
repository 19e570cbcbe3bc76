import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts, rawRequest } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/**
 * Every absolute link the product sends out (emails, iCal feed, upload slots) is built from
 * configuration: the platform's scheme and port and the space's own host. Request headers a client
 * controls (X-Forwarded-Proto, X-Forwarded-Host, the Host's port) never shape it.
 */
let env: TestEnv;
let origin: string;
beforeAll(async () => {
  env = await createTestEnv();
  origin = `http://machinerie.localhost:${new URL(env.url).port}`;
});
afterAll(async () => { await env?.close(); });

const FORGED = {
  'x-forwarded-proto': 'https://attacker.example/steal?x=',
  'x-forwarded-host': 'attacker.example',
  'x-forwarded-port': '6666',
  forwarded: 'host=attacker.example;proto=https',
};

/** A request with the forged headers, and a Host whose port is not the server's. */
async function forged(path: string, body: unknown, cookie?: string) {
  const port = new URL(env.url).port;
  return rawRequest(`http://machinerie.localhost:${port}${path}`, {
    method: 'POST',
    headers: {
      ...FORGED, host: 'machinerie.localhost:6666', 'content-type': 'application/json',
      ...(cookie ? { cookie, origin: 'http://machinerie.localhost:6666' } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function emailTo(to: string): Promise<{ text: string }> {
  const { emails } = await (await new Browser(env.url, hosts.machinerie).fetch('/api/v1/dev/mailbox')).json();
  const e = emails.find((m: { to: string }) => m.to === to);
  if (!e) throw new Error(`no email to ${to}`);
  return e;
}

/** Every absolute URL of a text starts with the space's configured origin. */
function linksOf(text: string): string[] {
  return text.match(/https?:\/\/[^\s"]+/g) ?? [];
}
function expectOnlyOrigin(text: string) {
  expect(text).not.toContain('attacker');
  expect(text).not.toContain(':6666');
  const links = linksOf(text);
  expect(links.length).toBeGreaterThan(0);
  for (const l of links) expect(l.startsWith(`${origin}/`)).toBe(true);
}

describe('links from configuration, never from request headers', () => {
  it('a password reset requested with a forged X-Forwarded-Proto and Host port emails a link to the space’s own origin', async () => {
    const res = await forged('/api/v1/auth/password-reset', { email: DEMO.machinerie.member2 });
    expect(res.status).toBe(202);
    expectOnlyOrigin((await emailTo(DEMO.machinerie.member2)).text);
  });

  it('a magic link requested with forged headers points at the space’s own origin', async () => {
    const res = await forged('/api/v1/auth/magic-link', { email: DEMO.machinerie.member });
    expect(res.status).toBe(202);
    expectOnlyOrigin((await emailTo(DEMO.machinerie.member)).text);
  });

  it('an invitation sent with forged headers points at the space’s own origin', async () => {
    const owner = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    const res = await forged('/api/v1/invitations', { email: 'forged-links@machinerie.example', role: 'member' }, owner.cookie!);
    expect(res.status).toBe(202);
    expectOnlyOrigin((await emailTo('forged-links@machinerie.example')).text);
  });

  it('the iCal feed URL and a photo upload slot answered to forged headers use the space’s own origin', async () => {
    const lea = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const feed = await forged('/api/v1/me/calendar-feed', {}, lea.cookie!);
    expect(feed.status).toBe(201);
    expectOnlyOrigin(JSON.parse(feed.body).url);

    const op = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.operator, DEMO.password);
    const products = (await (await op.fetch('/api/v1/shop/manage/products')).json()).items as { id: string }[];
    const slot = await forged(`/api/v1/shop/manage/products/${products[0]!.id}/photos/uploads`, { contentType: 'image/png', bytes: 100 }, op.cookie!);
    expect(slot.status).toBe(201);
    expectOnlyOrigin(JSON.parse(slot.body).upload.url);
  });
});
