import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

/** What to do about an error, in words an operator can act on. */
function advice(error: unknown): string {
  if (!(error instanceof ApiError))
    return 'The server could not be reached. Check that `reclaim serve` is running, then reload.';
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return 'Your sign-in is missing or has expired. Sign in again.';
    case 'INSUFFICIENT_SCOPE':
      return `Your token lacks ${String(error.details.required ?? 'a scope')}. Ask for a token that carries it.`;
    case 'NOT_FOUND':
      return 'It does not exist for your tenant. Check the link, or go back to the worklist.';
    case 'VALIDATION_FAILED':
      return `Check ${String(error.details.field ?? 'the input')} and try again.`;
    case 'DATABASE_UNAVAILABLE':
      return 'The database is unavailable. Try again in a moment.';
    default:
      return 'Try again; if it happens again, give the request id to whoever runs the server.';
  }
}

export function ErrorState({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const e = error instanceof ApiError ? error : null;
  return (
    <div className="state error" role="alert">
      <h2>{e?.code === 'NOT_FOUND' ? 'Not found' : title}</h2>
      <p>{e ? e.message : 'Network error.'}</p>
      <p>{advice(error)}</p>
      {e?.requestId && <p className="muted">Request id: {e.requestId}</p>}
    </div>
  );
}
