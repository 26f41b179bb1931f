import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { postJson } from '../../api/client';
import type { BulkBody, BulkDryRun, JobAccepted } from '../../api/types';
import { count, money } from '../../components/format';
import { Page } from '../../components/page';
import { ScopedButton } from '../../components/scoped-button';
import { ErrorState } from '../../components/states';
import { bulkFilter, filterFromUrl, hasFilter, kindNoun } from '../../lib/denial-filter';

/** Bulk correction of a cohort (the worklist's filter or selection): dry run first, then a job. */
export function BulkPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const ids = (params.get('ids') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  const urlFilter = filterFromUrl(params);
  const filter: BulkBody['filter'] = ids.length > 0 ? { ids } : bulkFilter(urlFilter);
  const empty = ids.length === 0 && !hasFilter(urlFilter);
  const dry = useMutation({
    mutationFn: () => postJson<BulkDryRun>('/denials/auto-correction/bulk', { filter, dryRun: true }),
  });
  const apply = useMutation({
    mutationFn: () => postJson<JobAccepted>('/denials/auto-correction/bulk', { filter, dryRun: false }),
    onSuccess: (r) => void navigate(`/jobs/${r.job.id}`),
  });
  const noun = kindNoun(urlFilter.kind);
  const cohort =
    ids.length > 0
      ? `${count(ids.length)} selected ${ids.length === 1 ? noun.one : noun.many}`
      : // The kind as sent: denials unless the worklist named the other kind.
        Object.entries({ ...urlFilter, kind: 'kind' in filter ? filter.kind : 'denial' })
          .map(([k, v]) => `${k} = ${v}`)
          .join(', ');
  return (
    <Page title="Bulk auto-correction">
      <p>
        Cohort: <strong>{empty ? 'none' : cohort}</strong>.{' '}
        <Link to={`/denials?${params.toString()}`}>Back to the worklist</Link>
      </p>
      {empty ? (
        <p>
          Choose a filter or select denials on the worklist first: a bulk run over every denial is not offered
          here.
        </p>
      ) : (
        <>
          <div className="row">
            <button type="button" onClick={() => dry.mutate()} disabled={dry.isPending}>
              {dry.isPending ? 'Running the dry run…' : 'Dry run'}
            </button>
            <ScopedButton
              scope="denials.update"
              blockedBecause={dry.data ? null : 'run the dry run first'}
              onClick={() => apply.mutate()}
              disabled={apply.isPending}
            >
              {dry.data
                ? `Apply to ${count(dry.data.denials)} ${dry.data.denials === 1 ? noun.one : noun.many}`
                : 'Apply'}
            </ScopedButton>
          </div>
          {dry.error && <ErrorState error={dry.error} title="The dry run failed" />}
          {apply.error && <ErrorState error={apply.error} title="The bulk run was not started" />}
          {dry.data && <DryRun r={dry.data} items={noun.many} />}
        </>
      )}
    </Page>
  );
}

function DryRun({ r, items }: { r: BulkDryRun; items: string }) {
  const handlers = Object.entries(r.byHandler);
  const skips = Object.entries(r.bySkipReason);
  return (
    <section className="card" aria-labelledby="dry-h">
      <h2 id="dry-h">Dry run: projected outcomes (nothing written)</h2>
      <dl className="kpis">
        <div>
          <dt>{items.charAt(0).toUpperCase() + items.slice(1)}</dt>
          <dd>{count(r.denials)}</dd>
        </div>
        <div>
          <dt>Would succeed</dt>
          <dd>{count(r.attempts.SUCCESS)}</dd>
        </div>
        <div>
          <dt>Would fail</dt>
          <dd>{count(r.attempts.FAILED)}</dd>
        </div>
        <div>
          <dt>Would skip</dt>
          <dd>{count(r.attempts.SKIPPED)}</dd>
        </div>
        <div>
          <dt>Projected recovery</dt>
          <dd>{money(r.projectedRecovery.cents)}</dd>
        </div>
      </dl>
      <table>
        <caption>Per handler</caption>
        <thead>
          <tr>
            <th scope="col">Handler</th>
            <th scope="col">Success</th>
            <th scope="col">Failed</th>
            <th scope="col">Skipped</th>
          </tr>
        </thead>
        <tbody>
          {handlers.map(([name, t]) => (
            <tr key={name}>
              <th scope="row">
                <Link to={`/handlers/${encodeURIComponent(name)}`}>{name}</Link>
              </th>
              <td className="num">{count(t.SUCCESS)}</td>
              <td className="num">{count(t.FAILED)}</td>
              <td className="num">{count(t.SKIPPED)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {skips.length > 0 && (
        <table>
          <caption>Why handlers would skip</caption>
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Handler runs</th>
            </tr>
          </thead>
          <tbody>
            {skips.map(([reason, n]) => (
              <tr key={reason}>
                <th scope="row">{reason.replaceAll('_', ' ')}</th>
                <td className="num">{count(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
