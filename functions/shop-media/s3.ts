import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { MediaStore, StoredObject } from '@lieu/http';

/**
 * The media store on S3, without the S3 client (~300 KB): `@smithy/signature-v4` (already in the
 * DynamoDB client's tree) signs three kinds of request, sent with `fetch`:
 * - a presigned PUT whose signature covers `content-type` and `content-length`, so S3 itself refuses
 *   (403) a file of another type or size, or one sent after the URL expired;
 * - a signed HEAD, to check an upload is really there before a product points at it, and a signed
 *   ranged GET of its first bytes, to check it really is the image it was declared as;
 * - a signed DELETE, when a photo is removed.
 * Credentials are the function's own (the Lambda runtime's environment); its role may only put, get
 * and delete under `tenants/` in the media bucket (infra/lib/media.ts).
 */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** SHA-256 (or HMAC-SHA256 with a secret) in the shape SignatureV4 expects, from node:crypto. */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (d: Data): string | Uint8Array => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: Data) {
    this.h = secret ? createHmac('sha256', bytesOf(secret)) : createHash('sha256');
  }
  update(data: Data): void { this.h.update(bytesOf(data)); }
  async digest(): Promise<Uint8Array> { return new Uint8Array(this.h.digest()); }
}

export interface S3Options {
  bucket: string;
  region: string;
  /** Tests only: fixed credentials (default: the Lambda's environment). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Tests only: another endpoint host (default `<bucket>.s3.<region>.amazonaws.com`). */
  host?: string;
}

export function s3Signer(opts: S3Options) {
  const host = opts.host ?? `${opts.bucket}.s3.${opts.region}.amazonaws.com`;
  const signer = new SignatureV4({
    service: 's3', region: opts.region, sha256: Sha256, uriEscapePath: false, applyChecksum: false,
    credentials: async () => opts.credentials ?? {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
      ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
    },
  });
  // Keys are built by photoKey() from ids (letters, digits, `-`, `_`, `/`): nothing to escape but a defensive encode.
  const path = (key: string) => `/${key.split('/').map(encodeURIComponent).join('/')}`;
  const request = (method: string, key: string, headers: Record<string, string>) => ({
    method, protocol: 'https:', hostname: host, path: path(key), query: {}, headers: { host, ...headers },
  });
  const urlOf = (r: { path: string; query?: Record<string, string | string[] | null> }) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(r.query ?? {})) if (typeof v === 'string') qs.set(k, v);
    const q = qs.toString();
    return `https://${host}${r.path}${q ? `?${q}` : ''}`;
  };

  return {
    /** A presigned URL: `headers` are signed and must be sent as they are. */
    async presign(method: string, key: string, headers: Record<string, string>, expiresInSeconds: number, now: Date): Promise<string> {
      // UNSIGNED-PAYLOAD: the body is not known when signing (as S3 defines presigned URLs). The header
      // only tells the signer so; it is neither signed nor put in the URL.
      const only = new Set(['x-amz-content-sha256']);
      const signed = await signer.presign(request(method, key, { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), {
        expiresIn: expiresInSeconds, signingDate: now, unsignableHeaders: only, unhoistableHeaders: only,
      });
      return urlOf(signed);
    },
    /** A request signed in its Authorization header, ready for fetch (which sets Host itself). */
    async signed(method: string, key: string, extra: Record<string, string> = {}): Promise<{ url: string; headers: Record<string, string> }> {
      const signed = await signer.sign(request(method, key, { ...extra, 'x-amz-content-sha256': EMPTY_SHA256 }));
      const { host: _host, ...headers } = signed.headers;
      return { url: urlOf(signed), headers };
    },
  };
}

export function s3MediaStore(opts: S3Options): MediaStore {
  const s3 = s3Signer(opts);
  return {
    async presignPut({ key, contentType, bytes, expiresAt, now }) {
      const headers = { 'content-type': contentType, 'content-length': String(bytes) };
      const seconds = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / 1000));
      return { method: 'PUT', url: await s3.presign('PUT', key, headers, seconds, now), headers: { 'content-type': contentType } };
    },
    async head(key): Promise<StoredObject | null> {
      const { url, headers } = await s3.signed('HEAD', key);
      const res = await fetch(url, { method: 'HEAD', headers });
      if (res.status === 404 || res.status === 403) return null; // 403: no ListBucket right, so a missing key reads as forbidden
      if (!res.ok) throw new Error(`S3 HEAD ${res.status}`);
      return { contentType: res.headers.get('content-type') ?? '', bytes: Number(res.headers.get('content-length') ?? -1) };
    },
    async firstBytes(key, n) {
      // A ranged GET: only the signature bytes travel, whatever the photo's size.
      const { url, headers } = await s3.signed('GET', key, { range: `bytes=0-${n - 1}` });
      const res = await fetch(url, { headers });
      if (res.status === 404 || res.status === 403) return null;
      if (!res.ok) throw new Error(`S3 GET ${res.status}`);
      return new Uint8Array(await res.arrayBuffer()).subarray(0, n);
    },
    async remove(key) {
      const { url, headers } = await s3.signed('DELETE', key);
      const res = await fetch(url, { method: 'DELETE', headers });
      if (!res.ok && res.status !== 404) throw new Error(`S3 DELETE ${res.status}`);
    },
  };
}
