import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { getJson } from '../../api/client';
import type { HandlerList } from '../../api/types';
import { Page } from '../../components/page';
import { ErrorState, Loading } from '../../components/states';

/** What each kind of context data is, in the words of the person who must load it. */
const NEEDS: Record<string, string> = {
  modifierRules:
    'Modifier injection rules that match the claim’s rendering credential, facility state and payer (reference data); without one the handler skips.',
  authorizations: 'An authorization number on file for the claim’s procedures and dates.',
  submissions:
    'Proof of timely submission: a claim submission record or a status entry dated before the denial.',
  duplicates: 'The other claims for the same patient, payer, service date and procedures.',
  adjustments: 'The remittance adjustments anchored to the denial (the 835 posted cleanly).',
};

/** One correction handler: the codes it supports, its strategies and the data it needs. */
export function HandlerPage() {
  const name = useParams().name ?? '';
  const list = useQuery({
    queryKey: ['handlers'],
    queryFn: ({ signal }) => getJson<HandlerList>('/handlers', { signal }),
    staleTime: Infinity,
  });
  if (list.isPending) return <Loading what="the handlers" />;
  if (list.error) return <ErrorState error={list.error} />;
  const h = list.data.items.find((x) => x.name === name);
  if (!h)
    return (
      <Page title="Handler not found">
        <p>
          No handler is registered as <code>{name}</code>. <Link to="/denials">Back to the worklist</Link>.
        </p>
      </Page>
    );
  return (
    <Page title={h.name}>
      <dl className="facts">
        <div>
          <dt>Supported codes</dt>
          <dd>{h.carcs.join(', ')}</dd>
        </div>
        <div>
          <dt>Strategies</dt>
          <dd>{h.strategies.join(', ')}</dd>
        </div>
      </dl>
      <h2>Data it needs</h2>
      {h.needs.length === 0 ? (
        <p>Only the claim and the remittance it was denied on.</p>
      ) : (
        <ul>
          {h.needs.map((n) => (
            <li key={n}>
              <strong>{n}</strong>: {NEEDS[n] ?? n}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/denials?carc=${encodeURIComponent(h.carcs[0] ?? '')}`}>Denials with {h.carcs[0]}</Link> ·{' '}
        <Link to="/dashboard">Success rate per code</Link>
      </p>
    </Page>
  );
}
