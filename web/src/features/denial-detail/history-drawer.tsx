import { Link } from 'react-router';
import { Drawer } from '../../components/drawer';
import { instant, money } from '../../components/format';
import { ErrorState, Loading } from '../../components/states';
import { useAutoCorrection, useWork } from './queries';

/** Every correction attempt of the denial, newest first, with who triggered it. */
export function HistoryDrawer({ id, open, onClose }: { id: number; open: boolean; onClose: () => void }) {
  return (
    <Drawer title="Correction history" open={open} onClose={onClose}>
      {open && <Attempts id={id} />}
    </Drawer>
  );
}

function Attempts({ id }: { id: number }) {
  const info = useAutoCorrection(id);
  const work = useWork(id);
  if (info.isPending) return <Loading what="the attempts" />;
  if (info.error) return <ErrorState error={info.error} />;
  const actors = new Map(
    (work.data?.events ?? []).filter((e) => e.correlationId).map((e) => [e.correlationId!, e.actor]),
  );
  const attempts = info.data.history;
  if (attempts.length === 0) return <p>No attempt yet: Apply auto-correction on the Corrections tab.</p>;
  return (
    <ol className="attempts" aria-label="Attempts, newest first">
      {attempts.map((a) => (
        <li key={a.attemptId} className={`attempt s-${a.status}`}>
          <p>
            <span className={`pill s-${a.status}`}>{a.status}</span>{' '}
            <Link to={`/handlers/${encodeURIComponent(a.handlerName)}`}>{a.handlerName}</Link> on {a.carcCode}{' '}
            · {instant(a.finishedAt ?? a.claimedAt)}
          </p>
          <dl className="facts compact">
            {a.strategy && (
              <div>
                <dt>Strategy</dt>
                <dd>{a.strategy}</dd>
              </div>
            )}
            {a.failureReason && (
              <div>
                <dt>Failure reason</dt>
                <dd>{a.failureReason}</dd>
              </div>
            )}
            {a.rebilledClaimId !== null && (
              <div>
                <dt>Rebilled claim</dt>
                <dd>#{a.rebilledClaimId}</dd>
              </div>
            )}
            {a.recoveredAmount.cents > 0 && (
              <div>
                <dt>Recovered</dt>
                <dd>{money(a.recoveredAmount.cents)}</dd>
              </div>
            )}
            <div>
              <dt>Triggered by</dt>
              <dd>
                {actors.get(a.correlationId) ??
                  (work.isFetching || !work.data ? 'looking it up…' : 'the engine (batch or ingest)')}
              </dd>
            </div>
            <div>
              <dt>Correlation id</dt>
              <dd>
                <code>{a.correlationId}</code>
              </dd>
            </div>
          </dl>
          <details>
            <summary>Handler details (JSON)</summary>
            <pre>{JSON.stringify(a.details, null, 2)}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}
