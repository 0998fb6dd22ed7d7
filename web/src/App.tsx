import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type Me } from './api';
import { Loading, PageHeader, useTitle } from './components/page';
import { errorMessage, isUnauthenticated } from './errors';
import { formatNumber, getLanguage, isLanguage, LANGUAGES, setLanguage, t, useLanguage, type Language } from './i18n';
import { AcceptInvitationPage } from './pages/AcceptInvitation';
import { AssessmentPage } from './pages/assessment/Assessment';
import { AssessmentsPage } from './pages/Assessments';
import { CommunitiesPage } from './pages/Communities';
import { CommunityPage } from './pages/community/Community';
import { ContractPage } from './pages/Contract';
import { CpvPage } from './pages/Cpv';
import { DashboardPage } from './pages/Dashboard';
import { ExchangesPage } from './pages/Exchanges';
import { OpportunitiesPage } from './pages/market/Opportunities';
import { PipelinePage } from './pages/market/Pipeline';
import { PipelineEntryPage } from './pages/market/PipelineEntry';
import { PricesPage } from './pages/market/Prices';
import { OrganisationPage } from './pages/Organisation';
import { PeoplePage } from './pages/People';
import { NotificationsPage, SavedSearchesPage } from './pages/SavedSearches';
import { SearchPage } from './pages/Search';
import { SignInPage } from './pages/SignIn';
import { SignUpPage } from './pages/SignUp';
import { Link, matchRoute, navigate, navigationCount, useLocation, type Route } from './router';
import { refreshUnread, setUnread, useUnread } from './notifications';
import { SessionContext, useSession, type SessionValue } from './session';
import { AccountPage, ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage } from './pages/Account';
import { IdentifierClaimsPage } from './pages/IdentifierClaims';

const NEEDS_SIGN_IN = new Set<Route['name']>([
  'account',
  'identifierClaims',
  'myOrganisation',
  'myPeople',
  'people',
  'contracts',
  'contract',
  'savedSearches',
  'notifications',
  'dashboard',
  'exchanges',
  'assessments',
  'assessment',
  'pipeline',
  'pipelineEntry',
  'opportunities',
  'prices',
]);

export function App() {
  useLanguage();
  const location = useLocation();
  const route = matchRoute(location.split('?')[0]);
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const [startupError, setStartupError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const announce = useCallback((message: string) => {
    // Clear first so the same sentence twice is still read out.
    setAnnouncement('');
    window.setTimeout(() => setAnnouncement(message), 50);
  }, []);

  useEffect(() => {
    api
      .me()
      .then((m) => {
        if (isLanguage(m.language)) setLanguage(m.language);
        setMe(m);
      })
      .catch((e) => {
        if (!isUnauthenticated(e)) setStartupError(errorMessage(e));
      })
      .finally(() => setReady(true));
  }, []);

  // Where a route needs someone signed in, or the start page, send the person on.
  useEffect(() => {
    if (!ready) return;
    if (route.name === 'home') {
      navigate(me ? '/organisation' : '/signin', { replace: true, quiet: true });
    } else if (!me && NEEDS_SIGN_IN.has(route.name)) {
      navigate(`/signin?next=${encodeURIComponent(location)}`, { replace: true, quiet: true });
    } else if (me && (route.name === 'signin' || route.name === 'signup')) {
      navigate('/organisation', { replace: true, quiet: true });
    }
  }, [ready, me, route.name, location]);

  // After an in-app navigation, move focus to the new page's heading, so a screen reader starts
  // there; quiet redirects leave focus alone.
  const lastCount = useRef(navigationCount());
  useEffect(() => {
    if (lastCount.current === navigationCount()) return;
    lastCount.current = navigationCount();
    const id = window.requestAnimationFrame(() => {
      const h1 = document.querySelector<HTMLElement>('#main h1');
      (h1 ?? document.getElementById('main'))?.focus();
    });
    return () => window.cancelAnimationFrame(id);
  });

  const session: SessionValue = useMemo(() => ({ me, setMe, announce }), [me, announce]);

  return (
    <SessionContext.Provider value={session}>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <Header />
      <main id="main" className="main" tabIndex={-1}>
        <div className="container">
          {startupError && (
            <div className="notice notice--error" role="alert">
              {startupError}
            </div>
          )}
          {ready ? <RouteView route={route} /> : <Loading />}
        </div>
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <p>{t('app.footer')}</p>
          <p>
            <a href="/api/v1/openapi.json">{t('app.apiLink')}</a>
          </p>
        </div>
      </footer>
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {announcement}
      </div>
    </SessionContext.Provider>
  );
}

function RouteView({ route }: { route: Route }) {
  const { me } = useSession();
  switch (route.name) {
    case 'signin':
      return me ? null : <SignInPage />;
    case 'signup':
      return me ? null : <SignUpPage />;
    case 'invite':
      return <AcceptInvitationPage token={route.token} />;
    case 'account':
      return me ? <AccountPage /> : null;
    case 'forgotPassword':
      return <ForgotPasswordPage />;
    case 'resetPassword':
      return <ResetPasswordPage key={route.token} token={route.token} />;
    case 'confirmEmail':
      return <ConfirmEmailPage key={route.token} token={route.token} />;
    case 'identifierClaims':
      return me ? <IdentifierClaimsPage /> : null;
    case 'myOrganisation':
      return me ? <OrganisationPage id={null} /> : null;
    case 'organisation':
      return <OrganisationPage key={route.id} id={route.id} />;
    case 'myPeople':
      return me ? <PeoplePage id={null} /> : null;
    case 'people':
      return me ? <PeoplePage key={route.id} id={route.id} /> : null;
    case 'cpv':
      return <CpvPage />;
    case 'contracts':
      return me ? <SearchPage /> : null;
    case 'contract':
      return me ? <ContractPage key={route.ocid} ocid={route.ocid} /> : null;
    case 'savedSearches':
      return me ? <SavedSearchesPage /> : null;
    case 'notifications':
      return me ? <NotificationsPage /> : null;
    case 'communities':
      return <CommunitiesPage />;
    case 'community':
      return <CommunityPage key={route.id} id={route.id} tab={route.tab} sub={route.sub} />;
    case 'dashboard':
      return me ? <DashboardPage /> : null;
    case 'exchanges':
      return me ? <ExchangesPage /> : null;
    case 'assessments':
      return me ? <AssessmentsPage /> : null;
    case 'assessment':
      return me ? <AssessmentPage key={route.id} id={route.id} tab={route.tab} /> : null;
    case 'pipeline':
      return me ? <PipelinePage /> : null;
    case 'pipelineEntry':
      return me ? <PipelineEntryPage key={route.id} id={route.id} /> : null;
    case 'opportunities':
      return me ? <OpportunitiesPage /> : null;
    case 'prices':
      return me ? <PricesPage /> : null;
    case 'home':
      return null;
    case 'notFound':
      return <NotFoundPage />;
  }
}

function NotFoundPage() {
  useTitle(t('notFound.title'));
  return (
    <>
      <PageHeader title={t('notFound.title')} lead={t('notFound.lead')} />
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}

function Header() {
  const lang = useLanguage();
  const { me, setMe, announce } = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const unread = useUnread();
  const pathname = useLocation().split('?')[0];

  // The unread count follows the person from page to page (not on every filter click).
  useEffect(() => {
    if (me) void refreshUnread();
    else setUnread(null);
  }, [me, pathname]);

  async function changeLanguage(next: Language) {
    setLanguage(next);
    setProblem(null);
    announce(t('app.languageChanged', { language: LANGUAGES.find((l) => l.code === next)?.name ?? next }));
    if (me) {
      try {
        setMe(await api.updateMe({ language: next }));
      } catch (e) {
        if (getLanguage() === next) setProblem(t('app.languageNotSaved', { reason: errorMessage(e) }));
      }
    }
  }

  async function signOut() {
    setProblem(null);
    try {
      await api.signOut();
    } catch (e) {
      setProblem(errorMessage(e));
      return;
    }
    setMe(null);
    announce(t('app.signedOut'));
    navigate('/signin');
  }

  return (
    <header className="site-header">
      <div className="container site-header__bar">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">Cobuy</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </Link>
        <div className="site-header__tools">
          {me && (
            <p className="who" data-testid="who">
              <span className="who__name">{me.name}</span>
              <span className="visually-hidden">, </span>
              <span className="who__org">{me.organisation.name}</span>
            </p>
          )}
          <div className="language">
            <label htmlFor="language-select" className="language__label">
              {t('app.language')}
            </label>
            <select
              id="language-select"
              className="select select--compact"
              value={lang}
              onChange={(e) => {
                if (isLanguage(e.target.value)) void changeLanguage(e.target.value);
              }}
            >
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          {me && (
            <Link to="/account" className="button button--header">
              {t('nav.account')}
            </Link>
          )}
          {me && (
            <button type="button" className="button button--header" onClick={signOut}>
              {t('app.signOut')}
            </button>
          )}
        </div>
      </div>
      <nav className="site-nav" aria-label={t('app.navLabel')}>
        <div className="container">
          <ul className="site-nav__list">
            {me ? (
              <>
                <li>
                  <Link to="/organisation">{t('nav.organisation')}</Link>
                </li>
                <li>
                  <Link to="/organisation/people">{t('nav.people')}</Link>
                </li>
                {me.role === 'platform_admin' && (
                  <li>
                    <Link to="/identifier-claims">{t('nav.identifierClaims')}</Link>
                  </li>
                )}
                <li>
                  <Link to="/contracts">{t('nav.contracts')}</Link>
                </li>
                <li>
                  <Link to="/saved-searches">{t('nav.savedSearches')}</Link>
                </li>
                <li>
                  <Link
                    to="/communities"
                    aria-current={pathname === '/communities' ? 'page' : pathname.startsWith('/communities/') ? 'true' : undefined}
                  >
                    {t('nav.communities')}
                  </Link>
                </li>
                {me.role !== 'market_actor' && (
                  <li>
                    <Link
                      to="/assessments"
                      aria-current={pathname === '/assessments' ? 'page' : pathname.startsWith('/assessments/') ? 'true' : undefined}
                    >
                      {t('nav.assessments')}
                    </Link>
                  </li>
                )}
                {me.role !== 'market_actor' && (
                  <>
                    <li>
                      <Link
                        to="/pipeline"
                        aria-current={pathname === '/pipeline' ? 'page' : pathname.startsWith('/pipeline/') ? 'true' : undefined}
                      >
                        {t('nav.pipeline')}
                      </Link>
                    </li>
                    <li>
                      <Link to="/opportunities">{t('nav.opportunities')}</Link>
                    </li>
                    <li>
                      <Link to="/prices">{t('nav.prices')}</Link>
                    </li>
                  </>
                )}
                <li>
                  <Link to="/dashboard">{t('nav.dashboard')}</Link>
                </li>
                {me.role !== 'market_actor' && (
                  <li>
                    <Link to="/exchanges">{t('nav.exchanges')}</Link>
                  </li>
                )}
                <li>
                  <Link to="/notifications" data-testid="nav-notifications">
                    {unread !== null && unread > 0 ? (
                      <>
                        {/* One text for assistive technology: "Notifications, 2 unread". */}
                        <span aria-hidden="true">
                          {t('nav.notifications')}
                          <span className="nav-count">{formatNumber(unread)}</span>
                        </span>
                        <span className="visually-hidden">
                          {`${t('nav.notifications')}, ${t('nav.unread', { count: formatNumber(unread) })}`}
                        </span>
                      </>
                    ) : (
                      t('nav.notifications')
                    )}
                  </Link>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link to="/signin">{t('nav.signIn')}</Link>
                </li>
                <li>
                  <Link to="/signup">{t('nav.signUp')}</Link>
                </li>
              </>
            )}
            <li>
              <Link to="/cpv">{t('nav.cpv')}</Link>
            </li>
          </ul>
        </div>
      </nav>
      {problem && (
        <div className="container">
          <div className="notice notice--error" role="alert">
            {problem}
          </div>
        </div>
      )}
    </header>
  );
}
