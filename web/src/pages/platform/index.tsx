import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { signupSpaceBody, tenant as tenantApi } from '@lieu/api';
import { legalFormSchema, type Module } from '@lieu/core';
import { ALL_MODULES, ModuleChoice } from '../../ui/ModuleChoice';
import { useApiMutation } from '../../app/api';
import { apiFieldErrors, ErrorNote, Field, Notice, SelectField, useFormState, validate } from '../../app/forms';
import { usePageI18n } from '../../app/i18n';
import { PageTitle } from '../../ui/Layout';

export function Landing() {
  const { t } = usePageI18n('platform', 'errors');
  return (
    <>
      <section className="hero platform-hero">
        <div>
          <h1>Lieu</h1>
          <p className="tagline">{t('platform.tagline')}</p>
          <p className="actions">
            <Link href="/signup" className="button primary big">{t('platform.cta')}</Link>
          </p>
        </div>
      </section>
      <div className="grid-3">
        {(['1', '2', '3'] as const).map((n) => (
          <section className="card" key={n}>
            <h2>{t(`platform.pitch${n}.title`)}</h2>
            <p>{t(`platform.pitch${n}.body`)}</p>
          </section>
        ))}
      </div>
      <p className="links"><Link href="/login">{t('platform.adminLogin')}</Link></p>
    </>
  );
}

/** "teste l'Été à Amiens" → "teste-l-ete-a-amiens" */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

export function CreateSpace() {
  const { t, locale } = usePageI18n('platform', 'errors');
  const form = useFormState({ name: '', slug: '', legalForm: 'association', ownerName: '', email: '', password: '' });
  const [slugEdited, setSlugEdited] = useState(false);
  const [modules, setModules] = useState<Module[]>([...ALL_MODULES]);
  const create = useApiMutation(tenantApi.signupSpace, (out) => window.location.assign(out.signInUrl));
  const slug = slugEdited ? form.values.slug : slugify(form.values.name);
  const host = window.location.host;

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      name: form.values.name, slug, legalForm: form.values.legalForm, locale, modules,
      owner: { name: form.values.ownerName, email: form.values.email, password: form.values.password },
    };
    const v = validate(signupSpaceBody, body, t, { slug: 'field.slug', email: 'field.email' });
    // The form's fields are flat; the body nests the owner.
    const flat = (errors: Record<string, string>) => Object.fromEntries(
      Object.entries(errors).map(([k, m]) => [k === 'owner.name' ? 'ownerName' : k.replace(/^owner\./, ''), m]),
    );
    form.setErrors(v.ok ? {} : flat(v.errors));
    if (v.ok) create.mutate({ body: v.data }, { onError: (err) => form.setErrors(flat(apiFieldErrors(err))) });
  }

  return (
    <section className="card narrow">
      <PageTitle>{t('signupSpace.title')}</PageTitle>
      <p>{t('signupSpace.intro')}</p>
      <form onSubmit={submit} noValidate>
        <Field label={t('signupSpace.spaceName')} required {...form.bind('name')} />
        <Field
          label={t('signupSpace.slug')}
          required
          hint={t('signupSpace.slugHint', { url: `${slug || '…'}.${host}` })}
          {...form.bind('slug')}
          value={slug}
          onChange={(e) => { setSlugEdited(true); form.setValues((v) => ({ ...v, slug: e.target.value })); }}
        />
        <SelectField label={t('signupSpace.legalForm')} {...form.bind('legalForm')}>
          {legalFormSchema.options.map((f) => <option key={f} value={f}>{t(`signupSpace.legal.${f}`)}</option>)}
        </SelectField>
        <ModuleChoice
          legend={t('signupSpace.modules')} value={modules} onChange={setModules}
          label={(m) => t(`signupSpace.module.${m}`)} hint={(m) => t(`signupSpace.moduleHint.${m}`)}
        />
        <p className="hint">{t('signupSpace.modulesHint')}</p>
        <fieldset>
          <legend>{t('signupSpace.owner')}</legend>
          <Field label={t('form.name')} autoComplete="name" required {...form.bind('ownerName')} />
          <Field label={t('form.email')} type="email" autoComplete="email" required {...form.bind('email')} />
          <Field label={t('form.password')} type="password" autoComplete="new-password" hint={t('form.passwordHint')} required {...form.bind('password')} />
        </fieldset>
        {Object.keys(form.errors).length > 0 && <p className="alert alert-error" role="alert">{t('form.errors')}</p>}
        <ErrorNote error={create.error} />
        {create.isSuccess && <Notice>{t('signupSpace.done', { url: create.data.url })}</Notice>}
        <button className="button primary" disabled={create.isPending || create.isSuccess}>
          {create.isPending ? t('signupSpace.creating') : t('signupSpace.submit')}
        </button>
      </form>
    </section>
  );
}
