import { Suspense, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, Redirect, useLocation } from 'wouter';
import { useI18n, usePageI18n } from '../../app/i18n';
import { isStaff, useMe, useRuns } from '../../app/site';
import { Loading, PageTitle } from '../../ui/Layout';
import { STAFF_GROUPS, STAFF_PAGES, type StaffPage } from './registry';

/**
 * Every back-office page: the back office's menu beside the page (above it on a phone, folded), so
 * the site header stays short. Only the team gets it: a member who opens a back-office address is
 * told the place is the team's, with the way home, and never sees its menu.
 */
export function StaffFrame({ children }: { children: ReactNode }) {
  const { user, loading } = useMe();
  const [location] = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Redirect to={`/login?next=${encodeURIComponent(location)}`} />;
  if (!isStaff(user)) return <StaffOnly />;
  // The menu waits for its words on its own: the page's chunk loads meanwhile.
  return (
    <div className="staff-layout">
      <Suspense fallback={<div className="staff-side" />}><StaffMenu /></Suspense>
      <div className="staff-main">{children}</div>
    </div>
  );
}

// In the shell's words: a member does not download the back office's catalogue to read it.
function StaffOnly() {
  const { t } = useI18n();
  return (
    <section className="card narrow">
      <PageTitle>{t('staffOnly.title')}</PageTitle>
      <p>{t('staffOnly.body')}</p>
      <Link href="/" className="button primary">{t('app.backHome')}</Link>
    </section>
  );
}

const isCurrent = (p: StaffPage, location: string) =>
  location === p.path || !!p.subPaths?.some((s) => location.startsWith(s.replace(/:\w+.*$/, '')));

function StaffMenu() {
  const { t } = usePageI18n('backOffice');
  const [location] = useLocation();
  const runs = useRuns();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [location]);
  const button = useRef<HTMLButtonElement>(null);
  function closeOnEscape(e: KeyboardEvent) {
    if (e.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  }
  const pages = STAFF_PAGES.filter((p) => !p.module || runs(p.module));
  const current = pages.find((p) => isCurrent(p, location));
  return (
    <nav className="staff-side" aria-label={t('tab.nav')} onKeyDown={closeOnEscape}>
      {/* On a phone the menu folds under one button that names the page one is on. */}
      <button ref={button} type="button" className="staff-menu-button button" aria-expanded={open} aria-controls="staff-menu" onClick={() => setOpen((o) => !o)}>
        {t('tab.menu')}{current ? ` · ${t(current.label)}` : ''}
      </button>
      <div id="staff-menu" className={open ? 'staff-groups open' : 'staff-groups'}>
        {STAFF_GROUPS.map((g) => {
          const mine = pages.filter((p) => p.group === g);
          if (mine.length === 0) return null;
          return (
            <div key={g} className="staff-group">
              <p className="staff-group-title" id={`staff-group-${g}`}>{t(`group.${g}`)}</p>
              <ul aria-labelledby={`staff-group-${g}`}>
                {mine.map((p) => {
                  const here = isCurrent(p, location);
                  return (
                    <li key={p.path}>
                      <Link href={p.path} aria-current={here ? 'page' : undefined} className={here ? 'active' : undefined}>{t(p.label)}</Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </div>
    </nav>
  );
}
