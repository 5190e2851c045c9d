import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, matchRoutes, Navigate } from 'react-router';
import { Layout } from './layout/Layout';
import { HomePage } from './pages/home/HomePage';
import { SignInPage } from './pages/sign-in/SignInPage';
import { Loading } from './ui/Page';

type PageModule = { default: ComponentType };

/** The signed-in pages, each its own chunk: the first load carries the shell and the page asked for. */
const pages: { path: string; load: () => Promise<PageModule> }[] = [
  { path: 'leads', load: () => import('./pages/leads/LeadsPage') },
  { path: 'leads/import', load: () => import('./pages/import/ImportPage') },
  { path: 'leads/:leadId', load: () => import('./pages/leads/LeadDetailPage') },
  { path: 'campaigns', load: () => import('./pages/campaigns/CampaignsPage') },
  { path: 'campaigns/new', load: () => import('./pages/campaigns/CampaignEditorPage') },
  { path: 'campaigns/:campaignId', load: () => import('./pages/campaigns/CampaignDetailPage') },
  { path: 'campaigns/:campaignId/edit', load: () => import('./pages/campaigns/CampaignEditorPage') },
  { path: 'scraping', load: () => import('./pages/scraping/ScrapingPage') },
  { path: 'scraping/:jobId', load: () => import('./pages/scraping/ScrapeJobPage') },
  { path: 'mailboxes', load: () => import('./pages/mailboxes/MailboxesPage') },
  { path: 'suppressions', load: () => import('./pages/suppressions/SuppressionsPage') },
  { path: 'deliveries', load: () => import('./pages/deliveries/DeliveriesPage') },
  { path: 'caught-mail', load: () => import('./pages/caught-mail/CaughtMailPage') },
  { path: 'api-keys', load: () => import('./pages/api-keys/ApiKeysPage') },
  { path: 'account', load: () => import('./pages/account/AccountPage') },
];

function page(load: () => Promise<PageModule>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Page />
    </Suspense>
  );
}

/**
 * Starts fetching the chunk of the page at `pathname` now, while the session is still being asked
 * for: the layout renders the page only once the session is known, and the two waits need not add up.
 */
export function preloadPage(pathname: string): void {
  const match = matchRoutes(
    pages.map(({ path }) => ({ path: `/${path}` })),
    pathname,
  );
  const path = match?.[0]?.route.path.slice(1);
  void pages.find((entry) => entry.path === path)?.load();
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      ...pages.map(({ path, load }) => ({ path, element: page(load) })),
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
