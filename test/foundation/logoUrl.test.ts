import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';

/** A space's logo is an https URL or a path of the site (an uploaded logo), nothing else. */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env?.close(); });

describe('logo URL', () => {
  it('refuses http, protocol-relative and other schemes (400 on branding.logoUrl); takes https and a site path', async () => {
    const owner = await new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password);
    const branding = (await (await owner.fetch('/api/v1/tenant')).json()).branding;
    const set = (logoUrl: string) => owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { branding: { ...branding, logoUrl } } });
    for (const bad of ['http://cdn.example/logo.png', '//evil.example/logo.png', 'javascript:alert(1)', 'data:image/svg+xml,<svg/>']) {
      const res = await set(bad);
      expect(res.status, bad).toBe(400);
      expect(JSON.stringify((await res.json()).error.details)).toContain('logoUrl');
    }
    expect((await set('https://cdn.example/logo.png')).status).toBe(200);
    expect((await set('/media/logo.png')).status).toBe(200);
  });
});
