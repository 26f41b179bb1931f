import { formatCents } from '../values.js';
import type { X12Warning } from '../warning.js';
import type { Adjustment, ProviderAdjustment, RemitClaim, RemittanceHeader } from './model.js';

/**
 * The 835's own arithmetic, checked as warnings (a payer's rounding slip must not stop a posting):
 * CLP03 − CLP04 = Σ claim- and line-level CAS, and SVC02 − SVC03 = Σ that line's CAS.
 */
export function checkClaimBalance(claim: RemitClaim, warn: (w: X12Warning) => void): void {
  let adjusted = sum(claim.adjustments);
  for (const line of claim.lines) {
    const lineAdjusted = sum(line.adjustments);
    adjusted += lineAdjusted;
    const expected = line.chargeCents - line.paidCents;
    if (expected !== lineAdjusted) {
      warn({
        segment: line.position,
        code: 'LINE_UNBALANCED',
        message: `SVC02 − SVC03 = ${formatCents(expected)} but line adjustments total ${formatCents(lineAdjusted)}`,
      });
    }
  }
  const expected = claim.chargeCents - claim.paidCents;
  if (expected !== adjusted) {
    warn({
      segment: claim.position,
      code: 'CLAIM_UNBALANCED',
      message: `CLP03 − CLP04 = ${formatCents(expected)} but claim and line adjustments total ${formatCents(adjusted)}`,
    });
  }
}

/** BPR02 = Σ CLP04 − Σ PLB amounts (a positive PLB amount is money the payer holds back). */
export function checkPaymentBalance(
  header: RemittanceHeader,
  claimPaidCents: number,
  plb: readonly ProviderAdjustment[],
  position: number,
  warn: (w: X12Warning) => void,
): void {
  let expected = claimPaidCents;
  for (const p of plb) expected -= p.amountCents;
  if (expected !== header.paymentCents) {
    warn({
      segment: position,
      code: 'PAYMENT_UNBALANCED',
      message: `BPR02 = ${formatCents(header.paymentCents)} but Σ CLP04 − Σ PLB = ${formatCents(expected)}`,
    });
  }
}

function sum(adjustments: readonly Adjustment[]): number {
  let total = 0;
  for (const a of adjustments) total += a.amountCents;
  return total;
}
