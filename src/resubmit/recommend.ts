import type { Classification } from '../classify/types.js';

/** What a billing operator should change before resubmitting, by denial category. */
const BY_CATEGORY: Readonly<Record<string, string>> = {
  coding_modifier: 'Add or correct the procedure modifier, then resubmit',
  missing_information: 'Supply the missing or invalid claim data (NPI, identifiers, fields), then resubmit',
  coding_procedure: 'Have a coder verify the procedure and diagnosis codes, then resubmit',
  authorization: 'Attach the prior-authorization number, then resubmit',
  provider_eligibility: "Check the provider's type, credential and enrolment with the payer",
  duplicate: 'Confirm the original claim was paid; link or void this one',
  timely_filing: 'Gather proof of timely submission and appeal',
  eligibility_coverage: "Verify the patient's coverage and payer, then resubmit",
  not_covered: 'Review the payer policy; appeal only with supporting documentation',
  medical_necessity: 'Attach medical-necessity documentation and appeal',
  bundling: 'Review bundling edits; unbundle with a modifier only where justified',
  benefit_limit: 'Bill the patient or a secondary payer: the benefit limit is reached',
  coordination_of_benefits: 'Bill the primary payer first, then resubmit with its remittance',
  patient_responsibility: 'Transfer the balance to patient responsibility',
  contractual: 'Post the contractual adjustment; nothing to resubmit',
};

/** A recommended change for a candidate, from its classification (category first, then the seed's phrases). */
export function recommendChange(reason: string | null, classification: Classification): string {
  const key = `${reason ?? ''}\u0000${classification.category ?? ''}`;
  let change = memo.get(key);
  if (change === undefined) {
    change = recommend(reason, classification);
    if (memo.size < 50_000) memo.set(key, change);
  }
  return change;
}

const memo = new Map<string, string>();

function recommend(reason: string | null, classification: Classification): string {
  // The operator's own words name the fix most precisely; the category is the next best guide.
  const text = (reason ?? '').toLowerCase();
  if (/\bnpi\b/.test(text)) return "Correct the provider's NPI, then resubmit";
  if (text.includes('modifier')) return 'Add or correct the procedure modifier, then resubmit';
  if (/\bprior auth|\bauth(orization)? (number|required)/.test(text)) {
    return 'Attach the prior-authorization number, then resubmit';
  }
  const byCategory = classification.category ? BY_CATEGORY[classification.category] : undefined;
  return byCategory ?? 'Review the denial, correct the claim, then resubmit';
}
