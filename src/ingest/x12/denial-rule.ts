import type { Adjustment, RemitClaim } from '../../x12/era/model.js';

/**
 * Adjustments that are the contract working as agreed, not a refusal to pay: the fee-schedule
 * reduction (45, and 42 in 4010), negotiated discounts (131, A2), sequestration (253), the prior
 * payer's adjudication in coordination of benefits (23) and amounts above the charge (94).
 */
export const CONTRACTUAL_CARCS: ReadonlySet<string> = new Set(['45', '42', '131', 'A2', '253', '23', '94']);

/** The patient's share that the patient-liability handler bills: deductible, coinsurance, copay. */
export const PATIENT_LIABILITY_CARCS: ReadonlySet<string> = new Set(['1', '2', '3']);

/** A remit claim that needs work, with the codes and amount that make it so. */
export interface DenialFinding {
  /** `denial`: the payer refused money; `patient_liability`: only the patient's share is open. */
  readonly kind: 'denial' | 'patient_liability';
  /** `GROUP-CARC`, e.g. `CO-16`, distinct, in file order; the PR codes follow the denying ones. */
  readonly carcCodes: string[];
  readonly rarcCodes: string[];
  readonly deniedAmountCents: number;
}

/**
 * What makes a work item (docs/x12.md). A denial: a claim the payer denied outright (CLP02 = 4),
 * or one that carries an adjustment leaving money unpaid for a reason that is neither the
 * patient's share (group PR) nor contractual (see `CONTRACTUAL_CARCS`); its amount is the sum of
 * those adjustments (for an outright denial without any, what was charged minus what was paid and
 * the patient's share). Otherwise a patient liability, when PR-1/2/3 add up to more than zero;
 * its amount is that sum. Reversals (CLP02 = 22) are neither.
 */
export function findDenial(claim: RemitClaim): DenialFinding | undefined {
  if (claim.statusCode === '22') return undefined;
  // One pass over the claim's adjustments, then each line's, in file order: posting calls this
  // for every claim payment of a file, nearly all of them with a patient share and nothing else.
  const tally = new Tally();
  tally.addAll(claim.adjustments);
  for (const line of claim.lines) tally.addAll(line.adjustments);
  const rarcCodes: string[] = [];
  for (const r of claim.remarks) addOnce(rarcCodes, r.code);
  for (const line of claim.lines) for (const r of line.remarks) addOnce(rarcCodes, r.code);
  if (tally.denyingCodes.length === 0 && claim.statusCode !== '4') {
    if (tally.liabilityCents <= 0) return undefined;
    return {
      kind: 'patient_liability',
      carcCodes: tally.patientCodes,
      rarcCodes,
      deniedAmountCents: tally.liabilityCents,
    };
  }
  const denied = tally.denyingCodes.length > 0;
  const carcCodes = denied ? tally.denyingCodes : tally.otherCodes;
  for (const code of tally.patientCodes) addOnce(carcCodes, code);
  const deniedAmountCents = denied
    ? tally.denyingCents
    : claim.chargeCents - claim.paidCents - tally.patientShareCents;
  return { kind: 'denial', carcCodes, rarcCodes, deniedAmountCents };
}

/** What `findDenial` needs from a claim payment's adjustments, gathered in one pass. */
class Tally {
  /** `GROUP-CARC` of the denying adjustments (`isDenying`), distinct, in file order. */
  readonly denyingCodes: string[] = [];
  denyingCents = 0;
  /** `GROUP-CARC` of every adjustment outside group PR: an outright denial's codes when none denies. */
  readonly otherCodes: string[] = [];
  /** `PR-CARC` of the PR adjustments with a positive amount. */
  readonly patientCodes: string[] = [];
  /** PR-1, PR-2 and PR-3 together. */
  liabilityCents = 0;
  /** Every PR adjustment together. */
  patientShareCents = 0;

  addAll(adjustments: readonly Adjustment[]): void {
    for (const a of adjustments) this.add(a);
  }

  private add(a: Adjustment): void {
    if (a.group === 'PR') {
      this.patientShareCents += a.amountCents;
      if (PATIENT_LIABILITY_CARCS.has(a.reason)) this.liabilityCents += a.amountCents;
      if (a.amountCents > 0) addOnce(this.patientCodes, `PR-${a.reason}`);
      return;
    }
    const code = `${a.group}-${a.reason}`;
    addOnce(this.otherCodes, code);
    if (isDenying(a)) {
      addOnce(this.denyingCodes, code);
      this.denyingCents += a.amountCents;
    }
  }
}

/** Adds `value` unless `list` (a claim's few codes) holds it already. */
function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function isDenying(a: Adjustment): boolean {
  return a.amountCents > 0 && a.group !== 'PR' && !CONTRACTUAL_CARCS.has(a.reason);
}
