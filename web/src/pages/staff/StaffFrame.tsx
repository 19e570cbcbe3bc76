import { Suspense, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { usePageI18n } from '../../app/i18n';
import { useRuns } from '../../app/site';
import { STAFF_PAGES } from './registry';

/** Every back-office page: the back office's own tabs above the page, so the site header stays short. */
export function StaffFrame({ children }: { children: ReactNode }) {
  // The tabs wait for their words on their own: the page's chunk loads meanwhile.
  return (
    <>
      <Suspense fallback={null}><StaffTabs /></Suspense>
      {children}
    </>
  );
}

function StaffTabs() {
  const { t } = usePageI18n('backOffice');
  const [location] = useLocation();
  const runs = useRuns();
  return (
    <nav className="staff-nav" aria-label={t('tab.nav')}>
      {STAFF_PAGES.filter((p) => !p.module || runs(p.module)).map((p) => {
        const current = location === p.path || p.subPaths?.some((s) => location.startsWith(s.replace(/:\w+.*$/, '')));
        return (
          <Link key={p.path} href={p.path} aria-current={current ? 'page' : undefined} className={current ? 'active' : undefined}>
            {t(p.label)}
          </Link>
        );
      })}
    </nav>
  );
}
