import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './layout/Layout';
import { HomePage } from './pages/home/HomePage';
import { SignInPage } from './pages/sign-in/SignInPage';
import { Loading } from './ui/Page';

/** Each page is its own chunk: the first load carries the shell and the page asked for only. */
function page(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Page />
    </Suspense>
  );
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'leads', element: page(() => import('./pages/leads/LeadsPage')) },
      { path: 'leads/import', element: page(() => import('./pages/import/ImportPage')) },
      { path: 'leads/:leadId', element: page(() => import('./pages/leads/LeadDetailPage')) },
      { path: 'campaigns', element: page(() => import('./pages/campaigns/CampaignsPage')) },
      { path: 'campaigns/new', element: page(() => import('./pages/campaigns/CampaignEditorPage')) },
      { path: 'campaigns/:campaignId', element: page(() => import('./pages/campaigns/CampaignDetailPage')) },
      {
        path: 'campaigns/:campaignId/edit',
        element: page(() => import('./pages/campaigns/CampaignEditorPage')),
      },
      { path: 'scraping', element: page(() => import('./pages/scraping/ScrapingPage')) },
      { path: 'scraping/:jobId', element: page(() => import('./pages/scraping/ScrapeJobPage')) },
      { path: 'mailboxes', element: page(() => import('./pages/mailboxes/MailboxesPage')) },
      { path: 'suppressions', element: page(() => import('./pages/suppressions/SuppressionsPage')) },
      { path: 'deliveries', element: page(() => import('./pages/deliveries/DeliveriesPage')) },
      { path: 'caught-mail', element: page(() => import('./pages/caught-mail/CaughtMailPage')) },
      { path: 'api-keys', element: page(() => import('./pages/api-keys/ApiKeysPage')) },
      { path: 'account', element: page(() => import('./pages/account/AccountPage')) },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
