import { skip, type Handler } from '../types.js';
import { originalOf } from './duplicate.js';

/**
 * CO-97 (paid as part of another service already adjudicated): when that other claim is on file
 * the denial is a duplicate to write off; otherwise the bundling is contestable and we appeal.
 */
export const co97AdjudicationHandler: Handler = {
  name: 'Co97AdjudicationHandler',
  carcs: ['CO-97'],
  strategies: ['DUPLICATE_LINK', 'ADJUDICATION_APPEAL'],
  needs: ['duplicates'],
  run(ctx) {
    const claim = ctx.claim;
    if (!claim) return skip('no_claim_on_file');
    const original = originalOf(ctx);
    if (original) {
      return {
        kind: 'write_off',
        strategy: 'DUPLICATE_LINK',
        duplicateOfClaimId: original.claimId,
        details: { duplicateOfClaimId: original.claimId, originalPaid: original.paid },
      };
    }
    const proof = {
      payerClaimControlNumber: ctx.denial.payerClaimControlNumber,
      procedureCodes: claim.lines.map((l) => l.procedureCode),
      duplicateSearch: 'no other claim for this patient, payer and date of service',
    };
    return {
      kind: 'appeal',
      strategy: 'ADJUDICATION_APPEAL',
      reason: 'ADJUDICATION',
      proof,
      details: { level: 1 },
    };
  },
};
