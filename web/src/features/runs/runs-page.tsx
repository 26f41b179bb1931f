import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { getJson, query } from '../../api/client';
import type { RunDetail, RunList } from '../../api/types';
import { useSession } from '../../app/session';
import { count, instant } from '../../components/format';
import { Page } from '../../components/page';
import { Empty, ErrorState, Loading } from '../../components/states';

const LIMIT = 50;

/** Batch runs, newest first. */
export function RunsPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get('offset') ?? 0) || 0;
  const runs = useQuery({
    queryKey: ['runs', offset],
    queryFn: ({ signal }) => getJson<RunList>(`/runs${query({ limit: LIMIT, offset })}`, { signal }),
    enabled: can('reports.read.operational'),
  });
  if (!can('reports.read.operational'))
    return (
      <Page title="Runs">
        <p>This page needs reports.read.operational; your token does not carry it.</p>
      </Page>
    );
  if (runs.isPending) return <Loading what="runs" />;
  if (runs.error) return <ErrorState error={runs.error} title="The runs could not be loaded" />;
  const r = runs.data;
  return (
    <Page title="Runs">
      {r.total === 0 ? (
        <Empty>
          <h2>No batch runs yet</h2>
          <p>Run one with reclaim run (npm start runs one on the demo data).</p>
        </Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Batch runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">As of</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                  <th scope="col">Finished</th>
                  <th scope="col">Records</th>
                  <th scope="col">Resubmission candidates</th>
                </tr>
              </thead>
              <tbody>
                {r.items.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">
                      <Link to={`/runs/${x.id}`}>{x.id.slice(0, 8)}</Link>
                    </th>
                    <td>{x.asOf}</td>
                    <td>{x.status}</td>
                    <td>{instant(x.startedAt)}</td>
                    <td>{instant(x.finishedAt)}</td>
                    <td className="num">{x.records === null ? '—' : count(x.records)}</td>
                    <td className="num">{x.candidates === null ? '—' : count(x.candidates)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setParams({ offset: String(Math.max(0, offset - LIMIT)) })}
            >
              Newer runs
            </button>
            <span>
              {count(offset + 1)}–{count(offset + r.items.length)} of {count(r.total)}
            </span>
            <button
              type="button"
              disabled={offset + LIMIT >= r.total}
              onClick={() => setParams({ offset: String(offset + LIMIT) })}
            >
              Older runs
            </button>
          </nav>
        </>
      )}
    </Page>
  );
}

function Counts({ title, values }: { title: string; values: Record<string, number> }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <table>
      <caption>{title}</caption>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td className="num">{count(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One batch run with the metrics it wrote. */
export function RunPage() {
  const id = useParams().id ?? '';
  const run = useQuery({
    queryKey: ['run', id],
    queryFn: ({ signal }) => getJson<RunDetail>(`/runs/${encodeURIComponent(id)}`, { signal }),
  });
  if (run.isPending) return <Loading what="the run" />;
  if (run.error) return <ErrorState error={run.error} title="The run could not be loaded" />;
  const r = run.data;
  return (
    <Page title={`Run ${r.id.slice(0, 8)} (${r.status})`}>
      <p>
        As of {r.asOf}; started {instant(r.startedAt)}, finished {instant(r.finishedAt)}.{' '}
        <Link to="/runs">All runs</Link>
      </p>
      {r.error && <p role="alert">Failed: {r.error}</p>}
      <div className="grid">
        <Counts title="Outcomes" values={r.outcomes} />
        <Counts title="By label" values={r.byLabel} />
        <Counts title="By classification source" values={r.byClassificationSource} />
        <Counts title="Quarantine reasons" values={r.quarantineReasons} />
      </div>
    </Page>
  );
}
