import { useId, useState, type ChangeEvent } from 'react';
import { ApiError, shopMedia, tenant as tenantApi } from '@lieu/api';
import { LOGO_MAX_BYTES, PHOTO_TYPES } from '@lieu/core';
import { call, keyOf, queryClient, type CallOutput } from '../../app/api';
import { ErrorNote, Notice } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { uploadFile } from '../../app/upload';

type Settings = CallOutput<typeof tenantApi.getTenantSettings>;
type Failure = { key: 'settings.logoBadType' | 'settings.logoTooBig' | 'settings.logoFailed' } | { error: unknown };

/**
 * Uploads the space's logo: file input → signed upload slot → PUT with progress → the API checks the
 * file and makes it the logo (saved at once, like a product photo). `onUploaded(url)` lets the brand
 * form preview it and keep it when the rest of the form is saved; the portal re-brands at once.
 */
export function LogoUpload({ onUploaded }: { onUploaded(url: string): void }) {
  const { t, locale } = usePageI18n('backOffice', 'book');
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState(false);
  const percent = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent' });

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    setFailure(null); setDone(false);
    if (!file) return;
    if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return setFailure({ key: 'settings.logoBadType' });
    if (file.size === 0 || file.size > LOGO_MAX_BYTES) return setFailure({ key: 'settings.logoTooBig' });
    setBusy(true);
    try {
      const slot = await call(shopMedia.requestLogoUpload, { body: { contentType: file.type as (typeof PHOTO_TYPES)[number], bytes: file.size } });
      setProgress(0);
      await uploadFile(slot.upload, file, setProgress);
      const saved: Settings = await call(shopMedia.useUploadedLogo, { body: { logoId: slot.logoId } });
      queryClient.setQueryData(keyOf(tenantApi.getTenantSettings), saved);
      void queryClient.invalidateQueries({ queryKey: keyOf(tenantApi.getTenant) });
      onUploaded(saved.branding.logoUrl ?? '');
      setDone(true);
    } catch (error) {
      setFailure(error instanceof ApiError ? { error } : { key: 'settings.logoFailed' });
    } finally { setBusy(false); setProgress(null); }
  }

  return (
    <div className="field logo-upload" aria-busy={busy}>
      <label htmlFor={id}>{t('settings.logoUpload')}</label>
      <input id={id} type="file" accept={PHOTO_TYPES.join(',')} disabled={busy} aria-describedby={`${id}-hint`} onChange={(e) => void pick(e)} />
      <p className="hint" id={`${id}-hint`}>{t('settings.logoHint')}</p>
      {progress !== null && (
        <p role="status">
          <progress max={1} value={progress} aria-label={t('settings.logoUploading', { percent: '' }).trim()} /> {t('settings.logoUploading', { percent: percent.format(progress) })}
        </p>
      )}
      {done && <Notice>{t('settings.logoSaved')}</Notice>}
      {failure && ('key' in failure ? <p className="alert alert-error" role="alert">{t(failure.key)}</p> : <ErrorNote error={failure.error} />)}
    </div>
  );
}
