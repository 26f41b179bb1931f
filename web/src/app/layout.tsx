import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { ErrorState } from '../components/states';
import { useSession } from './session';

const NAV = [
  ['/denials', 'Worklist'],
  ['/dashboard', 'Success rate'],
  ['/denial-rate', 'Denial rate'],
  ['/recovery', 'Weekly recovery'],
  ['/runs', 'Runs'],
] as const;

/** The frame of every signed-in page: navigation, who is signed in, and the page itself. */
export function Layout() {
  const session = useSession();
  const location = useLocation();
  if (!session.token) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Reclaim</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Identity />
      </header>
      <main id="main" tabIndex={-1}>
        {session.error ? (
          <>
            <ErrorState error={session.error} title="Sign-in failed" />
            <button type="button" onClick={session.signOut}>
              Sign in again
            </button>
          </>
        ) : (
          // The page loads its data alongside /me rather than after it (a first paint one round
          // trip sooner); controls that need a scope stay disabled until /me has answered.
          <Outlet />
        )}
      </main>
    </>
  );
}

function Identity() {
  const { me, signOut } = useSession();
  if (!me) return null;
  return (
    <div className="identity" aria-label="Signed in as">
      <span>
        <strong>{me.subject}</strong> · {me.tenantName} (<code>{me.tenant}</code>)
      </span>
      <span className="scopes" aria-label="Scopes">
        {me.scopes.join(' ')}
      </span>
      <button type="button" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}
