/** The dashboard: sign-in, then six pages. */
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { clearSession, loadSession, saveSession, type Session, setUnauthenticatedHandler } from './api';
import { Layout } from './components/layout';
import { CampaignPage, CampaignsPage } from './pages/campaigns';
import { CustomerPage, CustomerSearchPage } from './pages/customers';
import { DecisionsPage } from './pages/decisions';
import { FrontDoorPage } from './pages/front-door';
import { OverviewPage } from './pages/overview';
import { PromisesPage } from './pages/promises';
import { SignIn } from './pages/sign-in';
import { match, navigate, useLocation } from './router';
import { SessionContext } from './session';
import './styles.css';

function Routes({ path, query }: { path: string; query: URLSearchParams }) {
  let params: Record<string, string> | null;
  if (path === '/' || path === '/overview') return <Layout path={path} title="Overview"><OverviewPage /></Layout>;
  if (path === '/customers') return <Layout path={path} title="Customer 360"><CustomerSearchPage initial={query.get('q') ?? ''} /></Layout>;
  if ((params = match('/customers/:ref', path))) return <Layout path={path} title="Customer 360"><CustomerPage customerRef={params.ref!} /></Layout>;
  if (path === '/decisions') return <Layout path={path} title="Decisions"><DecisionsPage initialCustomer={query.get('customer') ?? ''} /></Layout>;
  if (path === '/campaigns') return <Layout path={path} title="Campaigns"><CampaignsPage /></Layout>;
  if ((params = match('/campaigns/:id', path))) return <Layout path={path} title="Campaign readiness"><CampaignPage id={params.id!} /></Layout>;
  if (path === '/front-door') return <Layout path={path} title="Front door"><FrontDoorPage requestId={query.get('request') ?? ''} /></Layout>;
  if ((params = match('/front-door/requests/:id', path))) return <Layout path={path} title="Front door"><FrontDoorPage requestId={params.id!} /></Layout>;
  if (path === '/promises') return <Layout path={path} title="Promises"><PromisesPage /></Layout>;
  return (
    <Layout path={path} title="Page not found">
      <p>There is no dashboard page at {path}.</p>
    </Layout>
  );
}

function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const { path, query } = useLocation();
  const signOut = useCallback(() => {
    clearSession();
    setSession(null);
    navigate('/sign-in');
  }, []);
  useEffect(() => setUnauthenticatedHandler(signOut), [signOut]);
  useEffect(() => {
    if (session !== null && path === '/sign-in') navigate('/', { replace: true });
  }, [session, path]);

  if (session === null) {
    return (
      <SignIn
        onSignedIn={(s) => {
          // Signing in keeps the page that was asked for (a shared link to a customer still works).
          saveSession(s);
          setSession(s);
        }}
      />
    );
  }
  if (path === '/sign-in') return null;
  return (
    <SessionContext.Provider value={{ session, signOut }}>
      <Routes path={path} query={query} />
    </SessionContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
