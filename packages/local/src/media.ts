import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MediaStore } from '@lieu/http';
import type { Env, Hono } from 'hono';

/**
 * The media store of the local server: what S3 does in AWS, on a folder (`.data/uploads`, or a temp
 * folder in memory mode and tests).
 * - `presignPut` gives `/uploads/<key>?type=…&bytes=…&expires=…&sig=…`, an HMAC over all four with a
 *   key derived from the server's secret; the server accepts one PUT there only while it has not
 *   expired, with that exact Content-Type and exactly that many bytes, else 403 as S3 answers.
 * - The file is written at `<dir>/<key>` with its type beside it (`<key>.type`).
 * - `GET /media/<key>` serves it back (the path CloudFront serves from the media bucket in AWS).
 */
/** Product photos (`tenants/<t>/products/<p>/<id>`) and logos (`tenants/<t>/brand/<id>`): nothing else. */
const KEY_PATTERN = /^tenants\/[\w-]+\/(products\/[\w-]+|brand)\/[\w-]+$/;

export interface LocalMedia {
  store: MediaStore;
  /** Mounts `PUT /uploads/*` and `GET /media/*` on the local app (before the portal's fallback). */
  mount<E extends Env>(app: Hono<E>, clock: () => Date): void;
}

export function localMedia(dir: string, secret: Uint8Array): LocalMedia {
  const hmacKey = createHmac('sha256', secret).update('lieu-local-media').digest();
  const sign = (key: string, type: string, bytes: number, expires: number) =>
    createHmac('sha256', hmacKey).update(`PUT\n${key}\n${type}\n${bytes}\n${expires}`).digest('base64url');
  const fileOf = (key: string) => join(dir, ...key.split('/'));
  mkdirSync(dir, { recursive: true });

  const store: MediaStore = {
    async presignPut({ key, contentType, bytes, expiresAt, origin }) {
      const expires = Math.floor(expiresAt.getTime() / 1000);
      const qs = new URLSearchParams({ type: contentType, bytes: String(bytes), expires: String(expires), sig: sign(key, contentType, bytes, expires) });
      return { method: 'PUT', url: `${origin}/uploads/${key}?${qs}`, headers: { 'content-type': contentType } };
    },
    async head(key) {
      if (!KEY_PATTERN.test(key)) return null;
      try {
        const [s, type] = await Promise.all([stat(fileOf(key)), readFile(`${fileOf(key)}.type`, 'utf8')]);
        return { contentType: type, bytes: s.size };
      } catch { return null; }
    },
    async firstBytes(key, n) {
      if (!KEY_PATTERN.test(key)) return null;
      let file: Awaited<ReturnType<typeof open>> | undefined;
      try {
        file = await open(fileOf(key), 'r');
        const buf = new Uint8Array(n);
        const { bytesRead } = await file.read(buf, 0, n, 0);
        return buf.subarray(0, bytesRead);
      } catch { return null; } finally { await file?.close(); }
    },
    async remove(key) {
      if (!KEY_PATTERN.test(key)) return;
      await Promise.all([rm(fileOf(key), { force: true }), rm(`${fileOf(key)}.type`, { force: true })]);
    },
  };

  const refuse = (message: string) => new Response(JSON.stringify({ error: { code: 'forbidden', message } }), { status: 403, headers: { 'content-type': 'application/json' } });

  function mount<E extends Env>(app: Hono<E>, clock: () => Date) {
    app.put('/uploads/*', async (c) => {
      const key = c.req.path.slice('/uploads/'.length);
      const type = c.req.query('type') ?? '';
      const bytes = Number(c.req.query('bytes'));
      const expires = Number(c.req.query('expires'));
      const given = Buffer.from(c.req.query('sig') ?? '');
      const expected = Buffer.from(KEY_PATTERN.test(key) && Number.isInteger(bytes) && Number.isInteger(expires) ? sign(key, type, bytes, expires) : '');
      if (!expected.length || given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('The upload URL is not valid (signature does not match)');
      if (clock().getTime() / 1000 > expires) return refuse('The upload URL has expired: ask for a new one');
      if ((c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() !== type) return refuse(`This URL accepts only ${type}`);
      // Like S3: the length is declared up front (no streamed body of unknown size) and must be the signed one.
      if (Number(c.req.header('content-length')) !== bytes) return refuse(`This URL accepts exactly ${bytes} bytes`);
      const body = new Uint8Array(await c.req.arrayBuffer());
      if (body.byteLength !== bytes) return refuse(`This URL accepts exactly ${bytes} bytes`);
      const file = fileOf(key);
      mkdirSync(dirname(file), { recursive: true });
      await writeFile(file, body);
      await writeFile(`${file}.type`, type);
      return c.body(null, 200);
    });

    app.on(['GET', 'HEAD'], '/media/*', async (c) => {
      const key = c.req.path.slice('/media/'.length);
      const found = await store.head(key);
      if (!found) return c.json({ error: { code: 'not_found', message: 'No such file' } }, 404);
      const headers = { 'content-type': found.contentType, 'content-length': String(found.bytes), 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' };
      if (c.req.method === 'HEAD') return new Response(null, { headers });
      return new Response(await readFile(fileOf(key)), { headers });
    });
  }

  return { store, mount };
}
