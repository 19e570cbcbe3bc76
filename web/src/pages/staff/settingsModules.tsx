import { useState, type FormEvent } from 'react';
import { tenant as tenantApi } from '@lieu/api';
import type { Module } from '@lieu/core';
import { keyOf, queryClient, useApiMutation, type CallOutput } from '../../app/api';
import { ErrorNote, Notice } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { useMe } from '../../app/site';
import { ModuleChoice } from '../../ui/ModuleChoice';

type Settings = CallOutput<typeof tenantApi.getTenantSettings>;

/**
 * What the space runs (owner; operators read it): a module turned off leaves the menus, the pages
 * and the API of the space at once; its data stays for the day it is turned on again.
 */
export function ModulesForm({ settings }: { settings: Settings }) {
  const { t } = usePageI18n('settingsMore', 'backOffice');
  const owner = useMe().user?.role === 'owner';
  const [modules, setModules] = useState<Module[]>(settings.modules);
  const save = useApiMutation(tenantApi.updateTenant, (saved) => {
    queryClient.setQueryData(keyOf(tenantApi.getTenantSettings), saved);
    void queryClient.invalidateQueries({ queryKey: keyOf(tenantApi.getTenant) });
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const version = queryClient.getQueryData<Settings>(keyOf(tenantApi.getTenantSettings))?.version ?? settings.version;
    save.mutate({ body: { modules, version } });
  }
  return (
    <section className="card" id="modules" aria-labelledby="modules-title">
      <h2 id="modules-title">{t('sm.modules')}</h2>
      <p className="hint">{t('sm.modulesIntro')}</p>
      {!owner && <p className="hint">{t('sm.ownerOnly')}</p>}
      <form onSubmit={submit} noValidate>
        <ModuleChoice
          legend={t('sm.modulesLegend')} value={modules} onChange={setModules} disabled={!owner}
          label={(m) => t(`sm.module.${m}`)} hint={(m) => t(`sm.moduleHint.${m}`)}
        />
        <ErrorNote error={save.error} />
        {save.isSuccess && !save.isPending && <Notice>{t('app.saved')}</Notice>}
        {owner && <button className="button primary" disabled={save.isPending}>{t('app.save')}</button>}
      </form>
    </section>
  );
}
