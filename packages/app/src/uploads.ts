import { PHOTO_SNIFF_BYTES, PHOTO_TYPES, ruleViolation, sniffPhotoType } from '@lieu/core';

/**
 * Images uploaded straight from the browser (product photos, a space's logo). The file never passes
 * through a Lambda: the browser PUTs it to a signed URL (S3 in AWS, the local server locally) that
 * accepts only the declared type and size; before anything points at it, `verifyUploadedImage`
 * checks the object is there, of an accepted type and size, and that its first bytes really are
 * that image (the declared type is the uploader's word).
 */
export interface PhotoStore {
  presignPut(input: { key: string; contentType: string; bytes: number; expiresAt: Date; now: Date; origin: string }): Promise<{ method: 'PUT'; url: string; headers: Record<string, string> }>;
  head(key: string): Promise<{ contentType: string; bytes: number } | null>;
  firstBytes(key: string, n: number): Promise<Uint8Array | null>;
  remove(key: string): Promise<void>;
}

/** How long a signed upload URL stays valid. */
export const UPLOAD_MINUTES = 10;

const notAccepted = (maxBytes: number) => ruleViolation('photo_not_accepted', `The uploaded file is not a JPEG, PNG or WebP image of at most ${maxBytes} bytes`, { maxBytes });

/** The stored image's type and size, once proven; 422 when nothing (valid) was uploaded under `key`. */
export async function verifyUploadedImage(store: PhotoStore, key: string, maxBytes: number): Promise<{ contentType: string; bytes: number }> {
  const stored = await store.head(key);
  if (!stored) throw ruleViolation('photo_not_uploaded', 'No uploaded file here: upload it to the signed URL first');
  // The signed URL already pinned type and size; checked again so that nothing else can ever be attached.
  if (!(PHOTO_TYPES as readonly string[]).includes(stored.contentType) || stored.bytes < 1 || stored.bytes > maxBytes) throw notAccepted(maxBytes);
  const head = await store.firstBytes(key, PHOTO_SNIFF_BYTES);
  if (!head || sniffPhotoType(head) !== stored.contentType) throw notAccepted(maxBytes);
  return stored;
}
