import type { RecoveryBrief } from '../../api/types';
import { percent } from '../../components/format';

const VERDICTS: Record<RecoveryBrief['stability']['verdict'], string> = {
  stable: 'Stable: the same two buckets lead as last week.',
  material_shift: 'Material shift: re-prioritise before scaling.',
  no_prior_week: 'No prior week to compare against.',
};

/** The week-over-week stability check and its reasons. */
export function StabilityCard({ s, priorWeek }: { s: RecoveryBrief['stability']; priorWeek: string | null }) {
  return (
    <section
      className={`card notice ${s.verdict === 'material_shift' ? 'n-failed' : 'n-success'}`}
      aria-labelledby="stab-h"
    >
      <h2 id="stab-h">Stability against {priorWeek ?? 'the prior week'}</h2>
      <p>
        <strong>{VERDICTS[s.verdict]}</strong>
      </p>
      <p>
        Top 2 now: {s.top2Current.join(', ') || '—'}; last week: {s.top2Prior.join(', ') || '—'}; overlap{' '}
        {s.top2Overlap ?? '—'} of 2; the top 2 hold {percent(s.top2ShareCurrent)} of the weighted exposure.
      </p>
      {s.reasons.length > 0 && (
        <ul>
          {s.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
