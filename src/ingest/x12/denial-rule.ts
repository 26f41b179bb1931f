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
  const denying: Adjustment[] = [];
  const all = [...claim.adjustments, ...claim.lines.flatMap((l) => l.adjustments)];
  for (const a of all) if (isDenying(a)) denying.push(a);
  let liability = 0;
  for (const a of all)
    if (a.group === 'PR' && PATIENT_LIABILITY_CARCS.has(a.reason)) liability += a.amountCents;
  const patientCodes = all.filter((a) => a.group === 'PR' && a.amountCents > 0).map((a) => `PR-${a.reason}`);
  const rarcCodes = [
    ...new Set([...claim.remarks, ...claim.lines.flatMap((l) => l.remarks)].map((r) => r.code)),
  ];
  if (denying.length === 0 && claim.statusCode !== '4') {
    if (liability <= 0) return undefined;
    return {
      kind: 'patient_liability',
      carcCodes: [...new Set(patientCodes)],
      rarcCodes,
      deniedAmountCents: liability,
    };
  }
  const basis = denying.length > 0 ? denying : all.filter((a) => a.group !== 'PR');
  const carcCodes = [...new Set([...basis.map((a) => `${a.group}-${a.reason}`), ...patientCodes])];
  let deniedAmountCents = 0;
  for (const a of denying) deniedAmountCents += a.amountCents;
  if (denying.length === 0) {
    let patientShare = 0;
    for (const a of all) if (a.group === 'PR') patientShare += a.amountCents;
    deniedAmountCents = claim.chargeCents - claim.paidCents - patientShare;
  }
  return { kind: 'denial', carcCodes, rarcCodes, deniedAmountCents };
}

function isDenying(a: Adjustment): boolean {
  return a.amountCents > 0 && a.group !== 'PR' && !CONTRACTUAL_CARCS.has(a.reason);
}
