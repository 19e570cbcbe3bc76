import {
  conflict, newId, notFound, PHOTO_MAX_BYTES, photoKey, photoUrl, PHOTOS_PER_PRODUCT, ruleViolation, type Product, type ProductPhoto,
} from '@lieu/core';
import type { SignedScope } from '../scope';
import { UPLOAD_MINUTES, verifyUploadedImage, type PhotoStore } from '../uploads';
import { productOrFail } from './products';

/**
 * Product photos, uploaded as ../uploads.ts describes. Keys are built here from the space and the
 * product id, never taken from the client, so one space can neither write nor attach another's files.
 */
export { UPLOAD_MINUTES, type PhotoStore } from '../uploads';

const tooMany = () => ruleViolation('too_many_photos', `A product has ${PHOTOS_PER_PRODUCT} photos at most: remove one first`, { max: PHOTOS_PER_PRODUCT });
/** Writes the new photo list under the version read (a concurrent change → 409). */
const savePhotos = (scope: SignedScope, before: Product, photos: ProductPhoto[]) => scope.repos.shop.updateProduct(before, { ...before, photos });

export async function requestPhotoUpload(scope: SignedScope, store: PhotoStore, productId: string, body: { contentType: string; bytes: number }) {
  const product = await productOrFail(scope, productId);
  if (product.photos.length >= PHOTOS_PER_PRODUCT) throw tooMany();
  const photoId = newId(scope.now.getTime());
  const expiresAt = new Date(scope.now.getTime() + UPLOAD_MINUTES * 60_000);
  const upload = await store.presignPut({
    key: photoKey(scope.tenantId, product.id, photoId), contentType: body.contentType, bytes: body.bytes, expiresAt, now: scope.now, origin: scope.links.origin,
  });
  return { photoId, upload, expiresAt: expiresAt.toISOString() };
}

export async function attachPhoto(scope: SignedScope, store: PhotoStore, productId: string, photoId: string): Promise<Product> {
  const product = await productOrFail(scope, productId);
  if (product.photos.some((p) => p.id === photoId)) return product; // attached already: nothing to do
  if (product.photos.length >= PHOTOS_PER_PRODUCT) throw tooMany();
  const key = photoKey(scope.tenantId, product.id, photoId);
  const stored = await verifyUploadedImage(store, key, PHOTO_MAX_BYTES);
  return savePhotos(scope, product, [...product.photos, { id: photoId, key, url: photoUrl(key), contentType: stored.contentType, bytes: stored.bytes }]);
}

export async function reorderPhotos(scope: SignedScope, productId: string, body: { photoIds: string[]; version: number }): Promise<Product> {
  const product = await productOrFail(scope, productId);
  if (product.version !== body.version) throw conflict('The product changed meanwhile; reload and retry', { rule: 'stale_version' });
  const byId = new Map(product.photos.map((p) => [p.id, p]));
  const same = body.photoIds.length === product.photos.length && new Set(body.photoIds).size === body.photoIds.length && body.photoIds.every((id) => byId.has(id));
  if (!same) throw ruleViolation('not_a_reordering', "Send each of the product's photos once, in the new order");
  return savePhotos(scope, product, body.photoIds.map((id) => byId.get(id)!));
}

export async function removePhoto(scope: SignedScope, store: PhotoStore, productId: string, photoId: string): Promise<Product> {
  const product = await productOrFail(scope, productId);
  const photo = product.photos.find((p) => p.id === photoId);
  if (!photo) throw notFound('Photo');
  const after = await savePhotos(scope, product, product.photos.filter((p) => p.id !== photo.id));
  // After the product stops pointing at it: a failed delete leaves an orphan file, never a broken photo.
  await store.remove(photo.key);
  return after;
}
