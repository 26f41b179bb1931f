import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { getJson, query } from '../../api/client';
import type { StatsResponse } from '../../api/types';
import { useSession } from '../../app/session';
import { Chart } from '../../components/chart/chart';
import { count, daysAgo, money, percent } from '../../components/format';
import { Page } from '../../components/page';
import { Empty, ErrorState, Loading } from '../../components/states';

/** Realised / at stake; nothing at stake is not 0 %. */
const share = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : percent(rate);

/** Seed 004's three usual causes of a code whose corrections keep failing. */
const LOW_RATE_CAUSES = [
  'a stale handler: the payer changed how it codes the denial reason;',
  'an upstream configuration gap: no modifier injection rule for a new procedure code;',
  'a payer-side adjudication change that needs a new handler.',
];

function useStats(since: string, until: string) {
  return useQuery({
    queryKey: ['stats', since, until],
    queryFn: ({ signal }) =>
      getJson<StatsResponse>(`/denials/auto-correction/stats${query({ since, until })}`, { signal }),
  });
}

/** The auto-correction success rate per CARC over a date window (default: the last 30 days). */
export function DashboardPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const until = params.get('until') ?? daysAgo(0);
  const since = params.get('since') ?? daysAgo(29);
  const stats = useStats(since, until);
  // The < 50 % flag is defined over the last 30 days, whatever window is on screen.
  const last30 = useStats(daysAgo(29), daysAgo(0));
  const [draft, setDraft] = useState({ since, until });
  if (!can('reports.read.operational'))
    return (
      <Page title="Auto-correction success rate">
        <p>This dashboard needs reports.read.operational; your token does not carry it.</p>
      </Page>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams({ since: draft.since, until: draft.until });
  };
  const flagged = new Set(
    (last30.data?.data ?? []).filter((r) => r.successRate < 0.5).map((r) => r.carcCode),
  );
  return (
    <Page title="Auto-correction success rate">
      <form className="filters" onSubmit={submit} aria-label="Date window">
        <label>
          Since
          <input
            type="date"
            value={draft.since}
            onChange={(e) => setDraft({ ...draft, since: e.target.value })}
            required
          />
        </label>
        <label>
          Until
          <input
            type="date"
            value={draft.until}
            onChange={(e) => setDraft({ ...draft, until: e.target.value })}
            required
          />
        </label>
        <div className="filter-actions">
          <button type="submit">Show</button>
        </div>
      </form>
      {stats.isPending ? (
        <Loading what="the success rate" />
      ) : stats.error ? (
        <ErrorState error={stats.error} title="The success rate could not be loaded" />
      ) : (
        <Body r={stats.data} flagged={flagged} since={since} until={until} />
      )}
    </Page>
  );
}

function Body({
  r,
  flagged,
  since,
  until,
}: {
  r: StatsResponse;
  flagged: ReadonlySet<string>;
  since: string;
  until: string;
}) {
  const rows = r.data;
  // Money comes only with reports.read.financial: the API leaves it out otherwise.
  const financial = r.meta.totalRecoveredAmount !== undefined;
  return (
    <>
      <dl className="kpis" aria-label="Totals for the window">
        <div>
          <dt>Overall</dt>
          <dd data-kpi="overall">{percent(r.meta.overallSuccessRate)}</dd>
        </div>
        {r.meta.totalRecoveredAmount && (
          <div>
            <dt>Recovered</dt>
            <dd data-kpi="recovered">{money(r.meta.totalRecoveredAmount.cents)}</dd>
          </div>
        )}
        <div>
          <dt>Attempts</dt>
          <dd data-kpi="attempts">{count(r.meta.totalAttempts)}</dd>
        </div>
      </dl>
      {financial && (
        <section className="card" aria-labelledby="realised-h">
          <h2 id="realised-h">Realised recovery</h2>
          <p>
            What the payers’ later 835s paid for the succeeded rebills and appeals (net of reversals and
            offsets), against the denied amount those corrections put back in play.
          </p>
          <dl className="kpis" aria-label="Realised recovery for the window">
            <div>
              <dt>Realised</dt>
              <dd data-kpi="realised">{money(r.meta.totalRealisedAmount?.cents ?? 0)}</dd>
            </div>
            <div>
              <dt>At stake</dt>
              <dd data-kpi="at-stake">{money(r.meta.totalAtStakeAmount?.cents ?? 0)}</dd>
            </div>
            <div>
              <dt>Realised share</dt>
              <dd data-kpi="realised-share">{share(r.meta.overallRealisedShare)}</dd>
            </div>
            <div>
              <dt>Denied again</dt>
              <dd data-kpi="denied-again">{count(r.meta.totalDeniedAgain ?? 0)}</dd>
            </div>
          </dl>
        </section>
      )}
      {rows.length === 0 ? (
        <Empty>
          <h2>
            No attempts between {since} and {until}
          </h2>
          <p>Widen the window, or run the engine (reclaim correct, or Apply on a denial).</p>
        </Empty>
      ) : (
        <>
          <Chart
            title={`Attempts per code, ${since} to ${until}`}
            x={{ kind: 'band', keys: rows.map((x) => x.carcCode) }}
            mark="stacked-bars"
            format={(n) => count(Math.round(n))}
            flagged={flagged}
            series={[
              { name: 'SUCCESS', tone: 'success', values: rows.map((x) => x.successes) },
              { name: 'FAILED', tone: 'failed', values: rows.map((x) => x.failures) },
              { name: 'SKIPPED', tone: 'skipped', values: rows.map((x) => x.skipped) },
            ]}
          />
          <div className="table-wrap">
            <table className="stats">
              <caption>Per code</caption>
              <thead>
                <tr>
                  <th scope="col">CARC</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Successes</th>
                  <th scope="col">Failures</th>
                  <th scope="col">Skipped</th>
                  <th scope="col">Success rate</th>
                  {financial && (
                    <>
                      <th scope="col">Recovered</th>
                      <th scope="col">Realised</th>
                      <th scope="col">At stake</th>
                      <th scope="col">Realised share</th>
                      <th scope="col">Denied again</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {rows.map((x) => (
                  <tr key={x.carcCode} className={flagged.has(x.carcCode) ? 'flagged' : undefined}>
                    <th scope="row">
                      <Link to={`/denials?carc=${encodeURIComponent(x.carcCode)}`}>{x.carcCode}</Link>
                      {flagged.has(x.carcCode) && <span className="flag-text"> under 50 % (30 days)</span>}
                    </th>
                    <td className="num">{count(x.attempts)}</td>
                    <td className="num">{count(x.successes)}</td>
                    <td className="num">{count(x.failures)}</td>
                    <td className="num">{count(x.skipped)}</td>
                    <td className="num">{percent(x.successRate)}</td>
                    {financial && (
                      <>
                        <td className="num">{money(x.recoveredAmount?.cents ?? 0)}</td>
                        <td className="num">{money(x.realisedAmount?.cents ?? 0)}</td>
                        <td className="num">{money(x.atStakeAmount?.cents ?? 0)}</td>
                        <td className="num">{share(x.realisedShare)}</td>
                        <td className="num">{count(x.deniedAgain ?? 0)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {flagged.size > 0 && (
        <section className="notice n-failed" aria-labelledby="low-h">
          <h2 id="low-h">Codes under 50 % over the last 30 days: {[...flagged].join(', ')}</h2>
          <p>A code that keeps failing usually points to one of:</p>
          <ul>
            {LOW_RATE_CAUSES.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <p>Open the code’s handler page to see what it needs before changing any configuration.</p>
        </section>
      )}
    </>
  );
}
