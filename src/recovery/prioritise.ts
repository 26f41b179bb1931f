import type { WorkqueueRow } from './workqueue.js';

/**
 * The transparent priority score. For each row:
 *   weighted_recoverable = denied_amount × (1 − p_denial) × aging_weight(aging_days)
 * A bucket (a denial group) scores its share of the week's total weighted recoverable amount:
 *   priority_score = Σ bucket rows' weighted_recoverable / Σ all rows' weighted_recoverable.
 * Every term is exported beside the score, so anyone can recompute it.
 */

export type AgingBand = '<=30' | '31-60' | '61-90' | '>90';
export const AGING_BANDS: readonly AgingBand[] = ['<=30', '31-60', '61-90', '>90'];

/** Opportunity decays with age: payers' appeal windows close and evidence goes stale. */
export const AGING_WEIGHTS: Readonly<Record<AgingBand, number>> = {
  '<=30': 1,
  '31-60': 0.8,
  '61-90': 0.5,
  '>90': 0.25,
};

export function agingBand(days: number): AgingBand {
  if (days <= 30) return '<=30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '>90';
}

/** A row's weighted recoverable amount, rounded to whole cents. */
export function weightedRecoverableCents(row: WorkqueueRow): number {
  return Math.round(row.deniedAmountCents * (1 - row.pDenial) * AGING_WEIGHTS[agingBand(row.agingDays)]);
}

export interface BucketSummary {
  readonly bucket: string;
  readonly rank: number;
  readonly rows: number;
  readonly deniedAmountCents: number;
  readonly expectedRecoverableCents: number;
  readonly weightedRecoverableCents: number;
  readonly meanPDenial: number;
  readonly priorityScore: number;
  readonly topPrcsg: string;
}

/** Buckets ranked by priority_score (ties: larger denied amount, then name). */
export function summarise(rows: readonly WorkqueueRow[]): BucketSummary[] {
  const acc = new Map<
    string,
    {
      rows: number;
      denied: number;
      expected: number;
      weighted: number;
      p: number;
      prcsg: Map<string, number>;
    }
  >();
  for (const row of rows) {
    const a = acc.get(row.topDenialGroup) ?? {
      rows: 0,
      denied: 0,
      expected: 0,
      weighted: 0,
      p: 0,
      prcsg: new Map(),
    };
    a.rows++;
    a.denied += row.deniedAmountCents;
    a.expected += Math.round(row.deniedAmountCents * (1 - row.pDenial));
    a.weighted += weightedRecoverableCents(row);
    a.p += row.pDenial;
    a.prcsg.set(row.topDenialPrcsg, (a.prcsg.get(row.topDenialPrcsg) ?? 0) + 1);
    acc.set(row.topDenialGroup, a);
  }
  const total = [...acc.values()].reduce((s, a) => s + a.weighted, 0);
  return [...acc.entries()]
    .map(([bucket, a]) => ({
      bucket,
      rows: a.rows,
      deniedAmountCents: a.denied,
      expectedRecoverableCents: a.expected,
      weightedRecoverableCents: a.weighted,
      meanPDenial: a.p / a.rows,
      priorityScore: total > 0 ? a.weighted / total : 0,
      topPrcsg: [...a.prcsg.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]![0],
    }))
    .sort(
      (x, y) =>
        y.priorityScore - x.priorityScore ||
        y.deniedAmountCents - x.deniedAmountCents ||
        x.bucket.localeCompare(y.bucket),
    )
    .map((b, i) => ({ ...b, rank: i + 1 }));
}

export interface BandSummary {
  readonly band: AgingBand;
  readonly weight: number;
  readonly rows: number;
  readonly deniedAmountCents: number;
  readonly weightedRecoverableCents: number;
  readonly shareOfDenied: number;
}

export function agingBands(rows: readonly WorkqueueRow[]): BandSummary[] {
  const total = rows.reduce((s, r) => s + r.deniedAmountCents, 0);
  return AGING_BANDS.map((band) => {
    const inBand = rows.filter((r) => agingBand(r.agingDays) === band);
    const denied = inBand.reduce((s, r) => s + r.deniedAmountCents, 0);
    return {
      band,
      weight: AGING_WEIGHTS[band],
      rows: inBand.length,
      deniedAmountCents: denied,
      weightedRecoverableCents: inBand.reduce((s, r) => s + weightedRecoverableCents(r), 0),
      shareOfDenied: total > 0 ? denied / total : 0,
    };
  });
}

export interface RankedRow extends WorkqueueRow {
  readonly rank: number;
  readonly agingBand: AgingBand;
  readonly weightedRecoverableCents: number;
}

/** The top N rows by weighted recoverable amount (ties: larger amount, older, then claim id). */
export function topRows(rows: readonly WorkqueueRow[], n: number): RankedRow[] {
  return rows
    .map((r) => ({
      ...r,
      agingBand: agingBand(r.agingDays),
      weightedRecoverableCents: weightedRecoverableCents(r),
    }))
    .sort(
      (a, b) =>
        b.weightedRecoverableCents - a.weightedRecoverableCents ||
        b.deniedAmountCents - a.deniedAmountCents ||
        b.agingDays - a.agingDays ||
        a.clmId.localeCompare(b.clmId),
    )
    .slice(0, n)
    .map((r, i) => ({ ...r, rank: i + 1 }));
}
