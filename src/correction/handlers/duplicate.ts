import type { DenialContext, DuplicateCandidate } from '../types.js';

/** The claim this one most likely duplicates: a paid one first, then the oldest. */
export function originalOf(ctx: DenialContext): DuplicateCandidate | undefined {
  const sorted = [...ctx.duplicateCandidates].sort(
    (a, b) => Number(b.paid) - Number(a.paid) || a.claimId - b.claimId,
  );
  return sorted[0];
}
