import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { getJson, query } from '../../api/client';
import type { RecoveryReport } from '../../api/types';
import { useSession } from '../../app/session';
import { Chart } from '../../components/chart/chart';
import { count, money, percent } from '../../components/format';
import { Page } from '../../components/page';
import { Empty, ErrorState, Loading } from '../../components/states';

/** The weekly recovery prioritisation: where the open denials are and what to work first. */
export function RecoveryPage() {
  const { can } = useSession();
  const [params] = useSearchParams();
  const week = params.get('week') ?? undefined;
  const report = useQuery({
    queryKey: ['recovery', week],
    queryFn: ({ signal }) => getJson<RecoveryReport>(`/reports/recovery${query({ week })}`, { signal }),
    enabled: can('reports.read.operational'),
  });
  if (!can('reports.read.operational'))
    return (
      <Page title="Weekly recovery">
        <p>This page needs reports.read.operational; your token does not carry it.</p>
      </Page>
    );
  if (report.isPending) return <Loading what="the weekly recovery report" />;
  if (report.error)
    return <ErrorState error={report.error} title="The weekly recovery report could not be loaded" />;
  const r = report.data;
  if (r.openDenials === 0)
    return (
      <Page title={`Weekly recovery · ${r.week}`}>
        <Empty>
          <h2>No open denials in {r.week}</h2>
          <p>Ingest remittances, or pick another week.</p>
        </Empty>
      </Page>
    );
  const financial = r.openAmount !== undefined;
  return (
    <Page title={`Weekly recovery · ${r.week}`}>
      <dl className="kpis">
        <div>
          <dt>Open denials</dt>
          <dd>{count(r.openDenials)}</dd>
        </div>
        <div>
          <dt>Prior week</dt>
          <dd>{r.priorWeekOpenDenials === null ? '—' : count(r.priorWeekOpenDenials)}</dd>
        </div>
        {r.openAmount && (
          <div>
            <dt>Denied amount (proxy)</dt>
            <dd>{money(r.openAmount.cents)}</dd>
          </div>
        )}
      </dl>
      <Chart
        title={financial ? 'Denied amount by denial group' : 'Open denials by denial group'}
        x={{ kind: 'band', keys: r.byGroup.map((g) => g.group) }}
        mark="bars"
        format={financial ? (n) => money(n) : (n) => count(Math.round(n))}
        series={[
          {
            name: financial ? 'Denied amount' : 'Denials',
            tone: 'primary',
            values: r.byGroup.map((g) => (financial ? (g.amount?.cents ?? 0) : g.count)),
          },
        ]}
      />
      <section aria-labelledby="wq-h">
        <h2 id="wq-h">Workqueue</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Aging (days)</th>
                {financial && <th scope="col">Denied</th>}
                <th scope="col">Group</th>
                <th scope="col">Next best action</th>
                <th scope="col">p(denial)</th>
                {financial && <th scope="col">Priority</th>}
              </tr>
            </thead>
            <tbody>
              {r.workqueue.map((w) => (
                <tr key={w.denialRef}>
                  <th scope="row">{w.denialRef}</th>
                  <td className="num">{w.agingDays}</td>
                  {financial && <td className="num">{w.deniedAmount ? money(w.deniedAmount.cents) : '—'}</td>}
                  <td>{w.group}</td>
                  <td>{w.nextBestAction}</td>
                  <td className="num">{percent(w.pDenial)}</td>
                  {financial && (
                    <td className="num">{w.priority === undefined ? '—' : w.priority.toFixed(2)}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <p className="muted">
        Directional triage, not a recovery forecast: amounts are proxies, payer-level outcomes are not
        claimed.
      </p>
    </Page>
  );
}
