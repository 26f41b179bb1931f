import type { DenialContext, DuplicateCandidate } from '../types.js';

/**
 * What the claim on file says about a duplicate denial. Writing a denial off is irreversible, so
 * it needs the claim it duplicates on file and paid, or still pending with the payer, for the
 * same service: `found`. A same-service claim that was denied or never sent is `unpaid`, and a
 * person decides.
 */
export type DuplicateEvidence =
  | { readonly kind: 'found'; readonly original: DuplicateCandidate; readonly standing: 'paid' | 'pending' }
  | { readonly kind: 'unpaid'; readonly candidates: readonly number[] }
  | { readonly kind: 'none' };

/** The claim this one most likely duplicates: a paid one first, then a pending one, then the oldest. */
export function duplicateEvidence(ctx: DenialContext): DuplicateEvidence {
  if (ctx.duplicateCandidates.length === 0) return { kind: 'none' };
  const sorted = [...ctx.duplicateCandidates].sort(
    (a, b) =>
      Number(b.paid) - Number(a.paid) || Number(b.pending) - Number(a.pending) || a.claimId - b.claimId,
  );
  const original = sorted[0]!;
  if (original.paid) return { kind: 'found', original, standing: 'paid' };
  if (original.pending) return { kind: 'found', original, standing: 'pending' };
  return { kind: 'unpaid', candidates: sorted.map((c) => c.claimId) };
}
