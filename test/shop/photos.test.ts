import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts, localFetch } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';
import { solidPng } from '../support/png';

/**
 * Product photos over HTTP, on the local server's own signed-URL storage (what S3 does in AWS):
 * upload slots refused for other types and sizes, the signed URL refusing tampering and expiry,
 * attaching only what was really uploaded, the catalogue serving the bytes, reorder and remove, the
 * cap of 6 photos, and isolation (another tenant's product 404, a member 403).
 */
let env: TestEnv;
let op: Browser; let lea: Browser; let colocOp: Browser;
let productId: string;
const json = async (res: Response) => (await res.json()) as any;
const png = solidPng(8, 8, [200, 80, 40]);
const base = (id: string) => `/api/v1/shop/manage/products/${id}/photos`;

beforeAll(async () => {
  env = await createTestEnv();
  const as = (host: string, email: string) => new Browser(env.url, host).login(email, DEMO.password);
  [op, lea, colocOp] = await Promise.all([as(hosts.machinerie, DEMO.machinerie.operator), as(hosts.machinerie, DEMO.machinerie.member), as(hosts.coloc, DEMO.coloc.operator)]);
  const products = (await json(await op.fetch('/api/v1/shop/manage/products'))).items;
  productId = products.find((p: any) => p.title === 'Carnet relié main A5').id;
});
afterAll(async () => { await env?.close(); });

const slot = (b: Browser, id: string, body: unknown) => b.fetch(`${base(id)}/uploads`, { method: 'POST', json: body });
async function uploadSlot(bytes = png.length, contentType = 'image/png') {
  const res = await slot(op, productId, { contentType, bytes });
  expect(res.status).toBe(201);
  return json(res);
}
const put = (url: string, body: Uint8Array, contentType: string) => localFetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: new Blob([body as Uint8Array<ArrayBuffer>]) });
async function uploadPhoto(body: Uint8Array = png): Promise<string> {
  const s = await uploadSlot(body.length);
  expect((await put(s.upload.url, body, s.upload.headers['content-type'])).status).toBe(200);
  const res = await op.fetch(base(productId), { method: 'POST', json: { photoId: s.photoId } });
  expect(res.status).toBe(200);
  return s.photoId;
}

describe('product photos', () => {
  it('refuses an upload slot for a type other than JPEG, PNG or WebP, an empty file or one over 5 MB (400, error shape)', async () => {
    for (const body of [{ contentType: 'image/gif', bytes: 100 }, { contentType: 'text/html', bytes: 100 }, { contentType: 'image/png', bytes: 0 }, { contentType: 'image/jpeg', bytes: 5 * 1024 * 1024 + 1 }]) {
      const res = await slot(op, productId, body);
      expect(res.status).toBe(400);
      expect((await json(res)).error).toMatchObject({ code: 'invalid_input', message: expect.any(String) });
    }
    expect((await slot(op, productId, { contentType: 'image/webp', bytes: 5 * 1024 * 1024 })).status).toBe(201);
  });

  it('uploads through the signed URL and attaches; the catalogue lists the photo URL, which serves the same bytes', async () => {
    const s = await uploadSlot();
    expect(s.upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/png' } });
    expect(new Date(s.expiresAt).getTime()).toBeGreaterThan(testNow().getTime());
    expect((await put(s.upload.url, png, 'image/png')).status).toBe(200);
    const attached = await op.fetch(base(productId), { method: 'POST', json: { photoId: s.photoId } });
    expect(attached.status).toBe(200);
    const product = await json(attached);
    const photo = product.photos.at(-1);
    expect(photo).toMatchObject({ id: s.photoId, contentType: 'image/png', bytes: png.length, url: expect.stringMatching(/^\/media\/tenants\/[\w-]+\/products\//) });
    // Attaching twice changes nothing.
    expect((await json(await op.fetch(base(productId), { method: 'POST', json: { photoId: s.photoId } }))).photos).toHaveLength(product.photos.length);

    const anonymous = new Browser(env.url, hosts.machinerie);
    const listed = (await json(await anonymous.fetch('/api/v1/shop/products'))).items.find((p: any) => p.id === productId);
    expect(listed.photos.map((p: any) => p.url)).toContain(photo.url);
    const served = await anonymous.fetch(photo.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('refuses (403) a signed URL that was tampered with, a body of another type or size, and an expired URL', async () => {
    const s = await uploadSlot();
    const url = new URL(s.upload.url);
    const tampered = (k: string, v: string) => { const u = new URL(url); u.searchParams.set(k, v); return u.toString(); };
    const otherKey = url.toString().replace(/\/products\/[\w-]+\//, '/products/01arz3ndektsv4rrffq69g5fav/');
    const bigger = new Uint8Array(png.length + 1);
    for (const [u, body, type] of [
      [tampered('sig', 'A'.repeat(43)), png, 'image/png'],
      [tampered('bytes', String(png.length + 1)), bigger, 'image/png'],
      [tampered('type', 'text/html'), png, 'text/html'],
      [tampered('expires', String(Math.floor(testNow().getTime() / 1000) + 86400)), png, 'image/png'],
      [otherKey, png, 'image/png'],
      [url.toString(), png, 'image/jpeg'],
      [url.toString(), bigger, 'image/png'],
    ] as const) {
      const res = await put(u, body, type);
      expect(res.status, `${u} ${type} ${body.length}`).toBe(403);
      expect((await json(res)).error.code).toBe('forbidden');
    }
    env.setNow(new Date(testNow().getTime() + 11 * 60_000));
    try {
      expect((await put(url.toString(), png, 'image/png')).status).toBe(403);
    } finally { env.setNow(null); }
    // Nothing was stored: attaching it is refused.
    expect((await op.fetch(base(productId), { method: 'POST', json: { photoId: s.photoId } })).status).toBe(422);
  });

  it('refuses (422) to attach a photo that was never uploaded', async () => {
    const s = await uploadSlot();
    const res = await op.fetch(base(productId), { method: 'POST', json: { photoId: s.photoId } });
    expect(res.status).toBe(422);
    expect((await json(res)).error).toMatchObject({ code: 'rule_violation', details: { rule: 'photo_not_uploaded' } });
    expect((await op.fetch(base(productId), { method: 'POST', json: { photoId: '01arz3ndektsv4rrffq69g5fav' } })).status).toBe(422);
  });

  it('refuses (422) to attach a file whose bytes are not the declared image (HTML or a JPEG sent as PNG); real JPEG and WebP signatures pass', async () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0]);
    const webp = Uint8Array.from([0x52, 0x49, 0x46, 0x46, 0x1a, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c]);
    const attach = async (body: Uint8Array, contentType: string) => {
      const s = await json(await slot(op, productId, { contentType, bytes: body.length }));
      expect((await put(s.upload.url, body, contentType)).status).toBe(200);
      return op.fetch(base(productId), { method: 'POST', json: { photoId: s.photoId } });
    };
    for (const [body, type] of [[html, 'image/png'], [jpeg, 'image/png'], [png, 'image/webp']] as const) {
      const res = await attach(body, type);
      expect(res.status, type).toBe(422);
      expect((await json(res)).error).toMatchObject({ code: 'rule_violation', details: { rule: 'photo_not_accepted' } });
    }
    const accepted: string[] = [];
    for (const [body, type] of [[jpeg, 'image/jpeg'], [webp, 'image/webp']] as const) {
      const res = await attach(body, type);
      expect(res.status, type).toBe(200);
      accepted.push((await json(res)).photos.at(-1).id);
    }
    // Leave the product as the next tests expect it.
    for (const id of accepted) expect((await op.fetch(`${base(productId)}/${id}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('reorders and removes photos (the removed file is gone) and caps a product at 6 photos', async () => {
    const before = (await json(await op.fetch('/api/v1/shop/manage/products'))).items.find((p: any) => p.id === productId);
    const ids: string[] = before.photos.map((p: any) => p.id);
    while (ids.length < 6) ids.push(await uploadPhoto(solidPng(4, 4, [ids.length * 40, 100, 100])));
    const full = await slot(op, productId, { contentType: 'image/png', bytes: 10 });
    expect(full.status).toBe(422);
    expect((await json(full)).error.details.rule).toBe('too_many_photos');

    const current = (await json(await op.fetch('/api/v1/shop/manage/products'))).items.find((p: any) => p.id === productId);
    const reversed = [...ids].reverse();
    const reordered = await json(await op.fetch(base(productId), { method: 'PUT', json: { photoIds: reversed, version: current.version } }));
    expect(reordered.photos.map((p: any) => p.id)).toEqual(reversed);
    expect((await op.fetch(base(productId), { method: 'PUT', json: { photoIds: reversed, version: current.version } })).status).toBe(409);
    expect((await op.fetch(base(productId), { method: 'PUT', json: { photoIds: reversed.slice(1), version: reordered.version } })).status).toBe(422);
    expect((await op.fetch(base(productId), { method: 'PUT', json: { photoIds: [reversed[0], ...reversed.slice(0, 5)], version: reordered.version } })).status).toBe(422);

    const gone = reordered.photos[0];
    const removed = await op.fetch(`${base(productId)}/${gone.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect((await json(removed)).photos.map((p: any) => p.id)).toEqual(reversed.slice(1));
    expect((await op.fetch(gone.url)).status).toBe(404);
    expect((await op.fetch(`${base(productId)}/${gone.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await slot(op, productId, { contentType: 'image/png', bytes: 10 })).status).toBe(201);
  });

  it("answers 404 for another tenant's product and 403 to a member, on every photo route", async () => {
    const photoId = '01arz3ndektsv4rrffq69g5fav';
    const calls = (b: Browser) => [
      slot(b, productId, { contentType: 'image/png', bytes: 10 }),
      b.fetch(base(productId), { method: 'POST', json: { photoId } }),
      b.fetch(base(productId), { method: 'PUT', json: { photoIds: [], version: 1 } }),
      b.fetch(`${base(productId)}/${photoId}`, { method: 'DELETE' }),
    ];
    for (const res of await Promise.all(calls(colocOp))) {
      expect(res.status).toBe(404);
      expect((await json(res)).error.code).toBe('not_found');
    }
    for (const res of await Promise.all(calls(lea))) expect(res.status).toBe(403);
  });
});
