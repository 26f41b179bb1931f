import { useMutation } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { postJson } from '../../api/client';
import type { ReferenceMatch, ReferenceMatchBody } from '../../api/types';
import { count } from '../../components/format';
import { ErrorState } from '../../components/states';

/** Rates as the CLI report prints them: six decimals (the tolerance is 0.000001). */
const rate6 = (n: number | null) => (n === null ? '—' : n.toFixed(6));
const signed6 = (n: number | null) => (n === null ? '—' : `${n > 0 ? '+' : ''}${n.toFixed(6)}`);

/** The largest reference table the API takes (its body schema says the same). */
const MAX_CHARS = 200_000;

/**
 * The reference match `reclaim kpi denial-rate --reference` does, on the page: the operator pastes
 * or loads a table of week_start, denial_rate and the API compares it with the weeks shown.
 */
export function ReferenceMatchSection({
  source,
  asOf,
}: {
  source: ReferenceMatchBody['source'];
  asOf: string;
}) {
  const [text, setText] = useState('');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const textId = useId();
  const fileId = useId();
  const match = useMutation({
    mutationFn: (body: ReferenceMatchBody) =>
      postJson<ReferenceMatch>('/reports/denial-rate/reference-match', body),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    match.mutate({ source, asOf, reference: text });
  };
  const load = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_CHARS) {
      setFileProblem(
        `${file.name} is larger than ${count(MAX_CHARS)} bytes; a reference table is a few lines a week.`,
      );
      return;
    }
    setFileProblem(null);
    setText(await file.text());
  };
  // A result for another source or date is not this page's.
  const result = match.data && match.data.source === source && match.data.asOf === asOf ? match.data : null;
  return (
    <section className="card" aria-labelledby="ref-h">
      <h2 id="ref-h">Reference match</h2>
      <p>
        Compare these weekly rates with a reference table — a mart or an earlier report — with columns{' '}
        <code>week_start</code> and <code>denial_rate</code> (or <code>denial_rate_mart</code>). The same
        check as <code>reclaim kpi denial-rate --reference</code>; nothing is stored.
      </p>
      <form className="form" onSubmit={submit} aria-label="Reference table">
        <label htmlFor={textId}>Reference table (CSV)</label>
        <textarea
          id={textId}
          rows={6}
          value={text}
          maxLength={MAX_CHARS}
          placeholder={'week_start,denial_rate\n2024-01-01,0.285714'}
          onChange={(e) => setText(e.target.value)}
        />
        <label htmlFor={fileId}>Or load a CSV file</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          onChange={(e) => void load(e)}
        />
        {fileProblem && (
          <p className="notice n-error" role="alert">
            {fileProblem}
          </p>
        )}
        <div className="row">
          <button type="submit" disabled={match.isPending || text.trim() === ''}>
            {match.isPending ? 'Comparing…' : 'Compare'}
          </button>
        </div>
      </form>
      {match.error && <ErrorState error={match.error} title="The reference table could not be compared" />}
      {result && <MatchResult m={result} />}
    </section>
  );
}

function MatchResult({ m }: { m: ReferenceMatch }) {
  const missing = m.weeksMissingFromResult.length;
  return (
    <>
      <p
        className={`notice ${m.passed ? 'n-success' : 'n-failed'}`}
        role="status"
        data-testid="match-verdict"
      >
        {m.passed ? (
          <>
            <strong>Match.</strong> Every one of {count(m.rows.length)} reference weeks is within{' '}
            {m.tolerance} of ours (largest difference {m.maxAbsDiff.toFixed(6)}).
          </>
        ) : (
          <>
            <strong>Mismatch.</strong> Largest difference {m.maxAbsDiff.toFixed(6)} (tolerance {m.tolerance})
            {missing > 0 && (
              <>
                ; {count(missing)} reference {missing === 1 ? 'week has' : 'weeks have'} no computed rate here
              </>
            )}
            .
          </>
        )}
      </p>
      <div className="table-wrap">
        <table className="reference-match">
          <caption>Reference match per week</caption>
          <thead>
            <tr>
              <th scope="col">Week</th>
              <th scope="col">Our rate</th>
              <th scope="col">Reference</th>
              <th scope="col">Difference</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {m.rows.map((r) => {
              const verdict =
                r.diff === null ? 'No rate computed' : Math.abs(r.diff) <= m.tolerance ? 'Match' : 'Mismatch';
              return (
                <tr key={r.weekStart} className={verdict === 'Match' ? undefined : 'flagged'}>
                  <th scope="row">{r.weekStart}</th>
                  <td className="num">{rate6(r.calc)}</td>
                  <td className="num">{rate6(r.reference)}</td>
                  <td className="num">{signed6(r.diff)}</td>
                  <td>{verdict}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
