import { csv } from '../kpi/output.js';
import type { Brief } from './brief.js';
import { routingFor } from './routing.js';

export const EXPORT_FILES = {
  summary: 'denials_recovery_summary_v1.csv',
  workqueue: 'denials_recovery_workqueue_v1.csv',
  agingBands: 'denials_recovery_aging_bands_v1.csv',
  stability: 'denials_recovery_stability_v1.csv',
  briefMarkdown: 'denials_recovery_brief_v1.md',
  briefHtml: 'denials_recovery_brief_v1.html',
} as const;

const r4 = (v: number) => Number(v.toFixed(4));
const r6 = (v: number) => Number(v.toFixed(6));

/** The four CSV exports; every term of the priority score is a column. */
export function renderExports(b: Brief): Record<string, string> {
  const week = b.currentWeekKey;
  return {
    [EXPORT_FILES.summary]: csv(
      ['dataset_week_key', 'rank', 'bucket', 'rows', 'denied_amount_cents', 'expected_recoverable_cents',
        'weighted_recoverable_cents', 'mean_p_denial', 'priority_score', 'top_prcsg', 'owner_group', 'next_best_action'], // prettier-ignore
      b.summary.map((s) => [
        week, s.rank, s.bucket, s.rows, s.deniedAmountCents, s.expectedRecoverableCents, s.weightedRecoverableCents,
        r4(s.meanPDenial), r6(s.priorityScore), s.topPrcsg, routingFor(s.bucket).ownerGroup, routingFor(s.bucket).nextBestAction,
      ]), // prettier-ignore
    ),
    [EXPORT_FILES.workqueue]: csv(
      ['dataset_week_key', 'rank', 'clm_id', 'top_denial_group', 'top_denial_prcsg', 'aging_days', 'aging_band',
        'denied_amount_cents', 'p_denial', 'weighted_recoverable_cents', 'next_best_action', 'owner_group', 'evidence_required'], // prettier-ignore
      b.workqueue.map((w) => [
        week, w.rank, w.clmId, w.topDenialGroup, w.topDenialPrcsg, w.agingDays, w.agingBand,
        w.deniedAmountCents, r4(w.pDenial), w.weightedRecoverableCents, w.nextBestAction, w.ownerGroup, w.evidenceRequired,
      ]), // prettier-ignore
    ),
    [EXPORT_FILES.agingBands]: csv(
      [
        'dataset_week_key',
        'aging_band',
        'aging_weight',
        'rows',
        'denied_amount_cents',
        'share_of_denied',
        'weighted_recoverable_cents',
      ],
      b.bands.map((a) => [
        week,
        a.band,
        a.weight,
        a.rows,
        a.deniedAmountCents,
        r6(a.shareOfDenied),
        a.weightedRecoverableCents,
      ]),
    ),
    [EXPORT_FILES.stability]: csv(
      ['current_week_key', 'prior_week_key', 'bucket', 'rank_prior', 'rank_current', 'rank_shift', 'share_prior',
        'share_current', 'share_shift', 'top2_prior', 'top2_current', 'material', 'top2_overlap', 'verdict'], // prettier-ignore
      b.stability.shifts.length > 0
        ? b.stability.shifts.map((s) => [
            week, b.priorWeekKey, s.bucket, s.rankPrior, s.rankCurrent, s.rankShift, r6(s.sharePrior), r6(s.shareCurrent),
            r6(s.shareShift), String(s.top2Prior), String(s.top2Current), String(s.material), b.stability.top2Overlap, b.stability.verdict,
          ]) // prettier-ignore
        : [
            [
              week,
              b.priorWeekKey,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              b.stability.verdict,
            ],
          ],
    ),
  };
}
