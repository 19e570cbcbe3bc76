import { AppError } from '@lieu/core';
import { shopMedia as api } from '@lieu/api';
import { attachPhoto, removePhoto, reorderPhotos, requestPhotoUpload, type PhotoStore } from '@lieu/app/shop';
import { implement, type RequestCtx, type Route } from '@lieu/http';

/**
 * Product photos: an HTTP adapter over @lieu/app/shop (photos.ts). The store (S3 in AWS, the local
 * server's folder locally) is given only to the Lambdas that handle uploads (`deps.media`).
 */
function media(ctx: RequestCtx): PhotoStore {
  if (!ctx.deps.media) throw new AppError('unavailable', 'Photo uploads are not set up on this server');
  return ctx.deps.media;
}

export const routes: Route[] = [
  implement(api.requestPhotoUpload, ({ params, body, scope, ctx }) => requestPhotoUpload(scope, media(ctx), params.productId, body)),
  implement(api.attachPhoto, ({ params, body, scope, ctx }) => attachPhoto(scope, media(ctx), params.productId, body.photoId)),
  implement(api.reorderPhotos, ({ params, body, scope }) => reorderPhotos(scope, params.productId, body)),
  implement(api.removePhoto, ({ params, scope, ctx }) => removePhoto(scope, media(ctx), params.productId, params.photoId)),
];
