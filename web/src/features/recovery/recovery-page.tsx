import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { downloadAs, getJson, query } from '../../api/client';
import type { RecoveryBrief } from '../../api/types';
import { useSession } from '../../app/session';
import { Chart } from '../../components/chart/chart';
import { count, money, percent } from '../../components/format';
import { Page } from '../../components/page';
import { ScopedButton } from '../../components/scoped-button';
import { ErrorState, Loading } from '../../components/states';
import { StabilityCard } from './stability-card';
import { WorkqueueTable } from './workqueue-table';

/** The weekly recovery prioritisation (seed 000): where to focus, why, and who works what. */
export function RecoveryPage() {
  const { can } = useSession();
  const [params] = useSearchParams();
  const week = params.get('week') ?? undefined;
  const size = params.get('workqueueSize') ?? undefined;
  const brief = useQuery({
    queryKey: ['recovery-brief', week, size],
    queryFn: ({ signal }) =>
      getJson<RecoveryBrief>(`/reports/recovery/brief${query({ week, workqueueSize: size })}`, { signal }),
    enabled: can('reports.read.operational'),
  });
  if (!can('reports.read.operational'))
    return (
      <Page title="Weekly recovery">
        <p>This page needs reports.read.operational; your token does not carry it.</p>
      </Page>
    );
  if (brief.isPending) return <Loading what="the weekly recovery brief" />;
  if (brief.error)
    return <ErrorState error={brief.error} title="The weekly recovery brief could not be loaded" />;
  const b = brief.data;
  const financial = b.summary.some((s) => s.deniedAmount !== undefined) || b.openRows === 0;
  const q = query({ week: b.week, workqueueSize: b.workqueueSize });
  return (
    <Page title={`Weekly recovery · ${b.week}`}>
      <pre className="run-header" aria-label="Run parameters">
        {`ANCHOR_MODE=${b.anchorMode}\nCURRENT_DATASET_WEEK_KEY=${b.week}\nPRIOR_DATASET_WEEK_KEY=${b.priorWeek ?? '—'}\nWORKQUEUE_SIZE=${b.workqueueSize}`}
      </pre>
      <section className="card" aria-labelledby="focus-h">
        <h2 id="focus-h">Focus this week: {b.stability.top2Current.join(' and ') || 'nothing open'}</h2>
        <p>{b.decision}</p>
        <p className="muted">{b.falsification}</p>
      </section>
      <section aria-labelledby="summary-h">
        <h2 id="summary-h">Summary by bucket ({count(b.openRows)} open denials)</h2>
        <Chart
          title="Priority score by bucket (share of the week's weighted recoverable exposure)"
          x={{ kind: 'band', keys: b.summary.map((s) => s.bucket) }}
          mark="bars"
          format={percent}
          series={[
            { name: 'Priority score', tone: 'primary', values: b.summary.map((s) => s.priorityScore) },
          ]}
        />
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Bucket</th>
                <th scope="col">Denials</th>
                <th scope="col">Mean p(denial)</th>
                <th scope="col">Priority score</th>
                <th scope="col">Top PRCSG</th>
                <th scope="col">Owner group</th>
                <th scope="col">Next best action</th>
                {financial && <th scope="col">Denied (proxy)</th>}
              </tr>
            </thead>
            <tbody>
              {b.summary.map((s) => (
                <tr key={s.bucket}>
                  <td className="num">{s.rank}</td>
                  <th scope="row">{s.bucket}</th>
                  <td className="num">{count(s.rows)}</td>
                  <td className="num">{percent(s.meanPDenial)}</td>
                  <td className="num">{percent(s.priorityScore)}</td>
                  <td>{s.topPrcsg}</td>
                  <td>{s.ownerGroup}</td>
                  <td>{s.nextBestAction}</td>
                  {financial && <td className="num">{s.deniedAmount ? money(s.deniedAmount.cents) : '—'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="bands-h">
        <h2 id="bands-h">Aging bands</h2>
        <Chart
          title="Share of the denied amount by aging band (near-term ≤30 and 31–60, decaying >90)"
          x={{ kind: 'band', keys: b.agingBands.map((a) => a.band) }}
          mark="bars"
          format={percent}
          series={[
            { name: 'Share of denied', tone: 'secondary', values: b.agingBands.map((a) => a.shareOfDenied) },
          ]}
        />
      </section>
      <StabilityCard s={b.stability} priorWeek={b.priorWeek} />
      <WorkqueueTable items={b.workqueue} financial={financial} />
      <section className="card" aria-labelledby="guard-h">
        <h2 id="guard-h">Guardrails: what not to claim</h2>
        <ul>
          {b.guardrails.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="dl-h">
        <h2 id="dl-h">Downloads</h2>
        <div className="row">
          {b.files.map((f) => (
            <ScopedButton
              key={f}
              scope="reports.read.financial"
              onClick={() => void downloadAs(`/reports/recovery/files/${f}${q}`, f)}
            >
              {f}
            </ScopedButton>
          ))}
        </div>
      </section>
    </Page>
  );
}
