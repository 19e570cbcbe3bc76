import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { Locale } from '@lieu/core';
import { call, forgetSession, queryClient } from '../app/api';
import { useCartItems } from '../app/cart';
import { shellRoutes } from '../app/shellRoutes';
import { useI18n } from '../app/i18n';
import { BOOKABLE, isStaff, useMe, useRuns, useSite } from '../app/site';
import { Logo } from './Logo';

/** The frame of every page: the space's (or the platform's) header, the page, the footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const site = useSite();
  const { user, loading } = useMe();
  const [location, navigate] = useLocation();
  const search = useSearch();
  const runs = useRuns();
  const [menuOpen, setMenuOpen] = useState(false);
  const tenant = site.kind === 'tenant' ? site.tenant : null;
  const cartItems = useCartItems(tenant && runs('shop') ? tenant.slug : null);
  // A page that signs in with an emailed link (or the sign-up's confirmation) is about to show its
  // person signed in: offering "log in" meanwhile would flash the logged-out header. So would the
  // time "who am I" takes to answer on a first load.
  const signingIn = (location === '/login/magic' || location === '/signup') && new URLSearchParams(search).has('token');
  const anonymous = !user && !loading && !signingIn;

  // The phone menu closes once a link took its reader elsewhere, and on Escape (back to its button).
  useEffect(() => setMenuOpen(false), [location]);
  const menuButton = useRef<HTMLButtonElement>(null);
  function closeOnEscape(e: KeyboardEvent) {
    if (e.key !== 'Escape' || !menuOpen) return;
    setMenuOpen(false);
    menuButton.current?.focus();
  }

  // After a client-side navigation, keyboard and screen-reader users start at the new page's content
  // (not on the link they left); the first load keeps the browser's own focus.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    document.getElementById('main')?.focus();
  }, [location]);

  async function logout() {
    await call(shellRoutes.logout);
    forgetSession();
    navigate('/');
  }

  return (
    <>
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="site-header">
        <div className="wrap header-row">
          <Link href="/" className="brand">
            <Logo name={tenant?.name ?? 'Lieu'} url={tenant?.branding.logoUrl ?? null} />
            <span className="brand-name">{tenant?.name ?? 'Lieu'}</span>
          </Link>
          {cartItems > 0 && (
            <Link href="/shop" className="cart-link" aria-label={t('nav.cart', { n: cartItems })}>
              <CartIcon />
              <span className="cart-count" aria-hidden="true">{cartItems}</span>
            </Link>
          )}
          <button ref={menuButton} type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="site-nav" onClick={() => setMenuOpen((o) => !o)}>
            <span className="menu-icon" aria-hidden="true" />
            {t('nav.menu')}
          </button>
          <nav id="site-nav" aria-label={t('app.mainNav')} className={menuOpen ? 'nav open' : 'nav'} onKeyDown={closeOnEscape}>
            {site.kind === 'tenant' && user && (
              <>
                <NavLink href="/">{t('nav.home')}</NavLink>
                {runs(BOOKABLE) && <NavLink href="/book">{t('nav.book')}</NavLink>}
                {runs(BOOKABLE) && <NavLink href="/bookings">{t('nav.myBookings')}</NavLink>}
                {runs('events') && <NavLink href="/events">{t('nav.events')}</NavLink>}
                {runs('shop') && <NavLink href="/shop">{t('nav.shop')}</NavLink>}
                {isStaff(user) && <NavLink href="/staff" section>{t('nav.backOffice')}</NavLink>}
                <NavLink href="/account">{t('nav.account')}</NavLink>
              </>
            )}
            {site.kind === 'platform' && user && <NavLink href="/admin">{t('nav.admin')}</NavLink>}
            {site.kind === 'platform' && anonymous && <NavLink href="/signup">{t('nav.createSpace')}</NavLink>}
            {site.kind === 'tenant' && anonymous && (
              <>
                <NavLink href="/login">{t('nav.login')}</NavLink>
                <NavLink href="/signup">{t('nav.signup')}</NavLink>
              </>
            )}
            {user && <button type="button" className="link-button" onClick={logout}>{t('nav.logout')}</button>}
          </nav>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="wrap" tabIndex={-1}>{children}</main>
      <footer className="site-footer">
        <div className="wrap footer-row">
          {tenant?.address && (
            <p>{tenant.name} · {tenant.address.line1}, {tenant.address.postalCode} {tenant.address.city}</p>
          )}
          <p>{t('app.poweredBy')}</p>
        </div>
      </footer>
    </>
  );
}

function CartIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM1 2h3.3l.9 2H21a1 1 0 0 1 .9 1.4l-3.6 7a2 2 0 0 1-1.8 1.1H8.1l-1.1 2H19v2H7a2 2 0 0 1-1.8-3l1.4-2.5L3 4H1V2Z" />
    </svg>
  );
}

/** A header link; a `section` link stays marked on every page under its path (the back office's tabs). */
function NavLink({ href, section = false, children }: { href: string; section?: boolean; children: ReactNode }) {
  const [location] = useLocation();
  const current = location === href || (section && location.startsWith(`${href}/`));
  return <Link href={href} aria-current={current ? 'page' : undefined} className={current ? 'active' : undefined}>{children}</Link>;
}

/** FR / EN. Saved on this device; for a signed-in person of a space, also on the profile (emails follow it). */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const site = useSite();
  const { user } = useMe();
  async function choose(l: Locale) {
    setLocale(l);
    if (user && site.kind === 'tenant') {
      await call(shellRoutes.updateProfile, { body: { locale: l } }).catch(() => undefined);
      void queryClient.invalidateQueries({ queryKey: [shellRoutes.me.operationId] });
    }
  }
  return (
    <div className="lang" role="group" aria-label={t('app.language')}>
      {(['fr', 'en'] as const).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={locale === l} onClick={() => void choose(l)}>
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

/** Loading and failure, the same everywhere: never a blank page. */
export function Loading() {
  const { t } = useI18n();
  return <p className="loading" role="status" aria-live="polite">{t('app.loading')}</p>;
}

export function PageTitle({ children }: { children: ReactNode }) {
  return <h1 className="page-title">{children}</h1>;
}
