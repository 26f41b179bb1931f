import { skip, type Handler } from '../types.js';
import { duplicateEvidence } from './duplicate.js';

/**
 * CO-97 (paid as part of another service already adjudicated): when that other claim is on file,
 * paid or pending for the same service, the denial is a duplicate to write off; when no such
 * claim exists the bundling is contestable and we appeal. A same-service claim that was itself
 * denied or never sent proves neither, so a person decides.
 */
export const co97AdjudicationHandler: Handler = {
  name: 'Co97AdjudicationHandler',
  carcs: ['CO-97'],
  strategies: ['DUPLICATE_LINK', 'ADJUDICATION_APPEAL'],
  needs: ['duplicates'],
  run(ctx) {
    const claim = ctx.claim;
    if (!claim) return skip('no_claim_on_file');
    const evidence = duplicateEvidence(ctx);
    if (evidence.kind === 'found') {
      const { original, standing } = evidence;
      return {
        kind: 'write_off',
        strategy: 'DUPLICATE_LINK',
        duplicateOfClaimId: original.claimId,
        details: {
          duplicateOfClaimId: original.claimId,
          originalPaid: original.paid,
          originalStanding: standing,
        },
      };
    }
    if (evidence.kind === 'unpaid') {
      return skip('duplicate_not_paid_or_pending', { sameServiceClaimIds: evidence.candidates });
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
