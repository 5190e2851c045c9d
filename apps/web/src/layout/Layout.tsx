import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../session/session';
import { Loading } from '../ui/Page';
import { WorkspaceMenu } from './WorkspaceMenu';

const sections: { to: string; label: string }[] = [
  { to: '/', label: 'Home' },
  { to: '/leads', label: 'Leads' },
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/scraping', label: 'Scraping' },
  { to: '/mailboxes', label: 'Mailboxes' },
  { to: '/deliveries', label: 'Deliveries' },
  { to: '/caught-mail', label: 'Caught mail' },
  { to: '/suppressions', label: 'Suppressions' },
  { to: '/api-keys', label: 'API keys' },
];

/** The signed-in frame of every page: skip link, navigation, workspace menu; signed out → /sign-in. */
export function Layout() {
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) return <Loading what="your session" />;
  if (session === null) {
    const back = location.pathname + location.search;
    return <Navigate to={back === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(back)}`} replace />;
  }
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Cold Reach</span>
        <WorkspaceMenu />
      </header>
      <nav className="sidebar" aria-label="Sections">
        <ul>
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} end={section.to === '/'}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
