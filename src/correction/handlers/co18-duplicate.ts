import { skip, type Handler } from '../types.js';
import { duplicateEvidence } from './duplicate.js';

/**
 * CO-18 (exact duplicate): write the denial off and link the claim to the one it duplicates, but
 * only when that claim is on file and was paid or is pending for the same service.
 */
export const co18DuplicateHandler: Handler = {
  name: 'Co18DuplicateHandler',
  carcs: ['CO-18'],
  strategies: ['DUPLICATE_LINK'],
  needs: ['duplicates'],
  run(ctx) {
    if (!ctx.claim) return skip('no_claim_on_file');
    const evidence = duplicateEvidence(ctx);
    if (evidence.kind === 'none') return skip('no_duplicate_found');
    if (evidence.kind === 'unpaid') {
      return skip('duplicate_not_paid_or_pending', { sameServiceClaimIds: evidence.candidates });
    }
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
  },
};
