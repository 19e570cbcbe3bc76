import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts, localFetch } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { solidPng } from '../support/png';

/**
 * A space's logo uploaded like product photos: a signed URL for an image of at most 1 MB, the file
 * PUT there, then used as the brand's logo once checked (type, size, first bytes); the public space
 * serves it; a new upload replaces and deletes the previous file. Works for a space without the shop
 * (La Coloc'), members are refused, and one space cannot use another's upload.
 */
let env: TestEnv;
let colocOp: Browser; let colocMember: Browser; let machinerieOp: Browser;
const json = async (res: Response) => (await res.json()) as any;
const png = solidPng(16, 16, [30, 60, 200]);
const put = (url: string, body: Uint8Array, contentType: string) =>
  localFetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: new Blob([body as Uint8Array<ArrayBuffer>]) });

beforeAll(async () => {
  env = await createTestEnv();
  const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
  [colocOp, colocMember, machinerieOp] = await Promise.all([
    as(hosts.coloc, DEMO.coloc.operator), as(hosts.coloc, DEMO.coloc.member), as(hosts.machinerie, DEMO.machinerie.operator),
  ]);
});
afterAll(async () => { await env?.close(); });

async function upload(b: Browser, body: Uint8Array, contentType = 'image/png'): Promise<string> {
  const slot = await b.fetch('/api/v1/tenant/logo/uploads', { method: 'POST', json: { contentType, bytes: body.length } });
  expect(slot.status).toBe(201);
  const s = await json(slot);
  expect((await put(s.upload.url, body, s.upload.headers['content-type'])).status).toBe(200);
  return s.logoId;
}
const use = (b: Browser, logoId: string) => b.fetch('/api/v1/tenant/logo', { method: 'POST', json: { logoId } });

describe('logo upload', () => {
  it('uploads a logo through the signed URL, makes it the brand logo, and the public space serves the same bytes', async () => {
    const logoId = await upload(colocOp, png);
    const res = await use(colocOp, logoId);
    expect(res.status).toBe(200);
    const settings = await json(res);
    expect(settings.branding.logoUrl).toMatch(/^\/media\/tenants\/[\w-]+\/brand\//);
    const visitor = new Browser(env.url, hosts.coloc);
    expect((await json(await visitor.fetch('/api/v1/tenant'))).branding.logoUrl).toBe(settings.branding.logoUrl);
    const served = await visitor.fetch(settings.branding.logoUrl);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('replacing the logo deletes the previous uploaded file', async () => {
    const first = await json(await use(colocOp, await upload(colocOp, png)));
    const second = await json(await use(colocOp, await upload(colocOp, solidPng(8, 8, [1, 2, 3]))));
    expect(second.branding.logoUrl).not.toBe(first.branding.logoUrl);
    const visitor = new Browser(env.url, hosts.coloc);
    expect((await visitor.fetch(first.branding.logoUrl)).status).toBe(404);
    expect((await visitor.fetch(second.branding.logoUrl)).status).toBe(200);
  });

  it('refuses a slot over 1 MB or of another type (400), and a file that is not the declared image (422)', async () => {
    for (const body of [{ contentType: 'image/png', bytes: 1024 * 1024 + 1 }, { contentType: 'image/svg+xml', bytes: 100 }]) {
      const res = await colocOp.fetch('/api/v1/tenant/logo/uploads', { method: 'POST', json: body });
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('invalid_input');
    }
    const fake = new TextEncoder().encode('<svg onload="alert(1)"></svg>');
    const res = await use(colocOp, await upload(colocOp, fake));
    expect(res.status).toBe(422);
    expect((await json(res)).error.reason).toBe('photo_not_accepted');
    const never = await use(colocOp, '01arz3ndektsv4rrffq69g5fav');
    expect(never.status).toBe(422);
    expect((await json(never)).error.reason).toBe('photo_not_uploaded');
  });

  it("refuses members (403), and a space cannot use another space's upload (422, its own key space)", async () => {
    expect((await colocMember.fetch('/api/v1/tenant/logo/uploads', { method: 'POST', json: { contentType: 'image/png', bytes: 10 } })).status).toBe(403);
    const colocLogo = await upload(colocOp, png);
    expect((await use(colocMember, colocLogo)).status).toBe(403);
    const res = await use(machinerieOp, colocLogo);
    expect(res.status).toBe(422);
    expect((await json(res)).error.reason).toBe('photo_not_uploaded');
  });
});
