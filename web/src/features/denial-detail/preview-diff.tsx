import { ErrorState, Loading } from '../../components/states';
import { usePreview } from './queries';

const FIELD_NAMES: Record<string, string> = {
  'CLM05-3': 'Claim frequency (CLM05-3)',
  'REF*F8': 'Original claim reference (REF*F8)',
  'REF*G1': 'Prior authorization (REF*G1)',
};

/** What a run would do now: each handler's decision and the corrected claim, line by line. */
export function PreviewDiff({ id }: { id: number }) {
  const preview = usePreview(id, true);
  if (preview.isPending) return <Loading what="the preview" />;
  if (preview.error) return <ErrorState error={preview.error} title="No preview" />;
  const p = preview.data;
  const cc = p.correctedClaim;
  return (
    <section className="card" aria-labelledby="preview-h">
      <h2 id="preview-h">Preview (nothing is written)</h2>
      <ul>
        {p.handlers.map((h) => (
          <li key={h.handlerName}>
            <strong>{h.handlerName}</strong> ({h.carcCode}): would {h.action.replaceAll('_', ' ')}
            {h.strategy && <> via {h.strategy}</>}
            {h.reason && <> — {h.reason.replaceAll('_', ' ')}</>}
            {h.priorAttempt && <> (an earlier {h.priorAttempt.status} attempt holds it)</>}
          </li>
        ))}
      </ul>
      {cc ? (
        <>
          <table>
            <caption>Claim fields</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(cc.diff.fields).map(([k, [before, after]]) => (
                <tr key={k}>
                  <th scope="row">{FIELD_NAMES[k] ?? k}</th>
                  <td>
                    <del>{before ?? '—'}</del>
                  </td>
                  <td>
                    <ins>{after ?? '—'}</ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Service lines</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Procedure</th>
                <th scope="col">Modifiers before</th>
                <th scope="col">Modifiers after</th>
              </tr>
            </thead>
            <tbody>
              {cc.after.lines.map((l) => {
                const before = cc.before.lines.find((b) => b.lineNumber === l.lineNumber);
                const changed = cc.diff.modifiers.some((m) => m.lineNumber === l.lineNumber);
                return (
                  <tr key={l.lineNumber} className={changed ? 'changed' : undefined}>
                    <th scope="row">{l.lineNumber}</th>
                    <td>
                      <code>{l.procedureCode}</code>
                    </td>
                    <td>{before?.modifiers.join(', ') || '—'}</td>
                    <td>{changed ? <ins>{l.modifiers.join(', ')}</ins> : l.modifiers.join(', ') || '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : (
        <p>No handler would rebill this denial, so there is no corrected claim to show.</p>
      )}
    </section>
  );
}
