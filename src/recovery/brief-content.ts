import type { TextTable } from '../kpi/tables.js';
import { dollars, type Brief } from './brief.js';
import { AGING_WEIGHTS } from './prioritise.js';
import { MATERIAL_SHARE_SHIFT } from './stability.js';

/**
 * What the Markdown and HTML briefs both say, worked out once: section headings, tables and
 * sentences. Each renderer only decides how it looks.
 */

/** Section headings, in order. */
export const BRIEF_SECTIONS = [
  'Run',
  'Focus this week',
  'Summary by bucket',
  'Aging bands',
  'Stability versus the prior week',
  'Workqueue',
  'Guardrails (what not to claim)',
  'Falsification test for next cycle',
] as const;

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const signedPts = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pts`;

export function totalDenied(b: Brief): string {
  return dollars(b.summary.reduce((t, x) => t + x.deniedAmountCents, 0));
}

export const agingWeights = Object.entries(AGING_WEIGHTS)
  .map(([band, w]) => `${band}: ${w}`)
  .join(', ');

export const MATERIAL_RULE = `Rule: a shift is material when the top-2 buckets are not the same two as the prior week, or when a bucket in either week's top 2 moves its priority share by ${MATERIAL_SHARE_SHIFT * 100} points or more. A swap of ranks 1 and 2 alone is not material.`;

/** How the denied amount splits between claims still worth working and decaying ones. */
export function nearTerm(b: Brief): string {
  return `Near-term (≤60 days): ${pct((b.bands[0]?.shareOfDenied ?? 0) + (b.bands[1]?.shareOfDenied ?? 0))} of denied; decaying (>90 days): ${pct(b.bands[3]?.shareOfDenied ?? 0)}.`;
}

export function workqueueIntro(b: Brief): string {
  return `Top ${b.workqueue.length} by weighted recoverable amount. Route each to its owner group; the evidence must be in hand before the first touch.`;
}

export function summaryTable(b: Brief): TextTable {
  return {
    header: ['rank', 'bucket', 'rows', 'denied', 'mean p_denial', 'weighted recoverable', 'priority_score'],
    rows: b.summary.map((x) => [
      x.rank,
      x.bucket,
      x.rows,
      dollars(x.deniedAmountCents),
      x.meanPDenial.toFixed(3),
      dollars(x.weightedRecoverableCents),
      x.priorityScore.toFixed(4),
    ]),
  };
}

export function bandsTable(b: Brief): TextTable {
  return {
    header: ['band (days)', 'weight', 'rows', 'denied', 'share of denied'],
    rows: b.bands.map((a) => [a.band, a.weight, a.rows, dollars(a.deniedAmountCents), pct(a.shareOfDenied)]),
  };
}

/** Null when there is no prior week to compare with. */
export function shiftsTable(b: Brief): TextTable | null {
  const shifts = b.stability.shifts;
  if (shifts.length === 0) return null;
  return {
    header: [
      'bucket',
      'rank prior',
      'rank now',
      'rank shift',
      'share prior',
      'share now',
      'share shift',
      'material',
    ],
    rows: shifts.map((x) => [
      x.bucket,
      x.rankPrior ?? '-',
      x.rankCurrent ?? '-',
      x.rankShift ?? '-',
      pct(x.sharePrior),
      pct(x.shareCurrent),
      signedPts(x.shareShift),
      x.material ? 'yes' : 'no',
    ]),
  };
}

export function workqueueTable(b: Brief): TextTable {
  return {
    header: [
      'rank',
      'claim',
      'bucket',
      'PRCSG',
      'aging',
      'denied',
      'p_denial',
      'owner group',
      'evidence required',
      'next best action',
    ],
    rows: b.workqueue.map((w) => [
      w.rank,
      w.clmId,
      w.topDenialGroup,
      w.topDenialPrcsg,
      `${w.agingDays}d`,
      dollars(w.deniedAmountCents),
      w.pDenial.toFixed(2),
      w.ownerGroup,
      w.evidenceRequired,
      w.nextBestAction,
    ]),
  };
}
