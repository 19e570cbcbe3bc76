import { useState } from 'react';
import type { PublicTenant } from '@lieu/core';
import { usePageI18n } from '../../app/i18n';
import { runs } from '../../app/site';

/**
 * The script tags staff paste on their own website to show the space's upcoming events or what can
 * be booked (web/public/embed.js). The address is the one staff are on: the space's own host.
 */
export function EmbedSection({ tenant }: { tenant: Pick<PublicTenant, 'modules'> }) {
  const { t } = usePageI18n('backOffice');
  const [copied, setCopied] = useState<string | null>(null);
  const src = `${window.location.origin}/embed.js`;
  const kinds = [
    ...(runs(tenant, 'events') ? [{ kind: 'events', label: t('embed.events') }] : []),
    ...(runs(tenant, ['coworking', 'machines']) ? [{ kind: 'resources', label: t('embed.resources') }] : []),
  ];
  if (!kinds.length) return null;
  return (
    <section className="card" id="embed" aria-labelledby="embed-title">
      <h2 id="embed-title">{t('embed.title')}</h2>
      <p className="hint">{t('embed.hint')}</p>
      {kinds.map(({ kind, label }) => {
        const code = `<script src="${src}" data-lieu-widget="${kind}" async></script>`;
        return (
          <div className="field" key={kind}>
            <label htmlFor={`embed-${kind}`}>{label}</label>
            <textarea id={`embed-${kind}`} readOnly rows={2} value={code} onFocus={(e) => e.currentTarget.select()} />
            <p>
              <button type="button" className="button small" onClick={() => void navigator.clipboard?.writeText(code).then(() => setCopied(kind))}>{t('embed.copy')}</button>
              {copied === kind && <span role="status"> {t('embed.copied')}</span>}
            </p>
          </div>
        );
      })}
    </section>
  );
}
