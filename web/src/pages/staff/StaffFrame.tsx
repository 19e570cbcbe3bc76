import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useI18n } from '../../app/i18n';
import { STAFF_PAGES } from './registry';

/** Every back-office page: the back office's own tabs above the page, so the site header stays short. */
export function StaffFrame({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const [location] = useLocation();
  return (
    <>
      <nav className="staff-nav" aria-label={locale === 'fr' ? 'Gestion de l’espace' : 'Back office'}>
        {STAFF_PAGES.map((p) => {
          const current = location === p.path || p.subPaths?.some((s) => location.startsWith(s.replace(/:\w+.*$/, '')));
          return (
            <Link key={p.path} href={p.path} aria-current={current ? 'page' : undefined} className={current ? 'active' : undefined}>
              {p.label[locale]}
            </Link>
          );
        })}
      </nav>
      {children}
    </>
  );
}
