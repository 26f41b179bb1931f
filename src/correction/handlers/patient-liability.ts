import { skip, type Handler } from '../types.js';

const LIABILITY_CARCS = ['1', '2', '3'];

/**
 * PR-1/2/3 (deductible, coinsurance, copay): the balance belongs to the patient. Sum the PR
 * adjustments the payer posted on the denial's remittance claim and its lines, resolve the denial
 * and announce the transfer.
 */
export const patientLiabilityHandler: Handler = {
  name: 'PatientLiabilityHandler',
  carcs: ['PR-1', 'PR-2', 'PR-3'],
  strategies: ['PATIENT_BILLING'],
  needs: ['adjustments'],
  run(ctx) {
    if (!ctx.remit) return skip('no_remit_anchor');
    const byCarc: Record<string, number> = {};
    let amountCents = 0;
    for (const adj of ctx.remit.adjustments) {
      if (adj.groupCode !== 'PR' || !LIABILITY_CARCS.includes(adj.carc)) continue;
      const key = `PR-${adj.carc}`;
      byCarc[key] = (byCarc[key] ?? 0) + adj.amountCents;
      amountCents += adj.amountCents;
    }
    if (amountCents === 0) return skip('zero_patient_liability');
    return {
      kind: 'patient_liability',
      strategy: 'PATIENT_BILLING',
      amountCents,
      byCarc,
      details: { amountCents, byCarc },
    };
  },
};
