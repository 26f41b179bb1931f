import { skip, type Handler } from '../types.js';

const LIABILITY_CARCS = ['1', '2', '3'];
/** CLP02 22: the payer reversed an earlier payment; its adjustments are no longer owed by anyone. */
const REVERSAL = '22';

/**
 * PR-1/2/3 (deductible, coinsurance, copay): the balance belongs to the patient. Moving a balance
 * to a patient is not undone quietly, so the amount comes only from PR-group adjustments the payer
 * posted on the denial's 835 claim and its lines, never from the denial's codes alone. Sum them,
 * resolve the denial and announce the transfer.
 */
export const patientLiabilityHandler: Handler = {
  name: 'PatientLiabilityHandler',
  carcs: ['PR-1', 'PR-2', 'PR-3'],
  strategies: ['PATIENT_BILLING'],
  needs: ['adjustments'],
  run(ctx) {
    if (!ctx.remit) return skip('no_remit_anchor');
    if (ctx.remit.statusCode === REVERSAL) return skip('remit_reversed', { statusCode: REVERSAL });
    const byCarc: Record<string, number> = {};
    let amountCents = 0;
    let prAdjustments = 0;
    for (const adj of ctx.remit.adjustments) {
      if (adj.groupCode !== 'PR' || !LIABILITY_CARCS.includes(adj.carc)) continue;
      prAdjustments++;
      const key = `PR-${adj.carc}`;
      byCarc[key] = (byCarc[key] ?? 0) + adj.amountCents;
      amountCents += adj.amountCents;
    }
    if (prAdjustments === 0) {
      return skip('no_pr_adjustment', {
        postedGroups: [...new Set(ctx.remit.adjustments.map((a) => `${a.groupCode}-${a.carc}`))].sort(),
      });
    }
    if (amountCents <= 0) return skip('zero_patient_liability');
    return {
      kind: 'patient_liability',
      strategy: 'PATIENT_BILLING',
      amountCents,
      byCarc,
      details: { amountCents, byCarc },
    };
  },
};
