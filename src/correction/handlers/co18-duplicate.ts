import { skip, type Handler } from '../types.js';
import { originalOf } from './duplicate.js';

/** CO-18 (exact duplicate): write the denial off and link the claim to the one it duplicates. */
export const co18DuplicateHandler: Handler = {
  name: 'Co18DuplicateHandler',
  carcs: ['CO-18'],
  strategies: ['DUPLICATE_LINK'],
  needs: ['duplicates'],
  run(ctx) {
    if (!ctx.claim) return skip('no_claim_on_file');
    const original = originalOf(ctx);
    if (!original) return skip('no_duplicate_found');
    return {
      kind: 'write_off',
      strategy: 'DUPLICATE_LINK',
      duplicateOfClaimId: original.claimId,
      details: { duplicateOfClaimId: original.claimId, originalPaid: original.paid },
    };
  },
};
