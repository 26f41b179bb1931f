import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AttemptView, DenialDetail } from '../../api/types';
import { instant } from '../../components/format';
import { ScopedButton } from '../../components/scoped-button';
import { ErrorState, Loading } from '../../components/states';
import { explainError, explainOutcome, type Explanation } from './explain';
import { PreviewDiff } from './preview-diff';
import { downloadCorrected837, useAutoCorrection, useExecute } from './queries';

/** The Corrections tab: the engine panel, the prior-attempt banner, preview, apply / re-run. */
export function CorrectionsTab({ d, onOpenHistory }: { d: DenialDetail; onOpenHistory: () => void }) {
  const info = useAutoCorrection(d.id);
  const execute = useExecute(d.id);
  const [force, setForce] = useState(false);
  const [params, setParams] = useSearchParams();
  const forceId = useId();
  const previewOpen = params.get('preview') === '1';
  if (info.isPending) return <Loading what="the correction handlers" />;
  if (info.error)
    return <ErrorState error={info.error} title="The correction handlers could not be loaded" />;
  const { handlers, priorAttempt, history } = info.data;
  const corrected = history.find((a) => a.status === 'SUCCESS' && a.rebilledClaimId !== null);
  const explanations: Explanation[] = execute.error
    ? [explainError(execute.error)]
    : (execute.data?.outcomes.map(explainOutcome) ?? []);
  const noHandler = handlers.length === 0 ? `no registered handler covers ${d.carcCodes.join(', ')}` : null;
  const togglePreview = () => {
    const p = new URLSearchParams(params);
    if (previewOpen) p.delete('preview');
    else p.set('preview', '1');
    setParams(p, { replace: true });
  };

  return (
    <div className="stack">
      <section className="card" aria-labelledby="engine-h">
        <h2 id="engine-h">Auto-Correction Engine</h2>
        {handlers.length === 0 ? (
          <p>
            No registered handler matches {d.carcCodes.join(', ')}. Write the denial off or appeal it by hand,
            or a new handler is needed.
          </p>
        ) : (
          <ul className="pills" aria-label="Matching handlers">
            {handlers.map((h) => (
              <li key={h.name}>
                <Link className="pill handler" to={`/handlers/${encodeURIComponent(h.name)}`}>
                  {h.name} <span className="muted">· {h.carcs.join(', ')}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {priorAttempt && (
          <PriorAttemptBanner
            a={priorAttempt}
            id={d.id}
            name={d.patientControlNumber}
            onOpenHistory={onOpenHistory}
          />
        )}
        <div className="row">
          <button
            type="button"
            onClick={togglePreview}
            aria-expanded={previewOpen}
            disabled={noHandler !== null}
          >
            {previewOpen ? 'Hide preview' : 'Preview'}
          </button>
          {priorAttempt ? (
            <>
              <ScopedButton
                scope="denials.update"
                blockedBecause={noHandler}
                onClick={() => execute.mutate(force)}
                disabled={execute.isPending}
              >
                {execute.isPending ? 'Running…' : 'Re-run'}
              </ScopedButton>
              <span className="check">
                <input
                  id={forceId}
                  type="checkbox"
                  checked={force}
                  onChange={(e) => setForce(e.target.checked)}
                />
                <label htmlFor={forceId}>Force retry</label>
              </span>
            </>
          ) : (
            <ScopedButton
              scope="denials.update"
              blockedBecause={noHandler}
              onClick={() => execute.mutate(false)}
              disabled={execute.isPending}
            >
              {execute.isPending ? 'Running…' : 'Apply auto-correction'}
            </ScopedButton>
          )}
          <button type="button" onClick={onOpenHistory}>
            History ({history.length})
          </button>
          {corrected && (
            <button type="button" onClick={() => void downloadCorrected837(d.id, d.patientControlNumber)}>
              Download corrected 837
            </button>
          )}
        </div>
        <div aria-live="polite">
          {explanations.map((e, i) => (
            <div key={i} className={`notice n-${e.tone}`} role={e.tone === 'error' ? 'alert' : undefined}>
              <p>
                <strong>{e.title}</strong>
              </p>
              <p>{e.fix}</p>
            </div>
          ))}
        </div>
      </section>
      {previewOpen && <PreviewDiff id={d.id} />}
    </div>
  );
}

function PriorAttemptBanner({
  a,
  id,
  name,
  onOpenHistory,
}: {
  a: AttemptView;
  id: number;
  name: string;
  onOpenHistory: () => void;
}) {
  return (
    <div className={`banner s-${a.status}`} role="status">
      <p>
        Last attempt: <strong className={`pill s-${a.status}`}>{a.status}</strong> by{' '}
        <Link to={`/handlers/${encodeURIComponent(a.handlerName)}`}>{a.handlerName}</Link> at{' '}
        {instant(a.finishedAt ?? a.claimedAt)}
        {a.rebilledClaimId !== null && (
          <>
            {' '}
            · rebilled claim{' '}
            <a
              href={`/denials/${id}/corrected-claim.837`}
              onClick={(e) => {
                e.preventDefault();
                void downloadCorrected837(id, name);
              }}
            >
              #{a.rebilledClaimId} (837)
            </a>
          </>
        )}
        {a.failureReason && <> · {a.failureReason}</>}{' '}
        <button type="button" className="link" onClick={onOpenHistory}>
          See every attempt
        </button>
      </p>
    </div>
  );
}
