import { skip, type Authorization, type ClaimFacts, type Handler } from '../types.js';

/** Remarks saying the authorization number is what is missing: rebill with it. */
export const AUTHORIZATION_REMARKS = ['N479', 'M51', 'MA66'] as const;
/** Remarks that need a person (records, attachments, narrative): leave for manual review. */
export const MANUAL_REVIEW_REMARKS = ['N350', 'M79', 'N381', 'M80'] as const;

/** CO-16 (claim lacks information): add the authorization on file, or hand over to a person. */
export const co16MissingInfoHandler: Handler = {
  name: 'Co16MissingInfoHandler',
  carcs: ['CO-16'],
  strategies: ['MISSING_INFO_REBILL'],
  needs: ['authorizations'],
  run(ctx) {
    const remarks = ctx.denial.rarcCodes;
    const manual = MANUAL_REVIEW_REMARKS.filter((r) => remarks.includes(r));
    if (manual.length > 0) return skip('manual_review', { remarks: manual });
    const authRemarks = AUTHORIZATION_REMARKS.filter((r) => remarks.includes(r));
    if (authRemarks.length === 0) return skip('no_actionable_remark', { remarks: [...remarks] });
    const claim = ctx.claim;
    if (!claim) return skip('no_claim_on_file');
    const found = matchingAuthorization(claim, ctx.authorizations);
    if (!found) return skip('no_authorization_on_file', { remarks: authRemarks });
    if (claim.priorAuthorization === found.authorizationNumber) {
      return skip('authorization_already_on_claim', { remarks: authRemarks });
    }
    return {
      kind: 'rebill',
      strategy: 'MISSING_INFO_REBILL',
      correction: { priorAuthorization: found.authorizationNumber },
      details: { remarks: authRemarks, authorizationNumber: found.authorizationNumber },
    };
  },
};

/** An authorization valid on the date of service, for one of the claim's procedures or for any. */
function matchingAuthorization(
  claim: ClaimFacts,
  auths: readonly Authorization[],
): Authorization | undefined {
  const day = claim.serviceDateFrom;
  if (!day) return undefined;
  const codes = new Set(claim.lines.map((l) => l.procedureCode));
  const valid = auths.filter(
    (a) => a.validFrom <= day && day <= a.validTo && (a.procedureCode === null || codes.has(a.procedureCode)),
  );
  // A procedure-specific authorization says more than a blanket one.
  return valid.find((a) => a.procedureCode !== null) ?? valid[0];
}
