import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, getJson, postJson } from '../../api/client';
import type { DevTenants, DevTokenResponse, Me, Scope } from '../../api/types';
import { useSession } from '../../app/session';
import { Page } from '../../components/page';
import { ErrorState } from '../../components/states';

const PRESETS: readonly { label: string; scopes: readonly Scope[] }[] = [
  {
    label: 'Operator and manager (all scopes)',
    scopes: ['denials.read', 'denials.update', 'reports.read.operational', 'reports.read.financial'],
  },
  { label: 'Read only (no denials.update)', scopes: ['denials.read', 'reports.read.operational'] },
  {
    label: 'Operator without financial reports',
    scopes: ['denials.read', 'denials.update', 'reports.read.operational'],
  },
];

/** Paste a token; with `serve --dev`, one click per tenant and scope set. */
export function SignInPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next') ?? '/denials';
  const [token, setToken] = useState('');
  const done = (t: string) => {
    signIn(t);
    void navigate(next.startsWith('/') ? next : '/denials', { replace: true });
  };
  const check = useMutation({
    mutationFn: (t: string) => getJson<Me>('/me', { token: t }),
    onSuccess: (_me, t) => done(t),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    check.mutate(token.trim());
  };
  return (
    <main id="main" className="sign-in">
      <Page title="Sign in to Reclaim">
        <form onSubmit={onSubmit} className="card">
          <label htmlFor="token">Bearer token (JWT)</label>
          <textarea
            id="token"
            rows={4}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            required
            spellCheck={false}
          />
          <button type="submit" disabled={check.isPending || token.trim() === ''}>
            {check.isPending ? 'Checking…' : 'Sign in'}
          </button>
          {check.error && <ErrorState error={check.error} title="That token was not accepted" />}
        </form>
        <DevSignIn onToken={done} />
      </Page>
    </main>
  );
}

function DevSignIn({ onToken }: { onToken: (token: string) => void }) {
  const [subject, setSubject] = useState('operator@example.test');
  const tenants = useQuery({
    queryKey: ['dev-tenants'],
    queryFn: ({ signal }) => getJson<DevTenants>('/dev/tenants', { signal, token: '' }),
    retry: false,
  });
  const issue = useMutation({
    mutationFn: (body: { tenant: string; scopes: readonly Scope[] }) =>
      postJson<DevTokenResponse>('/dev/token', { ...body, subject }, { token: '' }),
    onSuccess: (r) => onToken(r.token),
  });
  // Without --dev the routes do not exist: say nothing rather than show an error.
  if (tenants.error instanceof ApiError && tenants.error.status === 404) return null;
  if (!tenants.data) return null;
  return (
    <section className="card" aria-labelledby="dev-h">
      <h2 id="dev-h">Development sign-in</h2>
      <p className="muted">This server runs with --dev: it issues short-lived tokens for any tenant.</p>
      <label htmlFor="dev-subject">Sign in as (subject)</label>
      <input id="dev-subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
      {tenants.data.items.length === 0 && (
        <p>
          No tenants yet: run <code>reclaim tenant add</code> or <code>npm start</code>.
        </p>
      )}
      {tenants.data.items.map((t) => (
        <fieldset key={t.id}>
          <legend>
            {t.name} (<code>{t.id}</code>)
          </legend>
          {PRESETS.map((p) => (
            <button
              type="button"
              key={p.label}
              disabled={issue.isPending || subject.trim() === ''}
              onClick={() => issue.mutate({ tenant: t.id, scopes: p.scopes })}
            >
              {p.label}
            </button>
          ))}
        </fieldset>
      ))}
      {issue.error && <ErrorState error={issue.error} title="No token issued" />}
    </section>
  );
}
