import { lazy, StrictMode, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { Redirect, Route, Switch } from 'wouter';
import { queryClient } from './app/api';
import { applyBrand } from './app/brand';
import { ErrorNote } from './app/notes';
import type { Locale, Module } from '@lieu/core';
import { I18nProvider, useI18n } from './app/i18n';
import { i18n, loadCatalogues, type CatalogueName } from './app/messages';
import { BOOKABLE, SiteProvider, useRuns, useSiteQuery, type Site } from './app/site';
import { Layout, Loading, PageTitle } from './ui/Layout';
import { Home } from './pages/home';
import { StaffFrame } from './pages/staff/StaffFrame';
import { STAFF_PAGES } from './pages/staff/registry';
import './styles.css';

// Pages a member does not open on a first visit are fetched when first needed, together with the
// catalogues of their words (in parallel, so a page does not wait for its chunk and then its words):
// a signed-in member's first page is home.
function page<M, P extends object>(load: () => Promise<M>, words: CatalogueName[], pick: (m: M) => ComponentType<P>) {
  return lazy(() => Promise.all([load(), loadCatalogues(i18n.locale as Locale, words)]).then(([m]) => ({ default: pick(m) })));
}
const auth = () => import('./pages/auth');
const authWords: CatalogueName[] = ['auth', 'errors'];
const Login = page(auth, authWords, (m) => m.Login);
const MagicLink = page(auth, authWords, (m) => m.MagicLink);
const Signup = page(auth, authWords, (m) => m.Signup);
const ForgotPassword = page(auth, authWords, (m) => m.ForgotPassword);
const ResetPassword = page(auth, authWords, (m) => m.ResetPassword);
const AcceptInvitation = page(auth, authWords, (m) => m.AcceptInvitation);
const Account = page(() => import('./pages/account'), ['account', 'errors'], (m) => m.Account);
const BookPage = page(() => import('./pages/book'), ['book', 'errors'], (m) => m.default);
const MyBookings = page(() => import('./pages/myBookings'), ['book'], (m) => m.default);
const Shop = page(() => import('./pages/shop'), ['shop'], (m) => m.default);
const MyOrders = page(() => import('./pages/shop'), ['shop'], (m) => m.MyOrdersPage);
const Billing = page(() => import('./pages/billing'), ['billing'], (m) => m.default);
const Events = page(() => import('./pages/events'), ['events'], (m) => m.default);
const EventPage = page(() => import('./pages/events'), ['events'], (m) => m.EventPage);
const AdminSpaces = page(() => import('./pages/platform/admin'), ['platform'], (m) => m.default);
const Landing = page(() => import('./pages/platform/index'), ['platform', 'errors'], (m) => m.Landing);
const CreateSpace = page(() => import('./pages/platform/index'), ['platform', 'errors'], (m) => m.CreateSpace);

const PLATFORM_BRAND = { primaryColor: '#1f4e79', accentColor: '#f2a900' };

function TenantRoutes() {
  return (
    <Switch>
      <Route path="/" component={Home} />
      <Route path="/login" component={Login} />
      <Route path="/login/magic" component={MagicLink} />
      <Route path="/signup" component={Signup} />
      <Route path="/forgot-password" component={ForgotPassword} />
      <Route path="/reset-password" component={ResetPassword} />
      <Route path="/invitation" component={AcceptInvitation} />
      <Route path="/account" component={Account} />
      <Route path="/book">{() => <OnlyIf module={BOOKABLE}><BookPage /></OnlyIf>}</Route>
      <Route path="/bookings">{() => <OnlyIf module={BOOKABLE}><MyBookings /></OnlyIf>}</Route>
      <Route path="/shop">{() => <OnlyIf module="shop"><Shop /></OnlyIf>}</Route>
      <Route path="/shop/orders">{() => <OnlyIf module="shop"><MyOrders /></OnlyIf>}</Route>
      <Route path="/billing" component={Billing} />
      <Route path="/events">{() => <OnlyIf module="events"><Events /></OnlyIf>}</Route>
      <Route path="/events/:eventId">{(params) => <OnlyIf module="events"><EventPage params={params} /></OnlyIf>}</Route>
      <Route path="/staff"><Redirect to={STAFF_PAGES[0]!.path} replace /></Route>
      {/* Where Stripe Connect onboarding returns (functions/webhooks): the settings' payments section. */}
      <Route path="/settings/payments"><Redirect to="/staff/settings#payments" replace /></Route>
      {STAFF_PAGES.flatMap((p) => [p.path, ...(p.subPaths ?? [])].map((path) => (
        <Route key={path} path={path}>
          <OnlyIf module={p.module}><StaffFrame><p.page /></StaffFrame></OnlyIf>
        </Route>
      )))}
      <Route component={NotFound} />
    </Switch>
  );
}

function PlatformRoutes() {
  return (
    <Switch>
      <Route path="/" component={Landing} />
      <Route path="/signup" component={CreateSpace} />
      <Route path="/login" component={Login} />
      <Route path="/admin" component={AdminSpaces} />
      <Route component={NotFound} />
    </Switch>
  );
}

/** A page of a module the space does not run is a page that does not exist here. */
function OnlyIf({ module, children }: { module: Module | readonly Module[] | undefined; children: ReactNode }) {
  const runs = useRuns();
  return !module || runs(module) ? <>{children}</> : <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <section className="card narrow">
      <PageTitle>{t('app.notFound.title')}</PageTitle>
      <p>{t('app.notFound.body')}</p>
      <a href="/" className="button">{t('app.backHome')}</a>
    </section>
  );
}

function Message({ title, body }: { title: `app.${'unknownSpace' | 'suspended' | 'foreignSession'}.title`; body: `app.${'unknownSpace' | 'suspended' | 'foreignSession'}.body` }) {
  const { t } = useI18n();
  return (
    <section className="card narrow">
      <PageTitle>{t(title)}</PageTitle>
      <p>{t(body)}</p>
    </section>
  );
}

/** The page for this host once the API said which site it is. */
function SiteApp({ site }: { site: Site }) {
  useEffect(() => {
    applyBrand(site.kind === 'tenant' ? site.tenant.branding : PLATFORM_BRAND);
    document.title = site.kind === 'tenant' ? site.tenant.name : 'Lieu';
  }, [site]);
  const tenant = site.kind === 'tenant' ? site.tenant : null;
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const page =
    site.kind === 'tenant' ? <TenantRoutes />
    : site.kind === 'platform' ? <PlatformRoutes />
    : site.kind === 'suspended' ? <Message title="app.suspended.title" body="app.suspended.body" />
    : site.kind === 'foreignSession' ? <Message title="app.foreignSession.title" body="app.foreignSession.body" />
    : <Message title="app.unknownSpace.title" body="app.unknownSpace.body" />;
  return (
    <SiteProvider site={site}>
      <I18nProvider fallback={tenant?.locale ?? 'fr'} timeZone={tenant?.timeZone ?? browserZone} currency={tenant?.currency ?? 'EUR'}>
        <Layout>
          <Suspense fallback={<Loading />}>
            {page}
          </Suspense>
        </Layout>
      </I18nProvider>
    </SiteProvider>
  );
}

/** Before the site is known: a neutral loading line, or the failure with a way to try again. */
function Root() {
  const { site, error, retry } = useSiteQuery();
  if (site) return <SiteApp site={site} />;
  return (
    <I18nProvider fallback="fr" timeZone="UTC" currency="EUR">
      <main id="main" className="wrap">
        {error ? (
          <>
            <ErrorNote error={error} />
            <button type="button" className="button" onClick={retry}>Réessayer / Try again</button>
          </>
        ) : (
          <Loading />
        )}
      </main>
    </I18nProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      {/* An English reader's first render waits for the English shell catalogue. */}
      <Suspense fallback={null}>
        <Root />
      </Suspense>
    </QueryClientProvider>
  </StrictMode>,
);
