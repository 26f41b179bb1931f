/** An 837P/837I claim as Reclaim reads and writes it. Amounts are integer cents; dates `YYYY-MM-DD`. */

export interface Diagnosis {
  /** HI qualifier: ABK/BK principal, ABF/BF other (ICD-10/ICD-9), ABJ/BJ admitting, APR/PR reason for visit. */
  readonly qualifier: string;
  readonly code: string;
}

export interface Provider {
  readonly name: string | undefined;
  readonly npi: string | undefined;
}

export interface Address {
  readonly line1: string;
  readonly city: string | undefined;
  readonly state: string | undefined;
  readonly postalCode: string | undefined;
}

/** The billing provider (2010AA): an 837 is not valid without its address and tax id. */
export interface BillingProvider extends Provider {
  readonly address: Address | undefined;
  /** REF*EI (employer id) or REF*SY (SSN). */
  readonly taxId: string | undefined;
}

export interface Member {
  readonly lastName: string | undefined;
  readonly firstName: string | undefined;
  readonly id: string | undefined;
  readonly birthDate: string | undefined;
  readonly gender: string | undefined;
}

export interface ClaimLine {
  readonly lineNumber: number;
  readonly procedureQualifier: string;
  readonly procedureCode: string;
  readonly modifiers: readonly string[];
  /** SV2 only (institutional). */
  readonly revenueCode: string | undefined;
  readonly chargeCents: number;
  readonly unitBasis: string | undefined;
  /** Decimal text, kept exact (`1.5`, `3`). */
  readonly units: string | undefined;
  readonly placeOfService: string | undefined;
  readonly diagnosisPointers: readonly string[];
  readonly serviceDate: string | undefined;
  readonly serviceDateTo: string | undefined;
  readonly lineControlNumber: string | undefined;
}

export interface Claim837 {
  readonly claimType: 'professional' | 'institutional';
  readonly patientControlNumber: string;
  readonly chargeCents: number;
  /** CLM05-1: place of service (837P) or facility type (837I). */
  readonly facilityCode: string | undefined;
  readonly facilityQualifier: string | undefined;
  /** CLM05-3: 1 original, 7 replacement (corrected claim), 8 void. */
  readonly frequencyCode: string;
  /** REF*F8: the payer's claim control number of the claim this one corrects. */
  readonly payerClaimControlNumber: string | undefined;
  /** REF*G1. */
  readonly priorAuthorization: string | undefined;
  readonly diagnoses: readonly Diagnosis[];
  readonly billingProvider: BillingProvider;
  readonly renderingProvider: Provider | undefined;
  readonly payer: { readonly name: string | undefined; readonly id: string | undefined };
  /** SBR09 claim filing indicator (CI, MB, MC …). */
  readonly filingIndicator: string | undefined;
  readonly subscriber: Member;
  /** The patient when not the subscriber (2000C loop); otherwise undefined. */
  readonly patient: Member | undefined;
  readonly serviceDateFrom: string | undefined;
  readonly serviceDateTo: string | undefined;
  readonly lines: readonly ClaimLine[];
}

/** A claim as read from a file: the claim plus where it was. */
export interface ReadClaim extends Claim837 {
  /** Segment index of CLM. */
  readonly position: number;
}

/** The 837 transaction a claim came from. */
export interface ClaimTransaction {
  readonly position: number;
  readonly controlNumber: string;
  readonly version: string | undefined;
  readonly claimType: 'professional' | 'institutional';
}

/** Diagnosis qualifiers (HI) whose codes are diagnoses rather than procedures, conditions or values. */
export const DIAGNOSIS_QUALIFIERS: ReadonlySet<string> = new Set([
  'ABK',
  'ABF',
  'ABJ',
  'APR',
  'ABN',
  'BK',
  'BF',
  'BJ',
  'PR',
  'BN',
]);
