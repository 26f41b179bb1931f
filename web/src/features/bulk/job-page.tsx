import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { getJson } from '../../api/client';
import type { Job } from '../../api/types';
import { count, instant } from '../../components/format';
import { Page } from '../../components/page';
import { ErrorState, Loading } from '../../components/states';
import { kindNoun } from '../../lib/denial-filter';

const finished = (j: Job | undefined) => j?.status === 'done' || j?.status === 'failed';

/** How often a running job is asked for its progress. */
const POLL_MS = 500;

/** One row per failed item (an item with several handlers can fail more than once). */
function failedDenials(j: Job): { denialId: number; account: string | null; reasons: string[] }[] {
  const byDenial = new Map<number, { account: string | null; reasons: Set<string> }>();
  for (const f of j.failures) {
    const d = byDenial.get(f.denialId) ?? { account: f.account, reasons: new Set<string>() };
    d.reasons.add(f.reason);
    byDenial.set(f.denialId, d);
  }
  return [...byDenial].map(([denialId, d]) => ({ denialId, account: d.account, reasons: [...d.reasons] }));
}

/** A bulk job: live progress while it runs, then its counts and links to each failure. */
export function JobPage() {
  const id = useParams().id ?? '';
  const job = useQuery({
    queryKey: ['job', id],
    queryFn: ({ signal }) => getJson<Job>(`/jobs/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (q) => (finished(q.state.data) ? false : POLL_MS),
  });
  if (job.isPending) return <Loading what="the job" />;
  if (job.error) return <ErrorState error={job.error} title="The job could not be loaded" />;
  const j = job.data;
  const pct = j.total === 0 ? 100 : Math.floor((j.done / j.total) * 100);
  const failed = finished(j) ? failedDenials(j) : [];
  // What the job works, as its items are called everywhere else: denials, patient-liability items.
  const noun = kindNoun(j.itemKind);
  return (
    <Page title={`Bulk job: ${j.status}`}>
      <p>
        Started {instant(j.createdAt)}
        {j.finishedAt ? <>, finished {instant(j.finishedAt)}</> : <>; this page updates by itself</>}.
      </p>
      <label className="progress">
        Progress: {count(j.done)} of {count(j.total)} {j.total === 1 ? noun.one : noun.many} ({pct} %)
        <progress max={Math.max(1, j.total)} value={j.done} />
      </label>
      <dl className="kpis" aria-label="Outcomes so far" aria-live="polite">
        {Object.entries(j.counts).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd data-count={k}>{count(v)}</dd>
          </div>
        ))}
      </dl>
      {finished(j) && (
        <section aria-labelledby="fail-h">
          <h2 id="fail-h">
            Failures: {count(failed.length)} {failed.length === 1 ? noun.one : noun.many}
          </h2>
          {failed.length === 0 ? (
            <p>None.</p>
          ) : (
            <>
              <p>
                A failed attempt holds no slot: fix the cause, then run the {noun.one} again (its History
                shows the reason).
              </p>
              <div className="table-wrap">
                <table className="failures">
                  <caption>Failed {noun.many}, with the reason the engine gave</caption>
                  <thead>
                    <tr>
                      <th scope="col">Account</th>
                      <th scope="col">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {failed.map((f) => (
                      <tr key={f.denialId}>
                        <th scope="row">
                          <Link to={`/denials/${f.denialId}?tab=corrections&drawer=history`}>
                            {f.account ?? `Denial ${f.denialId}`}
                          </Link>
                        </th>
                        <td>{f.reasons.join('; ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <p>
            <Link to="/denials">Back to the worklist</Link> · <Link to="/dashboard">Success rate</Link>
          </p>
        </section>
      )}
    </Page>
  );
}
