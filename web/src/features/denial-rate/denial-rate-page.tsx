import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { getJson, query } from '../../api/client';
import type { DenialRateReport } from '../../api/types';
import { useSession } from '../../app/session';
import { Chart } from '../../components/chart/chart';
import { count, percent } from '../../components/format';
import { Page } from '../../components/page';
import { Empty, ErrorState, Loading } from '../../components/states';
import { ReferenceMatchSection } from './reference-match';

/** The locked, line-based denial-rate KPI per complete, mature week. */
export function DenialRatePage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const source = params.get('source') === 'carrier' ? 'carrier' : 'remit_835';
  const asOf = params.get('asOf') ?? undefined;
  const report = useQuery({
    queryKey: ['denial-rate', source, asOf],
    queryFn: ({ signal }) =>
      getJson<DenialRateReport>(`/reports/denial-rate${query({ source, asOf })}`, { signal }),
    enabled: can('reports.read.operational'),
  });
  if (!can('reports.read.operational'))
    return (
      <Page title="Denial rate">
        <p>This page needs reports.read.operational; your token does not carry it.</p>
      </Page>
    );
  return (
    <Page title="Denial rate">
      <form className="filters" aria-label="Source">
        <label>
          Lines from
          <select
            value={source}
            onChange={(e) => {
              const p = new URLSearchParams(params);
              p.set('source', e.target.value);
              setParams(p);
            }}
          >
            <option value="remit_835">ingested 835 remittances</option>
            <option value="carrier">carrier claim-line files</option>
          </select>
        </label>
        <label>
          As of
          <input
            type="date"
            defaultValue={asOf ?? ''}
            key={asOf ?? ''}
            onBlur={(e) => {
              const p = new URLSearchParams(params);
              if (e.target.value) p.set('asOf', e.target.value);
              else p.delete('asOf');
              if (p.toString() !== params.toString()) setParams(p);
            }}
          />
        </label>
      </form>
      {report.isPending ? (
        <Loading what="the denial rate" />
      ) : report.error ? (
        <ErrorState error={report.error} title="The denial rate could not be loaded" />
      ) : report.data.weeks.length === 0 ? (
        <Empty>
          <h2>No mature weeks as of {report.data.asOf}</h2>
          <p>
            Lines count once their service date is on or before {report.data.maturityCutoff}. Ingest older
            remittances or carrier files.
          </p>
        </Empty>
      ) : (
        <Body r={report.data} source={source} />
      )}
    </Page>
  );
}

function Body({ r, source }: { r: DenialRateReport; source: 'carrier' | 'remit_835' }) {
  const keys = r.weeks.map((w) => w.weekStart.slice(0, 10));
  const leaks = r.leakage.filter((l) => l.count !== 0);
  return (
    <>
      <dl className="kpis">
        <div>
          <dt>Denial rate (all weeks)</dt>
          <dd>{r.overall.denialRate === null ? '—' : percent(r.overall.denialRate)}</dd>
        </div>
        <div>
          <dt>Denied lines</dt>
          <dd>{count(r.overall.denialLines)}</dd>
        </div>
        <div>
          <dt>Comparable lines</dt>
          <dd>{count(r.overall.comparableLines)}</dd>
        </div>
        <div>
          <dt>As of / mature through</dt>
          <dd>
            {r.asOf} / {r.maturityCutoff}
          </dd>
        </div>
      </dl>
      <Chart
        title="Weekly denial rate (a week without comparable lines is a gap)"
        x={{ kind: 'time', keys, stepDays: 7 }}
        mark="lines"
        format={(n) => percent(n)}
        series={[{ name: 'Denial rate', tone: 'primary', values: r.weeks.map((w) => w.denialRate) }]}
      />
      <Chart
        title="Unknown processing-indicator share by week (excluded from the rate, tracked)"
        x={{ kind: 'time', keys, stepDays: 7 }}
        mark="lines"
        format={(n) => percent(n)}
        series={[
          { name: 'Unknown PRCSG share', tone: 'secondary', values: r.weeks.map((w) => w.unknownPrcsgShare) },
        ]}
      />
      <section aria-labelledby="leak-h">
        <h2 id="leak-h">
          Leakage proof {leaks.length === 0 ? '(all 0: no excluded line reached the rate)' : '(FAILED)'}
        </h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {r.leakage.map((l) => (
              <tr key={l.check} className={l.count !== 0 ? 'flagged' : undefined}>
                <th scope="row">
                  <code>{l.check}</code>
                </th>
                <td className="num">{count(l.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="weeks-h">
        <h2 id="weeks-h">Weeks</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">Lines</th>
                <th scope="col">Comparable</th>
                <th scope="col">Denied</th>
                <th scope="col">Rate</th>
                <th scope="col">MSP/COB excluded</th>
                <th scope="col">Admin (M, R) excluded</th>
                <th scope="col">Benefits exhausted (B) excluded</th>
                <th scope="col">Unknown share</th>
              </tr>
            </thead>
            <tbody>
              {r.weeks.map((w) => (
                <tr key={w.weekStart}>
                  <th scope="row">{w.weekStart.slice(0, 10)}</th>
                  <td className="num">{count(w.lines)}</td>
                  <td className="num">{count(w.comparableLines)}</td>
                  <td className="num">{count(w.denialLines)}</td>
                  <td className="num">{w.denialRate === null ? '—' : percent(w.denialRate)}</td>
                  <td className="num">{count(w.mspCobLines)}</td>
                  <td className="num">{count(w.adminLines)}</td>
                  <td className="num">{count(w.benefitsExhaustedLines)}</td>
                  <td className="num">{percent(w.unknownPrcsgShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <p className="muted">
        Definition (locked): denied lines (processing indicator C, D, I, L, N, O, P, Z) over comparable lines
        (A and the same codes); MSP/COB, administrative (M, R), benefits exhausted (B) and unknown indicators
        excluded; complete weeks whose service dates are at least 60 days old.
      </p>
      <ReferenceMatchSection source={source} asOf={r.asOf} />
    </>
  );
}
