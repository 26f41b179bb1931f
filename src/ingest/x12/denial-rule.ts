import type { Adjustment, RemitClaim } from '../../x12/era/model.js';

/**
 * Adjustments that are the contract working as agreed, not a refusal to pay: the fee-schedule
 * reduction (45, and 42 in 4010), negotiated discounts (131, A2), sequestration (253), the prior
 * payer's adjudication in coordination of benefits (23) and amounts above the charge (94).
 */
export const CONTRACTUAL_CARCS: ReadonlySet<string> = new Set(['45', '42', '131', 'A2', '253', '23', '94']);

/** A remit claim that needs work, with the codes and amount that make it so. */
export interface DenialFinding {
  /** `GROUP-CARC`, e.g. `CO-16`, distinct, in file order. */
  readonly carcCodes: string[];
  readonly rarcCodes: string[];
  readonly deniedAmountCents: number;
}

/**
 * What makes a denial (docs/x12.md): a claim the payer denied outright (CLP02 = 4), or one that
 * carries an adjustment leaving money unpaid for a reason that is neither the patient's share
 * (group PR) nor contractual (see `CONTRACTUAL_CARCS`). Reversals (CLP02 = 22) are never denials.
 * The denied amount is the sum of those adjustments; for an outright denial without any, it is
 * what was charged minus what was paid and the patient's share.
 */
export function findDenial(claim: RemitClaim): DenialFinding | undefined {
  if (claim.statusCode === '22') return undefined;
  const denying: Adjustment[] = [];
  const all = [...claim.adjustments, ...claim.lines.flatMap((l) => l.adjustments)];
  for (const a of all) if (isDenying(a)) denying.push(a);
  if (denying.length === 0 && claim.statusCode !== '4') return undefined;
  const basis = denying.length > 0 ? denying : all.filter((a) => a.group !== 'PR');
  const carcCodes = [...new Set(basis.map((a) => `${a.group}-${a.reason}`))];
  let deniedAmountCents = 0;
  for (const a of denying) deniedAmountCents += a.amountCents;
  if (denying.length === 0) {
    let patientShare = 0;
    for (const a of all) if (a.group === 'PR') patientShare += a.amountCents;
    deniedAmountCents = claim.chargeCents - claim.paidCents - patientShare;
  }
  const rarcCodes = [
    ...new Set([...claim.remarks, ...claim.lines.flatMap((l) => l.remarks)].map((r) => r.code)),
  ];
  return { carcCodes, rarcCodes, deniedAmountCents };
}

function isDenying(a: Adjustment): boolean {
  return a.amountCents > 0 && a.group !== 'PR' && !CONTRACTUAL_CARCS.has(a.reason);
}
