import { useRef, useState, type ChangeEvent } from 'react';
import { ApiError, shop, shopMedia } from '@lieu/api';
import { PHOTO_MAX_BYTES, PHOTO_TYPES, PHOTOS_PER_PRODUCT } from '@lieu/core';
import { call, keyOf, queryClient, type CallOutput } from '../../app/api';
import { ErrorNote, Notice } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { uploadFile as upload } from '../../app/upload';
import './productPhotos.css';

export type ManagedProduct = CallOutput<typeof shop.manageProducts>['items'][number];

/** A failure this editor explains in its own words (a dictionary key), else an error for ErrorNote. */
type Failure = { key: 'pp.badType' | 'pp.tooBig' | 'pp.full' | 'pp.uploadFailed' } | { error: unknown };

/**
 * The photos of one product, for the staff product form: add one (file input → upload slot → PUT
 * with progress → attach), move one up or down (the first is the shop's cover), remove one.
 * Props: `product` (a product of `GET /api/v1/shop/manage/products`); `onChange(product)` is called
 * with the product as saved after each change (its `version` moves on: keep it for the next edit).
 * Keyboard-usable: a real file input and buttons with names; every photo has an alt text.
 */
export function ProductPhotos({ product, onChange }: { product: ManagedProduct; onChange?(p: ManagedProduct): void }) {
  const { t, locale } = usePageI18n('productPhotos', 'backOffice', 'book');
  const [current, setCurrent] = useState(product);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [added, setAdded] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const percent = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent' });
  const photos = current.photos;

  function saved(p: ManagedProduct) {
    setCurrent(p);
    onChange?.(p);
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.manageProducts).slice(0, 1) });
    void queryClient.invalidateQueries({ queryKey: keyOf(shop.catalogue).slice(0, 1) });
  }

  async function run(step: () => Promise<void>) {
    setBusy(true); setFailure(null); setAdded(false);
    try { await step(); } catch (error) {
      const rule = error instanceof ApiError ? error.reason : undefined;
      setFailure(rule === 'too_many_photos' ? { key: 'pp.full' } : error instanceof ApiError ? { error } : { key: 'pp.uploadFailed' });
    } finally { setBusy(false); setProgress(null); }
  }

  async function add(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return setFailure({ key: 'pp.badType' });
    if (file.size > PHOTO_MAX_BYTES || file.size === 0) return setFailure({ key: 'pp.tooBig' });
    await run(async () => {
      const slot = await call(shopMedia.requestPhotoUpload, { params: { productId: current.id }, body: { contentType: file.type as (typeof PHOTO_TYPES)[number], bytes: file.size } });
      setProgress(0);
      await upload(slot.upload, file, setProgress);
      saved(await call(shopMedia.attachPhoto, { params: { productId: current.id }, body: { photoId: slot.photoId } }));
      setAdded(true);
    });
  }

  const move = (from: number, to: number) => run(async () => {
    const ids = photos.map((p) => p.id);
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    saved(await call(shopMedia.reorderPhotos, { params: { productId: current.id }, body: { photoIds: ids, version: current.version } }));
  });
  const remove = (photoId: string) => run(async () => {
    saved(await call(shopMedia.removePhoto, { params: { productId: current.id, photoId } }));
  });

  return (
    <fieldset className="product-photos" aria-busy={busy}>
      <legend>{t('pp.title')}</legend>
      <p className="hint" id={`pp-hint-${current.id}`}>{t('pp.hint', { max: PHOTOS_PER_PRODUCT })}</p>
      {photos.length === 0 ? <p>{t('pp.none')}</p> : (
        <ol className="photo-list">
          {photos.map((p, i) => (
            <li key={p.id}>
              <img src={p.url} alt={t('pp.alt', { n: i + 1, title: current.title })} loading="lazy" width={96} height={72} />
              <div className="photo-actions">
                <button type="button" className="button small" disabled={busy || i === 0} aria-label={t('pp.earlierName', { n: i + 1 })} onClick={() => void move(i, i - 1)}>{t('pp.earlier')}</button>
                <button type="button" className="button small" disabled={busy || i === photos.length - 1} aria-label={t('pp.laterName', { n: i + 1 })} onClick={() => void move(i, i + 1)}>{t('pp.later')}</button>
                <button type="button" className="button small" disabled={busy} aria-label={t('pp.removeName', { n: i + 1 })} onClick={() => void remove(p.id)}>{t('pp.remove')}</button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {photos.length < PHOTOS_PER_PRODUCT && (
        <div className="field">
          <label htmlFor={`pp-file-${current.id}`}>{t('pp.add')}</label>
          <input ref={input} id={`pp-file-${current.id}`} type="file" accept={PHOTO_TYPES.join(',')} disabled={busy}
            aria-describedby={`pp-hint-${current.id}`} onChange={(e) => void add(e)} />
        </div>
      )}
      {progress !== null && (
        <p role="status">
          <progress max={1} value={progress} aria-label={t('pp.uploading', { percent: '' }).trim()} /> {t('pp.uploading', { percent: percent.format(progress) })}
        </p>
      )}
      {added && <Notice>{t('pp.added')}</Notice>}
      {failure && ('key' in failure ? <p className="alert alert-error" role="alert">{t(failure.key, { max: PHOTOS_PER_PRODUCT })}</p> : <ErrorNote error={failure.error} />)}
    </fieldset>
  );
}
