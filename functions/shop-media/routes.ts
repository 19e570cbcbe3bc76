import { AppError } from '@lieu/core';
import { shopMedia as api } from '@lieu/api';
import { attachPhoto, removePhoto, reorderPhotos, requestPhotoUpload, type PhotoStore } from '@lieu/app/shop';
import { presentSettings, requestLogoUpload, useUploadedLogo } from '@lieu/app/tenants';
import { implement, type RequestCtx, type Route } from '@lieu/http';

/**
 * Uploaded images, product photos and the space's logo: HTTP adapters over @lieu/app/shop (photos.ts)
 * and @lieu/app/tenants (logo.ts). The store (S3 in AWS, the local
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
  implement(api.requestLogoUpload, ({ body, scope, ctx }) => requestLogoUpload(scope, media(ctx), body)),
  implement(api.useUploadedLogo, async ({ body, scope, ctx }) => {
    const saved = await useUploadedLogo(scope, media(ctx), body.logoId);
    ctx.tenantChanged?.(); // the portal's brand is read through the host cache
    return presentSettings(saved);
  }),
];
