import { useState, type FormEvent } from 'react';
import { tenant as tenantApi } from '@lieu/api';
import { keyOf, queryClient, useApiMutation, type CallOutput } from '../../app/api';
import { ErrorNote, Notice } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { useMe, useRuns } from '../../app/site';

type Settings = CallOutput<typeof tenantApi.getTenantSettings>;

/**
 * Whether a shop order refunded in full from the Stripe dashboard puts its units back on sale
 * (owner; operators read it). Shown only to a space that runs the shop.
 */
export function RefundRestocksForm({ settings }: { settings: Settings }) {
  const { t } = usePageI18n('settingsMore', 'backOffice');
  const owner = useMe().user?.role === 'owner';
  const runs = useRuns();
  const [restocks, setRestocks] = useState(settings.refundRestocks);
  const save = useApiMutation(tenantApi.updateTenant, (saved) => {
    queryClient.setQueryData(keyOf(tenantApi.getTenantSettings), saved);
  });
  if (!runs('shop')) return null;
  function submit(e: FormEvent) {
    e.preventDefault();
    const version = queryClient.getQueryData<Settings>(keyOf(tenantApi.getTenantSettings))?.version ?? settings.version;
    save.mutate({ body: { refundRestocks: restocks, version } });
  }
  return (
    <section className="card" id="refunds" aria-labelledby="refunds-title">
      <h2 id="refunds-title">{t('sm.refunds')}</h2>
      {!owner && <p className="hint">{t('sm.ownerOnly')}</p>}
      <form onSubmit={submit} noValidate>
        <label className="check">
          <input type="checkbox" checked={restocks} disabled={!owner} onChange={(e) => setRestocks(e.target.checked)} aria-describedby="refunds-hint" />
          {' '}{t('sm.refundRestocks')}
        </label>
        <p className="hint" id="refunds-hint">{t('sm.refundRestocksHint')}</p>
        <ErrorNote error={save.error} />
        {save.isSuccess && !save.isPending && <Notice>{t('app.saved')}</Notice>}
        {owner && <button className="button primary" disabled={save.isPending}>{t('app.save')}</button>}
      </form>
    </section>
  );
}
