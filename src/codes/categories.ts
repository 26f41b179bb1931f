/**
 * The top level: CAQH CORE's four business scenarios for CARC/RARC use (operating rule 360), the
 * groups a payer's own denial reporting uses. `null` only for `other` (a reason that says nothing).
 */
export const SCENARIOS = {
  missing_documentation: 'Additional information required: missing, invalid or incomplete documentation',
  missing_claim_data: 'Additional information required: missing, invalid or incomplete data from the claim',
  not_covered: 'Billed service not covered by the health plan',
  not_separately_payable: 'Benefit for the billed service not separately payable',
} as const;

export type Scenario = keyof typeof SCENARIOS;

interface CategoryInfo {
  readonly scenario: Scenario | null;
  readonly title: string;
  /**
   * The verdict for free text in the category: can fixing the claim's own data and resubmitting
   * it get it paid, with no person and no other party? The decision table can still decide per
   * code (an authorization number left off is fixable, an authorization that expired is not).
   */
  readonly retryable: boolean;
  /** The concrete next action, as a billing operator would be told it. */
  readonly action: string;
}

/**
 * Denial categories: what went wrong, independent of which code or phrasing said so. Why each
 * verdict is what it is: docs/classification.md ("Categories").
 */
export const CATEGORIES = {
  missing_information: {
    scenario: 'missing_claim_data',
    title: 'Missing or invalid claim data',
    retryable: true,
    action: 'Correct the missing or invalid claim data, then resubmit as a corrected claim',
  },
  place_of_service: {
    scenario: 'missing_claim_data',
    title: 'Place of service missing or inconsistent with the procedure',
    retryable: true,
    action: 'Correct the place of service to where the service was rendered, then resubmit',
  },
  authorization: {
    scenario: 'missing_claim_data',
    title: 'Authorization / precertification',
    retryable: true,
    action: 'Attach the prior-authorization number on file, then resubmit',
  },
  coding_modifier: {
    scenario: 'missing_claim_data',
    title: 'Coding: modifier missing or inconsistent',
    retryable: true,
    action: 'Add or correct the procedure modifier, then resubmit',
  },
  coding_procedure: {
    scenario: 'missing_claim_data',
    title: 'Coding: procedure or diagnosis needs a coder',
    retryable: false,
    action: 'Have a coder review the procedure and diagnosis codes against the record',
  },
  documentation: {
    scenario: 'missing_documentation',
    title: 'Documentation or attachment requested',
    retryable: false,
    action: 'Send the requested records or attachment (PWK) with the claim reference',
  },
  eligibility_coverage: {
    scenario: 'not_covered',
    title: 'Eligibility: patient coverage',
    retryable: false,
    action: "Verify the patient's eligibility on the date of service; bill the right plan or the patient",
  },
  provider_eligibility: {
    scenario: 'not_covered',
    title: 'Credentialing: provider type, enrolment or network',
    retryable: false,
    action: "Check the provider's credentialing and enrolment with the payer; rebill once enrolled",
  },
  coordination_of_benefits: {
    scenario: 'not_covered',
    title: 'Coordination of benefits / other payer primary',
    retryable: false,
    action: "Bill the primary payer first, then send this claim as secondary with the primary's remittance",
  },
  not_covered: {
    scenario: 'not_covered',
    title: 'Service not covered',
    retryable: false,
    action: "Check the plan's exclusions; bill the patient if a waiver (ABN) is on file, else write off",
  },
  medical_necessity: {
    scenario: 'not_covered',
    title: 'Medical necessity or level of service',
    retryable: false,
    action: 'Appeal with the clinical records that support medical necessity',
  },
  benefit_limit: {
    scenario: 'not_covered',
    title: 'Benefit limit reached',
    retryable: false,
    action: 'Bill a secondary payer or the patient: the benefit limit is reached',
  },
  timely_filing: {
    scenario: 'not_covered',
    title: 'Timely filing limit',
    retryable: false,
    action: 'Appeal with proof of timely submission (clearinghouse acceptance report), else write off',
  },
  bundling: {
    scenario: 'not_separately_payable',
    title: 'Bundled / not separately payable',
    retryable: false,
    action:
      'Review the bundling edit; appeal with a distinct-service modifier only where the record supports it',
  },
  duplicate: {
    scenario: 'not_separately_payable',
    title: 'Duplicate claim or service',
    retryable: false,
    action:
      'Confirm the original claim was paid or is pending; void this one or appeal if it is a distinct service',
  },
  patient_responsibility: {
    scenario: 'not_separately_payable',
    title: 'Patient responsibility',
    retryable: false,
    action: 'Transfer the balance to patient responsibility and bill the patient',
  },
  contractual: {
    scenario: 'not_separately_payable',
    title: 'Contractual adjustment',
    retryable: false,
    action: 'Post the contractual adjustment; nothing to resubmit',
  },
  other: {
    scenario: null,
    title: 'Unclear or uninformative reason',
    retryable: false,
    action: 'Read the remittance or call the payer to learn the reason',
  },
} as const satisfies Record<string, CategoryInfo>;

export type Category = keyof typeof CATEGORIES;

export function isCategory(value: string): value is Category {
  return Object.hasOwn(CATEGORIES, value);
}
