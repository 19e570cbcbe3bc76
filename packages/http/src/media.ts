/**
 * Where uploaded files (product photos) live, as the routes see it. Two adapters: S3 in AWS
 * (functions/shop-media/s3.ts: SigV4 presigned PUT, signed HEAD and DELETE) and the local server's
 * data folder (packages/local/src/media.ts: HMAC-signed URLs it serves itself). Only the Lambdas that
 * handle uploads are given one (`Deps.media`), so no other bundle carries signing code.
 */
export interface UploadTicket {
  method: 'PUT';
  /** Absolute URL the browser sends the file to. */
  url: string;
  /** Headers the upload must carry, exactly (they are part of the signature). */
  headers: Record<string, string>;
}

export interface StoredObject { contentType: string; bytes: number }

export interface MediaStore {
  /** A URL accepting one PUT of exactly `bytes` bytes of `contentType` at `key`, until `expiresAt`. `origin` is the request's (scheme + host). */
  presignPut(input: { key: string; contentType: string; bytes: number; expiresAt: Date; now: Date; origin: string }): Promise<UploadTicket>;
  /** The stored object's type and size, or null when nothing is there. */
  head(key: string): Promise<StoredObject | null>;
  /** The object's first `n` bytes (fewer if it is shorter), or null when nothing is there. */
  firstBytes(key: string, n: number): Promise<Uint8Array | null>;
  /** Deletes the object (no error when it is already gone). */
  remove(key: string): Promise<void>;
}
