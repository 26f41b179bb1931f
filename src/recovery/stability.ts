import type { BucketSummary } from './prioritise.js';

/**
 * Stability of the focus versus the prior week. The rule for "material", written once here and
 * in docs/recovery.md:
 *   material when the top-2 buckets are not the same two buckets as last week (overlap < 2),
 *   or when any bucket that is top-2 in either week moved its priority share by 5 points or more.
 * A swap of ranks 1 and 2 with small share moves is not material.
 */
export const MATERIAL_SHARE_SHIFT = 0.05;

export interface BucketShift {
  readonly bucket: string;
  readonly rankPrior: number | null;
  readonly rankCurrent: number | null;
  /** Positive: moved up. null when absent in one of the weeks. */
  readonly rankShift: number | null;
  readonly sharePrior: number;
  readonly shareCurrent: number;
  readonly shareShift: number;
  readonly top2Prior: boolean;
  readonly top2Current: boolean;
  readonly material: boolean;
}

export type StabilityVerdict = 'stable' | 'material_shift' | 'no_prior_week';

export interface Stability {
  readonly verdict: StabilityVerdict;
  readonly top2Current: readonly string[];
  readonly top2Prior: readonly string[];
  readonly top2Overlap: number | null;
  /** Share of the week's weighted recoverable amount held by the current top 2. */
  readonly top2ShareCurrent: number;
  readonly shifts: readonly BucketShift[];
  /** Why the verdict is material, in words; empty otherwise. */
  readonly reasons: readonly string[];
}

export function compareWeeks(
  current: readonly BucketSummary[],
  prior: readonly BucketSummary[] | null,
): Stability {
  const top2Current = current.slice(0, 2).map((b) => b.bucket);
  const top2ShareCurrent = current.slice(0, 2).reduce((s, b) => s + b.priorityScore, 0);
  if (prior === null) {
    return {
      verdict: 'no_prior_week',
      top2Current,
      top2Prior: [],
      top2Overlap: null,
      top2ShareCurrent,
      shifts: [],
      reasons: [],
    };
  }
  const top2Prior = prior.slice(0, 2).map((b) => b.bucket);
  const cur = new Map(current.map((b) => [b.bucket, b]));
  const pri = new Map(prior.map((b) => [b.bucket, b]));
  const buckets = [...new Set([...current.map((b) => b.bucket), ...prior.map((b) => b.bucket)])];
  const shifts = buckets.map((bucket): BucketShift => {
    const c = cur.get(bucket);
    const p = pri.get(bucket);
    const shareCurrent = c?.priorityScore ?? 0;
    const sharePrior = p?.priorityScore ?? 0;
    const inTop2 = top2Current.includes(bucket) || top2Prior.includes(bucket);
    const shareShift = shareCurrent - sharePrior;
    return {
      bucket,
      rankPrior: p?.rank ?? null,
      rankCurrent: c?.rank ?? null,
      rankShift: c && p ? p.rank - c.rank : null,
      sharePrior,
      shareCurrent,
      shareShift,
      top2Prior: top2Prior.includes(bucket),
      top2Current: top2Current.includes(bucket),
      material:
        inTop2 &&
        (top2Prior.includes(bucket) !== top2Current.includes(bucket) ||
          Math.abs(shareShift) >= MATERIAL_SHARE_SHIFT - 1e-12),
    };
  });
  shifts.sort(
    (a, b) => (a.rankCurrent ?? Infinity) - (b.rankCurrent ?? Infinity) || a.bucket.localeCompare(b.bucket),
  );
  const overlap = top2Current.filter((b) => top2Prior.includes(b)).length;
  const reasons = [
    ...(overlap < 2 ? [`top 2 changed (${top2Prior.join(', ')} -> ${top2Current.join(', ')})`] : []),
    ...shifts
      .filter((s) => s.material && Math.abs(s.shareShift) >= MATERIAL_SHARE_SHIFT - 1e-12)
      .map((s) => `${s.bucket} share ${s.shareShift >= 0 ? '+' : ''}${(s.shareShift * 100).toFixed(1)} pts`),
  ];
  const material = reasons.length > 0;
  return {
    verdict: material ? 'material_shift' : 'stable',
    top2Current,
    top2Prior,
    top2Overlap: overlap,
    top2ShareCurrent,
    shifts,
    reasons,
  };
}
