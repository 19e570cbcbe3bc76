import { auditPut, tenantsRepo } from '@lieu/db';
import { LOGO_MAX_BYTES, logoKey, newId, notFound, photoUrl, type Tenant } from '@lieu/core';
import type { SignedScope } from '../scope';
import { UPLOAD_MINUTES, verifyUploadedImage, type PhotoStore } from '../uploads';

/**
 * The space's logo, uploaded like product photos (../uploads.ts): staff ask for a signed URL, the
 * browser PUTs the file there, then `useUploadedLogo` checks the file and makes it the brand's logo.
 * The key is built from the space and a fresh id, never taken from the client.
 */
export async function requestLogoUpload(scope: SignedScope, store: PhotoStore, body: { contentType: string; bytes: number }) {
  const logoId = newId(scope.now.getTime());
  const expiresAt = new Date(scope.now.getTime() + UPLOAD_MINUTES * 60_000);
  const upload = await store.presignPut({
    key: logoKey(scope.tenantId, logoId), contentType: body.contentType, bytes: body.bytes, expiresAt, now: scope.now, origin: scope.links.origin,
  });
  return { logoId, upload, expiresAt: expiresAt.toISOString() };
}

/** The uploaded file's key when `logoUrl` points at a logo this space uploaded, else null. */
const uploadedKeyOf = (tenantId: string, logoUrl: string | null | undefined): string | null => {
  const prefix = photoUrl(logoKey(tenantId, ''));
  return logoUrl?.startsWith(prefix) ? logoUrl.slice('/media/'.length) : null;
};

/**
 * Makes an uploaded file the space's logo (one write with its audit entry, under the settings'
 * version), then removes the previously uploaded logo file: a failed delete leaves an orphan file,
 * never a broken logo. Using the same upload twice changes nothing.
 */
export async function useUploadedLogo(scope: SignedScope, store: PhotoStore, logoId: string): Promise<Tenant> {
  const repo = tenantsRepo(scope.db);
  const current = await repo.get(scope.tenantId);
  if (!current) throw notFound('Space');
  const key = logoKey(scope.tenantId, logoId);
  const url = photoUrl(key);
  if (current.branding.logoUrl === url) return current;
  await verifyUploadedImage(store, key, LOGO_MAX_BYTES);
  const before = uploadedKeyOf(current.id, current.branding.logoUrl);
  const saved = await repo.update(current, { ...current, branding: { ...current.branding, logoUrl: url } }, [auditPut(scope.db, current.id, {
    actorId: scope.actor.id, action: 'tenant.settings_updated', targetType: 'tenant', targetId: current.id,
    summary: 'Settings changed: branding (logo uploaded)', changes: { branding: { from: current.branding, to: { ...current.branding, logoUrl: url } } },
  }, scope.now)]);
  if (before) await store.remove(before);
  return saved;
}
