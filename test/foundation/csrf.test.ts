import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts, localFetch } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/** Cookie-authenticated state changes come from the space's own pages, or are refused. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

const patchProfile = (b: Browser, headers: Record<string, string>) =>
  b.fetch('/api/v1/me', { method: 'PATCH', json: { name: 'Léa Martin' }, headers });

describe('cross-site request forgery', () => {
  it('a cookie-authenticated change with neither Origin nor Sec-Fetch-Site is refused (403)', async () => {
    const lea = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const res = await patchProfile(lea, { origin: '', 'sec-fetch-site': '' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });

  it('a change sent from another space’s pages (Sec-Fetch-Site: same-site, no Origin) is refused', async () => {
    const lea = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    expect((await patchProfile(lea, { origin: '', 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await patchProfile(lea, { origin: '', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await patchProfile(lea, { origin: `http://coloc.localhost:${new URL(env.url).port}` })).status).toBe(403);
  });

  it('the space’s own pages may change things: same Origin, or Sec-Fetch-Site same-origin alone', async () => {
    const lea = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    expect((await patchProfile(lea, {})).status).toBe(200);
    expect((await patchProfile(lea, { origin: '' })).status).toBe(200);
  });

  it('a Bearer token needs neither header (API clients are not exposed to CSRF)', async () => {
    const lea = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.member, DEMO.password);
    const token = lea.cookie!.split('=')[1]!;
    const res = await localFetch(`${lea.baseUrl}/api/v1/me`, {
      method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Léa Martin' }),
    });
    expect(res.status).toBe(200);
  });
});
