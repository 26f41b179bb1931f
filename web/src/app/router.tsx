import { createBrowserRouter, Navigate } from 'react-router';
import { BulkPage } from '../features/bulk/bulk-page';
import { JobPage } from '../features/bulk/job-page';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { DenialDetailPage } from '../features/denial-detail/denial-detail-page';
import { DenialRatePage } from '../features/denial-rate/denial-rate-page';
import { HandlerPage } from '../features/handlers/handler-page';
import { RecoveryPage } from '../features/recovery/recovery-page';
import { RunPage, RunsPage } from '../features/runs/runs-page';
import { SignInPage } from '../features/sign-in/sign-in-page';
import { WorklistPage } from '../features/worklist/worklist-page';
import { Layout } from './layout';
import { NotFoundPage } from './not-found';

/** Every page has a URL under /ui/, and every filter, sort, tab and drawer is in its query. */
export const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInPage /> },
    {
      element: <Layout />,
      children: [
        { index: true, element: <Navigate to="/denials" replace /> },
        { path: 'denials', element: <WorklistPage /> },
        { path: 'denials/:id', element: <DenialDetailPage /> },
        { path: 'handlers/:name', element: <HandlerPage /> },
        { path: 'bulk', element: <BulkPage /> },
        { path: 'jobs/:id', element: <JobPage /> },
        { path: 'dashboard', element: <DashboardPage /> },
        { path: 'denial-rate', element: <DenialRatePage /> },
        { path: 'recovery', element: <RecoveryPage /> },
        { path: 'runs', element: <RunsPage /> },
        { path: 'runs/:id', element: <RunPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/ui' },
);
