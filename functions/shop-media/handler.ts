import { lambdaHandler } from '@lieu/http/lambda';
import { routes } from './routes';
import { s3MediaStore } from './s3';

/**
 * Lambda entry of the shop's photos (upload slots, attach, reorder, remove): the only function that
 * signs S3 requests, on the media bucket named by MEDIA_BUCKET, with its own role's credentials.
 */
export const handler = lambdaHandler(routes, {
  withDeps: (deps) => ({ ...deps, media: s3MediaStore({ bucket: process.env.MEDIA_BUCKET ?? '', region: process.env.AWS_REGION ?? 'eu-west-3' }) }),
});
