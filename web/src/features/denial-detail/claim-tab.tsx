import type { AdjustmentView, DenialDetail } from '../../api/types';
import { money, percent } from '../../components/format';

function Adjustments({ items }: { items: readonly AdjustmentView[] }) {
  if (items.length === 0) return <>—</>;
  return (
    <ul className="codes">
      {items.map((a, i) => (
        <li key={i}>
          <code>
            {a.group}-{a.carc}
          </code>{' '}
          {money(a.amount.cents)}
          {a.description && <span className="desc"> — {a.description}</span>}
        </li>
      ))}
    </ul>
  );
}

function Remarks({ items }: { items: readonly { code: string; description: string | null }[] }) {
  if (items.length === 0) return <>—</>;
  return (
    <ul className="codes">
      {items.map((r) => (
        <li key={r.code}>
          <code>{r.code}</code>
          {r.description && <span className="desc"> — {r.description}</span>}
        </li>
      ))}
    </ul>
  );
}

/** The claim as billed and as the payer answered: lines, adjustments, remarks, classification. */
export function ClaimTab({ d }: { d: DenialDetail }) {
  const c = d.classification;
  return (
    <div className="stack">
      <section aria-labelledby="lines-h">
        <h2 id="lines-h">Service lines</h2>
        {d.lines.length === 0 ? (
          <p>No claim on file for this remittance: lines are unknown.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Procedure</th>
                  <th scope="col">Modifiers</th>
                  <th scope="col">Service date</th>
                  <th scope="col">Charge</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Adjustments</th>
                  <th scope="col">Remarks</th>
                </tr>
              </thead>
              <tbody>
                {d.lines.map((l) => (
                  <tr key={l.lineNumber}>
                    <th scope="row">{l.lineNumber}</th>
                    <td>
                      <code>{l.procedureCode}</code>
                    </td>
                    <td>{l.modifiers.join(', ') || '—'}</td>
                    <td>{l.serviceDate ?? '—'}</td>
                    <td className="num">{money(l.charge.cents)}</td>
                    <td className="num">{l.paid ? money(l.paid.cents) : '—'}</td>
                    <td>
                      <Adjustments items={l.adjustments} />
                    </td>
                    <td>
                      <Remarks items={l.remarks} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="remit-h">
        <h2 id="remit-h">Remittance</h2>
        <dl className="facts">
          <div>
            <dt>Claim status code</dt>
            <dd>{d.remittance.statusCode}</dd>
          </div>
          <div>
            <dt>Trace number</dt>
            <dd>{d.remittance.traceNumber}</dd>
          </div>
          <div>
            <dt>Patient responsibility</dt>
            <dd>{money(d.remittance.patientResponsibility.cents)}</dd>
          </div>
          <div>
            <dt>Claim-level adjustments</dt>
            <dd>
              <Adjustments items={d.remittance.adjustments} />
            </dd>
          </div>
          <div>
            <dt>Claim-level remarks</dt>
            <dd>
              <Remarks items={d.remittance.remarks} />
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="class-h">
        <h2 id="class-h">Classification</h2>
        {c ? (
          <dl className="facts">
            <div>
              <dt>Label</dt>
              <dd>{c.label}</dd>
            </div>
            <div>
              <dt>Category</dt>
              <dd>{c.category ?? '—'}</dd>
            </div>
            <div>
              <dt>Confidence</dt>
              <dd>{percent(c.confidence)}</dd>
            </div>
            <div>
              <dt>Source</dt>
              <dd>{c.source}</dd>
            </div>
            <div>
              <dt>Model version</dt>
              <dd>{c.modelVersion ?? '—'}</dd>
            </div>
          </dl>
        ) : (
          <p>Not classified yet: the next batch run classifies it.</p>
        )}
      </section>
    </div>
  );
}
