import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/problem';
import { preloadPage, router } from './routes';
import { SessionProvider } from './session/session';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused request (4xx) fails the same way again; only outages and 5xx are worth a retry.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status < 500 && error.status > 0),
      staleTime: 5_000,
    },
  },
});

preloadPage(window.location.pathname);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
