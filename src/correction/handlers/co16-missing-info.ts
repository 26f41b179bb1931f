import { remarkSplit } from '../policy.js';
import { skip, type Authorization, type ClaimFacts, type Handler } from '../types.js';

/**
 * The CO-16 remarks, from the decision table (its CO-16 rows that name a RARC): those whose row
 * lists MISSING_INFO_REBILL are rebilled with the authorization on file; never-touch ones need a
 * person (records, attachments, narrative). The engine's policy gate stops the latter before this
 * handler runs; the handler checks again so that it is safe when called on its own.
 */
export function co16Remarks(): { readonly act: readonly string[]; readonly manual: readonly string[] } {
  return remarkSplit('16', 'MISSING_INFO_REBILL');
}

/** CO-16 (claim lacks information): add the authorization on file, or hand over to a person. */
export const co16MissingInfoHandler: Handler = {
  name: 'Co16MissingInfoHandler',
  carcs: ['CO-16'],
  strategies: ['MISSING_INFO_REBILL'],
  needs: ['authorizations'],
  run(ctx) {
    const remarks = ctx.denial.rarcCodes;
    const split = co16Remarks();
    const manual = split.manual.filter((r) => remarks.includes(r));
    if (manual.length > 0) return skip('manual_review', { remarks: manual });
    const authRemarks = split.act.filter((r) => remarks.includes(r));
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
