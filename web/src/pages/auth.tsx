import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import * as z from 'zod/mini';
import { auth } from '@lieu/api';
import { emailSchema, passwordSchema, personNameSchema } from '@lieu/core';
import { startSession, useApiMutation } from '../app/api';
import { apiFieldErrors, ErrorNote, Field, Notice, useFormState, validate } from '../app/forms';
import { usePageI18n } from '../app/i18n';
import { useSite } from '../app/site';
import { Loading, PageTitle } from '../ui/Layout';
import { nextPath } from '../ui/guards';

/** After any sign-in: forget what the anonymous visitor had cached, then go on. */
function useSignedIn() {
  const [, navigate] = useLocation();
  return async (to: string) => {
    await startSession();
    navigate(to, { replace: true });
  };
}

const loginSchema = z.object({ email: emailSchema, password: z.string().check(z.minLength(1)) });

export function Login() {
  const { t } = usePageI18n('auth', 'errors');
  const site = useSite();
  const search = useSearch();
  const signedIn = useSignedIn();
  const form = useFormState({ email: '', password: '' });
  const login = useApiMutation(auth.login, () => signedIn(site.kind === 'platform' ? '/admin' : nextPath(search)));

  function submit(e: FormEvent) {
    e.preventDefault();
    const v = validate(loginSchema, form.values, t, { email: 'field.email' });
    form.setErrors(v.ok ? {} : v.errors);
    if (v.ok) login.mutate({ body: v.data });
  }

  const title = site.kind === 'tenant' ? t('login.title', { name: site.tenant.name }) : t('login.platformTitle');
  return (
    <section className="card narrow">
      <PageTitle>{title}</PageTitle>
      <form onSubmit={submit} noValidate>
        <Field label={t('form.email')} type="email" autoComplete="email" required {...form.bind('email')} />
        <Field label={t('form.password')} type="password" autoComplete="current-password" required {...form.bind('password')} />
        <ErrorNote error={login.error} />
        <button className="button primary" disabled={login.isPending}>{t('login.submit')}</button>
      </form>
      {site.kind === 'tenant' && (
        <ul className="links">
          <li><Link href="/login/magic">{t('login.magic')}</Link></li>
          <li><Link href="/forgot-password">{t('login.forgot')}</Link></li>
          <li>{t('login.noAccount')} <Link href="/signup">{t('nav.signup')}</Link></li>
        </ul>
      )}
    </section>
  );
}

/** `/signup`: with `?token=` (the link mailed to confirm) it creates the account and signs in; without, the form. */
export function Signup() {
  const token = new URLSearchParams(useSearch()).get('token');
  return token ? <SignupConfirm token={token} /> : <SignupForm />;
}

function SignupConfirm({ token }: { token: string }) {
  const { t } = usePageI18n('auth', 'errors');
  const signedIn = useSignedIn();
  const confirm = useApiMutation(auth.confirmSignup, () => signedIn('/'));
  // The token is single-use: send it exactly once, even under React's double effects in development.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    confirm.mutate({ body: { token } });
  }, [token, confirm]);
  return (
    <section className="card narrow">
      <PageTitle>{t('signup.confirmTitle')}</PageTitle>
      {confirm.isError ? (
        <>
          <ErrorNote error={confirm.error} />
          <Link href="/signup" className="button">{t('signup.submit')}</Link>
        </>
      ) : (
        <Loading />
      )}
    </section>
  );
}

/** The answer is the same whether or not the email has an account: the email says which. */
function SignupForm() {
  const { t, locale } = usePageI18n('auth', 'errors');
  const site = useSite();
  const form = useFormState({ name: '', email: '', password: '' });
  const signup = useApiMutation(auth.signupMember);
  const schema = auth.signupMember.body;

  function submit(e: FormEvent) {
    e.preventDefault();
    const v = validate(schema, { ...form.values, locale }, t, { email: 'field.email' });
    form.setErrors(v.ok ? {} : v.errors);
    if (v.ok) signup.mutate({ body: v.data }, { onError: (err) => form.setErrors(apiFieldErrors(err)) });
  }
  const name = site.kind === 'tenant' ? site.tenant.name : 'Lieu';
  return (
    <section className="card narrow">
      <PageTitle>{t('signup.title', { name })}</PageTitle>
      {signup.isSuccess ? <Notice>{t('signup.sent')}</Notice> : (
      <form onSubmit={submit} noValidate>
        <Field label={t('form.name')} autoComplete="name" required {...form.bind('name')} />
        <Field label={t('form.email')} type="email" autoComplete="email" required {...form.bind('email')} />
        <Field label={t('form.password')} type="password" autoComplete="new-password" hint={t('form.passwordHint')} required {...form.bind('password')} />
        <ErrorNote error={signup.error} />
        <button className="button primary" disabled={signup.isPending}>{t('signup.submit')}</button>
      </form>
      )}
      <p className="links">{t('signup.haveAccount')} <Link href="/login">{t('nav.login')}</Link></p>
    </section>
  );
}

const emailOnly = z.object({ email: emailSchema });

/** Asks for an email and sends a link (magic sign-in or password reset): the answer never tells whether the email is known. */
function EmailLinkRequest({ kind }: { kind: 'magic' | 'reset' }) {
  const { t } = usePageI18n('auth', 'errors');
  const form = useFormState({ email: '' });
  const request = useApiMutation(kind === 'magic' ? auth.requestMagicLink : auth.requestPasswordReset);
  function submit(e: FormEvent) {
    e.preventDefault();
    const v = validate(emailOnly, form.values, t, { email: 'field.email' });
    form.setErrors(v.ok ? {} : v.errors);
    if (v.ok) request.mutate({ body: v.data });
  }
  return (
    <section className="card narrow">
      <PageTitle>{t(kind === 'magic' ? 'magic.title' : 'reset.title')}</PageTitle>
      <p>{t(kind === 'magic' ? 'magic.intro' : 'reset.intro')}</p>
      {request.isSuccess ? (
        <Notice>{t(kind === 'magic' ? 'magic.sent' : 'reset.sent')}</Notice>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label={t('form.email')} type="email" autoComplete="email" required {...form.bind('email')} />
          <ErrorNote error={request.error} />
          <button className="button primary" disabled={request.isPending}>{t(kind === 'magic' ? 'magic.submit' : 'reset.submit')}</button>
        </form>
      )}
    </section>
  );
}

/** `/login/magic`: with `?token=` it signs in (POST, once); without, it asks for an email. */
export function MagicLink() {
  const token = new URLSearchParams(useSearch()).get('token');
  return token ? <MagicVerify token={token} /> : <EmailLinkRequest kind="magic" />;
}

function MagicVerify({ token }: { token: string }) {
  const { t } = usePageI18n('auth', 'errors');
  const signedIn = useSignedIn();
  const verify = useApiMutation(auth.verifyMagicLink, () => signedIn('/'));
  // The token is single-use: send it exactly once, even under React's double effects in development.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    verify.mutate({ body: { token } });
  }, [token, verify]);
  return (
    <section className="card narrow">
      <PageTitle>{t('magic.title')}</PageTitle>
      {verify.isError ? (
        <>
          <ErrorNote error={verify.error} />
          <Link href="/login/magic" className="button">{t('magic.submit')}</Link>
        </>
      ) : (
        <Loading />
      )}
    </section>
  );
}

export const ForgotPassword = () => <EmailLinkRequest kind="reset" />;

const newPassword = z.object({ password: passwordSchema });

export function ResetPassword() {
  const { t } = usePageI18n('auth', 'errors');
  const token = new URLSearchParams(useSearch()).get('token');
  const signedIn = useSignedIn();
  const form = useFormState({ password: '' });
  const confirm = useApiMutation(auth.confirmPasswordReset, () => signedIn('/'));
  function submit(e: FormEvent) {
    e.preventDefault();
    const v = validate(newPassword, form.values, t);
    form.setErrors(v.ok ? {} : v.errors);
    if (v.ok && token) confirm.mutate({ body: { token, password: v.data.password } });
  }
  return (
    <section className="card narrow">
      <PageTitle>{t('reset.confirmTitle')}</PageTitle>
      {!token ? (
        <p className="alert alert-error" role="alert">{t('reset.missingToken')} <Link href="/forgot-password">{t('reset.submit')}</Link></p>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label={t('form.newPassword')} type="password" autoComplete="new-password" hint={t('form.passwordHint')} required {...form.bind('password')} />
          <ErrorNote error={confirm.error} />
          <button className="button primary" disabled={confirm.isPending}>{t('reset.confirmSubmit')}</button>
        </form>
      )}
    </section>
  );
}

const acceptSchema = z.object({ name: personNameSchema, password: passwordSchema });

export function AcceptInvitation() {
  const { t } = usePageI18n('auth', 'errors');
  const site = useSite();
  const params = new URLSearchParams(useSearch());
  const token = params.get('token');
  const signedIn = useSignedIn();
  // The name the inviter typed, if any (the link carries it): the invited person keeps or corrects it.
  const form = useFormState({ name: params.get('name')?.slice(0, 120) ?? '', password: '' });
  const accept = useApiMutation(auth.acceptInvitation, () => signedIn('/'));
  const [tried, setTried] = useState(false);
  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    const v = validate(acceptSchema, form.values, t);
    form.setErrors(v.ok ? {} : v.errors);
    if (v.ok && token) accept.mutate({ body: { token, ...v.data } });
  }
  const name = site.kind === 'tenant' ? site.tenant.name : 'Lieu';
  return (
    <section className="card narrow">
      <PageTitle>{t('invite.acceptTitle', { name })}</PageTitle>
      {!token ? (
        <p className="alert alert-error" role="alert">{t('reset.missingToken')}</p>
      ) : (
        <>
          <p>{t('invite.acceptIntro')}</p>
          <form onSubmit={submit} noValidate>
            <Field label={t('form.name')} autoComplete="name" required {...form.bind('name')} />
            <Field label={t('form.password')} type="password" autoComplete="new-password" hint={t('form.passwordHint')} required {...form.bind('password')} />
            {tried && <ErrorNote error={accept.error} />}
            <button className="button primary" disabled={accept.isPending}>{t('invite.acceptSubmit')}</button>
          </form>
        </>
      )}
    </section>
  );
}
