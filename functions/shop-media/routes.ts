import {
  AppError, conflict, newId, notFound, PHOTO_MAX_BYTES, PHOTO_TYPES, photoKey, photoUrl, PHOTOS_PER_PRODUCT, ruleViolation, type Product, type ProductPhoto,
} from '@lieu/core';
import { shopMedia as api } from '@lieu/api';
import { shopRepo } from '@lieu/db';
import { implement, tenantOf, type MediaStore, type RequestCtx, type Route } from '@lieu/http';

/**
 * Product photos (issue 7). The file never passes through a Lambda: the operator's browser PUTs it to
 * a signed URL (S3 in AWS, the local server locally) that accepts only the declared type and size for
 * UPLOAD_MINUTES; attaching then checks the object is there and acceptable before the product points
 * at it. Keys are built here from the host's tenant and the product id (`tenants/<t>/products/<p>/<photo>`),
 * never taken from the client, so one tenant can neither write nor attach another's files.
 */
const UPLOAD_MINUTES = 10;

const repo = (ctx: RequestCtx) => shopRepo(ctx.deps.db, tenantOf(ctx).id);
function media(ctx: RequestCtx): MediaStore {
  if (!ctx.deps.media) throw new AppError('unavailable', 'Photo uploads are not set up on this server');
  return ctx.deps.media;
}
async function productOrFail(ctx: RequestCtx, id: string): Promise<Product> {
  const p = await repo(ctx).product(id);
  if (!p) throw notFound('Product');
  return p;
}
const tooMany = () => ruleViolation('too_many_photos', `A product has ${PHOTOS_PER_PRODUCT} photos at most: remove one first`);
/** Writes the new photo list under the version read (a concurrent change → 409). */
const savePhotos = (ctx: RequestCtx, before: Product, photos: ProductPhoto[]) => repo(ctx).updateProduct(before, { ...before, photos });

export const routes: Route[] = [
  implement(api.requestPhotoUpload, async ({ params, body, ctx }) => {
    const product = await productOrFail(ctx, params.productId);
    if (product.photos.length >= PHOTOS_PER_PRODUCT) throw tooMany();
    const photoId = newId(ctx.now.getTime());
    const expiresAt = new Date(ctx.now.getTime() + UPLOAD_MINUTES * 60_000);
    const upload = await media(ctx).presignPut({
      key: photoKey(tenantOf(ctx).id, product.id, photoId), contentType: body.contentType, bytes: body.bytes, expiresAt, now: ctx.now, origin: ctx.origin,
    });
    return { photoId, upload, expiresAt: expiresAt.toISOString() };
  }),

  implement(api.attachPhoto, async ({ params, body, ctx }) => {
    const product = await productOrFail(ctx, params.productId);
    if (product.photos.some((p) => p.id === body.photoId)) return product; // attached already: nothing to do
    if (product.photos.length >= PHOTOS_PER_PRODUCT) throw tooMany();
    const key = photoKey(tenantOf(ctx).id, product.id, body.photoId);
    const stored = await media(ctx).head(key);
    if (!stored) throw ruleViolation('photo_not_uploaded', 'No uploaded file for this photo: upload it to the signed URL first');
    // The signed URL already pinned type and size; checked again so that nothing else can ever be attached.
    if (!(PHOTO_TYPES as readonly string[]).includes(stored.contentType) || stored.bytes < 1 || stored.bytes > PHOTO_MAX_BYTES) {
      throw ruleViolation('photo_not_accepted', 'The uploaded file is not a JPEG, PNG or WebP image of at most 5 MB');
    }
    return savePhotos(ctx, product, [...product.photos, { id: body.photoId, key, url: photoUrl(key), contentType: stored.contentType, bytes: stored.bytes }]);
  }),

  implement(api.reorderPhotos, async ({ params, body, ctx }) => {
    const product = await productOrFail(ctx, params.productId);
    if (product.version !== body.version) throw conflict('The product changed meanwhile; reload and retry');
    const byId = new Map(product.photos.map((p) => [p.id, p]));
    const same = body.photoIds.length === product.photos.length && new Set(body.photoIds).size === body.photoIds.length && body.photoIds.every((id) => byId.has(id));
    if (!same) throw ruleViolation('not_a_reordering', "Send each of the product's photos once, in the new order");
    return savePhotos(ctx, product, body.photoIds.map((id) => byId.get(id)!));
  }),

  implement(api.removePhoto, async ({ params, ctx }) => {
    const product = await productOrFail(ctx, params.productId);
    const photo = product.photos.find((p) => p.id === params.photoId);
    if (!photo) throw notFound('Photo');
    const after = await savePhotos(ctx, product, product.photos.filter((p) => p.id !== photo.id));
    // After the product stops pointing at it: a failed delete leaves an orphan file, never a broken photo.
    await media(ctx).remove(photo.key);
    return after;
  }),
];
