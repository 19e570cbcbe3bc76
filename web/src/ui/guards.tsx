import type { ReactNode } from 'react';
import { Redirect, useLocation } from 'wouter';
import { isStaff, useMe } from '../app/site';
import { usePageI18n } from '../app/i18n';
import { Loading } from './Layout';

/** Renders its children for a signed-in person (staff only with `staff`), else sends them to log in. */
export function RequireUser({ staff = false, children }: { staff?: boolean; children: ReactNode }) {
  const { user, loading } = useMe();
  const [location] = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Redirect to={`/login?next=${encodeURIComponent(location)}`} />;
  if (staff && !isStaff(user)) return <Forbidden />;
  return <>{children}</>;
}

// Its own component, so a permitted page does not wait for the errors catalogue.
function Forbidden() {
  const { t } = usePageI18n('errors');
  return <p className="alert alert-error" role="alert">{t('err.forbidden')}</p>;
}

/** Where to go after signing in: a same-site path from `?next=`, else home. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
