/**
 * Denial categories: what went wrong, independent of which code or phrasing said so.
 * `retryable` is the default for free text in the category; the decision table can still
 * decide per code (an authorization that is missing is fixable, one that expired is not).
 */
export const CATEGORIES = {
  missing_information: { title: 'Missing or invalid claim data', retryable: true },
  authorization: { title: 'Authorization / precertification', retryable: true },
  coding_modifier: { title: 'Coding: modifier missing or inconsistent', retryable: true },
  coding_procedure: { title: 'Coding: procedure or diagnosis needs a coder', retryable: false },
  duplicate: { title: 'Duplicate claim or service', retryable: false },
  timely_filing: { title: 'Timely filing limit', retryable: false },
  eligibility_coverage: { title: 'Patient eligibility or coverage', retryable: false },
  provider_eligibility: { title: 'Provider type, credential or enrolment', retryable: false },
  not_covered: { title: 'Service not covered', retryable: false },
  medical_necessity: { title: 'Medical necessity or level of service', retryable: false },
  bundling: { title: 'Bundled / not separately payable', retryable: false },
  benefit_limit: { title: 'Benefit limit reached', retryable: false },
  coordination_of_benefits: { title: 'Coordination of benefits / other payer', retryable: false },
  patient_responsibility: { title: 'Patient responsibility', retryable: false },
  contractual: { title: 'Contractual adjustment', retryable: false },
  other: { title: 'Unclear or uninformative reason', retryable: false },
} as const satisfies Record<string, { title: string; retryable: boolean }>;

export type Category = keyof typeof CATEGORIES;

export function isCategory(value: string): value is Category {
  return Object.hasOwn(CATEGORIES, value);
}
