import { createBrowserRouter, Navigate } from 'react-router';
import { SignInPage } from '../features/sign-in/sign-in-page';
import { WorklistPage } from '../features/worklist/worklist-page';
import { Loading } from '../components/states';
import { Layout } from './layout';
import { NotFoundPage } from './not-found';

/**
 * Every page has a URL under /ui/, and every filter, sort, tab and drawer is in its query. The
 * sign-in page and the worklist (the first thing an operator sees) are in the main bundle; the
 * other pages load on first visit, so the worklist paints without parsing them.
 */
export const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInPage /> },
    {
      element: <Layout />,
      // Shown while a lazily loaded page's code arrives on the first load of its URL.
      hydrateFallbackElement: <Loading what="the page" />,
      children: [
        { index: true, element: <Navigate to="/denials" replace /> },
        { path: 'denials', element: <WorklistPage /> },
        {
          path: 'denials/:id',
          lazy: async () => ({
            Component: (await import('../features/denial-detail/denial-detail-page')).DenialDetailPage,
          }),
        },
        {
          path: 'handlers/:name',
          lazy: async () => ({ Component: (await import('../features/handlers/handler-page')).HandlerPage }),
        },
        {
          path: 'bulk',
          lazy: async () => ({ Component: (await import('../features/bulk/bulk-page')).BulkPage }),
        },
        {
          path: 'jobs/:id',
          lazy: async () => ({ Component: (await import('../features/bulk/job-page')).JobPage }),
        },
        {
          path: 'dashboard',
          lazy: async () => ({
            Component: (await import('../features/dashboard/dashboard-page')).DashboardPage,
          }),
        },
        {
          path: 'denial-rate',
          lazy: async () => ({
            Component: (await import('../features/denial-rate/denial-rate-page')).DenialRatePage,
          }),
        },
        {
          path: 'recovery',
          lazy: async () => ({
            Component: (await import('../features/recovery/recovery-page')).RecoveryPage,
          }),
        },
        {
          path: 'runs',
          lazy: async () => ({ Component: (await import('../features/runs/runs-page')).RunsPage }),
        },
        {
          path: 'runs/:id',
          lazy: async () => ({ Component: (await import('../features/runs/runs-page')).RunPage }),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/ui' },
);
