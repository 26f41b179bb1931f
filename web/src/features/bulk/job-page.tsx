import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { getJson } from '../../api/client';
import type { Job } from '../../api/types';
import { count, instant } from '../../components/format';
import { Page } from '../../components/page';
import { ErrorState, Loading } from '../../components/states';

const finished = (j: Job | undefined) => j?.status === 'done' || j?.status === 'failed';

/** A bulk job: live progress while it runs, then its counts and links to each failure. */
export function JobPage() {
  const id = useParams().id ?? '';
  const job = useQuery({
    queryKey: ['job', id],
    queryFn: ({ signal }) => getJson<Job>(`/jobs/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (q) => (finished(q.state.data) ? false : 500),
  });
  if (job.isPending) return <Loading what="the job" />;
  if (job.error) return <ErrorState error={job.error} title="The job could not be loaded" />;
  const j = job.data;
  const pct = j.total === 0 ? 100 : Math.round((j.done / j.total) * 100);
  return (
    <Page title={`Bulk job: ${j.status}`}>
      <p>
        Started {instant(j.createdAt)}
        {j.finishedAt && <>, finished {instant(j.finishedAt)}</>}.
      </p>
      <label className="progress">
        Progress: {count(j.done)} of {count(j.total)} denials ({pct} %)
        <progress max={Math.max(1, j.total)} value={j.done} />
      </label>
      <dl className="kpis" aria-live="polite">
        {Object.entries(j.counts).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{count(v)}</dd>
          </div>
        ))}
      </dl>
      {finished(j) && (
        <section aria-labelledby="fail-h">
          <h2 id="fail-h">Failures ({count(j.failures.length)})</h2>
          {j.failures.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul>
              {j.failures.map((f) => (
                <li key={f.denialId}>
                  <Link to={`/denials/${f.denialId}?tab=corrections&drawer=history`}>
                    Denial {f.denialId}
                  </Link>
                  : {f.reason}
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/denials">Back to the worklist</Link> · <Link to="/dashboard">Success rate</Link>
          </p>
        </section>
      )}
    </Page>
  );
}
