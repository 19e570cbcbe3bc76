import * as z from 'zod/mini';
import { LOGO_MAX_BYTES, PHOTO_MAX_BYTES, PHOTO_TYPES, PHOTOS_PER_PRODUCT } from '@lieu/core';
import { idSchema } from './common';
import { productSchema } from './shop';
import { settingsSchema } from './tenant';
import { defineSpec } from './spec';

/**
 * Uploaded images: the CoBoutique's product photos and the space's logo (functions/shop-media, the
 * one feature holding the storage signing code). The flow: ask for an upload slot (a signed URL that
 * accepts only the declared type and size, for a few minutes), PUT the file there from the browser,
 * then attach the photo to the product (the server checks the object is really there first).
 */
const tags = ['shop'];
const productParams = z.object({ productId: idSchema });
const photoParams = z.object({ productId: idSchema, photoId: idSchema });

export const uploadSlotSchema = z.object({
  photoId: z.string(),
  /** Send the file's bytes as the body of this request, with exactly these headers, before `expiresAt`. */
  upload: z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()) }),
  expiresAt: z.string(),
});

export const requestPhotoUpload = defineSpec({
  operationId: 'requestProductPhotoUpload', module: 'shop', method: 'post', path: '/api/v1/shop/manage/products/:productId/photos/uploads', tags,
  summary: `A signed URL to upload one photo of a product: JPEG, PNG or WebP, at most ${PHOTO_MAX_BYTES / 1024 / 1024} MB; then attach it (staff)`,
  host: 'tenant', access: 'operator', params: productParams,
  body: z.object({ contentType: z.enum(PHOTO_TYPES), bytes: z.int().check(z.minimum(1), z.maximum(PHOTO_MAX_BYTES)) }),
  response: uploadSlotSchema, status: 201, errors: [401, 403, 404, 422],
});

export const attachPhoto = defineSpec({
  operationId: 'attachProductPhoto', module: 'shop', method: 'post', path: '/api/v1/shop/manage/products/:productId/photos', tags,
  summary: `Add an uploaded photo at the end of the product's photos (${PHOTOS_PER_PRODUCT} at most); 422 when nothing valid was uploaded (staff)`,
  host: 'tenant', access: 'operator', params: productParams, body: z.object({ photoId: idSchema }),
  response: productSchema, errors: [401, 403, 404, 409, 422],
});

export const reorderPhotos = defineSpec({
  operationId: 'reorderProductPhotos', module: 'shop', method: 'put', path: '/api/v1/shop/manage/products/:productId/photos', tags,
  summary: "Put the product's photos in a new order (the same photos; the first is the cover) (staff)",
  host: 'tenant', access: 'operator', params: productParams,
  body: z.object({ photoIds: z.array(idSchema).check(z.maxLength(PHOTOS_PER_PRODUCT)), version: z.int().check(z.minimum(1)) }),
  response: productSchema, errors: [401, 403, 404, 409, 422],
});

export const removePhoto = defineSpec({
  operationId: 'removeProductPhoto', module: 'shop', method: 'delete', path: '/api/v1/shop/manage/products/:productId/photos/:photoId', tags,
  summary: 'Take a photo off the product and delete its file (staff)',
  host: 'tenant', access: 'operator', params: photoParams, response: productSchema, errors: [401, 403, 404, 409],
});

export const logoSlotSchema = z.object({
  logoId: z.string(),
  /** Send the file's bytes as the body of this request, with exactly these headers, before `expiresAt`. */
  upload: z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()) }),
  expiresAt: z.string(),
});

export const requestLogoUpload = defineSpec({
  operationId: 'requestLogoUpload', method: 'post', path: '/api/v1/tenant/logo/uploads', tags: ['tenant'],
  summary: `A signed URL to upload the space's logo: JPEG, PNG or WebP, at most ${LOGO_MAX_BYTES / 1024 / 1024} MB; then use it (staff)`,
  host: 'tenant', access: 'operator',
  body: z.object({ contentType: z.enum(PHOTO_TYPES), bytes: z.int().check(z.minimum(1), z.maximum(LOGO_MAX_BYTES)) }),
  response: logoSlotSchema, status: 201, errors: [401, 403, 422],
});

export const useUploadedLogo = defineSpec({
  operationId: 'useUploadedLogo', method: 'post', path: '/api/v1/tenant/logo', tags: ['tenant'],
  summary: "Make an uploaded file the space's logo (the previous uploaded logo is deleted); 422 when nothing valid was uploaded (staff)",
  host: 'tenant', access: 'operator', body: z.object({ logoId: idSchema }),
  response: settingsSchema, errors: [401, 403, 409, 422],
});
