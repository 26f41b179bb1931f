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
  /** SV3 (dental): the teeth (TOO) with their surfaces. */
  readonly teeth?: readonly Tooth[];
  /** SV3 (dental): SV304 oral cavity designation codes. */
  readonly oralCavityAreas?: readonly string[];
}

/** One TOO segment: a tooth (JP universal numbering) and the surfaces treated. */
export interface Tooth {
  readonly number: string;
  readonly surfaces: readonly string[];
}

export type ClaimType = 'professional' | 'institutional' | 'dental';

export interface Claim837 {
  readonly claimType: ClaimType;
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

/** Another payer of the claim (loop 2320 SBR, 2330B NM1*PR). */
export interface OtherPayer {
  /** SBR01 of that payer: P, S, T … */
  readonly responsibility: string | undefined;
  readonly id: string | undefined;
  readonly name: string | undefined;
}

/** A provider as an 837 describes it, with the taxonomy (PRV03) and credential when given. */
export interface DescribedProvider extends Provider {
  /** NM101: 82 rendering, 71 attending (837I). */
  readonly entity: string;
  readonly taxonomy: string | undefined;
  /** NM107 when it holds a credential (MD, NP …) rather than a generational suffix. */
  readonly credential: string | undefined;
}

/** Where the service was given (2310C in 837P and 837D, 2310E in 837I). */
export interface ServiceFacility extends Provider {
  readonly state: string | undefined;
}

/** A claim as read from a file: the claim plus where it was and what the 837 said around it. */
export interface ReadClaim extends Claim837 {
  /** Segment index of CLM. */
  readonly position: number;
  /** SBR01 of the payer this claim is sent to: P primary, S secondary, T tertiary … */
  readonly payerResponsibility: string | undefined;
  readonly otherPayers: readonly OtherPayer[];
  /** PRV*BI (2000A) taxonomy of the billing provider. */
  readonly billingTaxonomy: string | undefined;
  /** The rendering provider (2310B, or the attending 2310A in 837I) as described. */
  readonly rendering: DescribedProvider | undefined;
  readonly serviceFacility: ServiceFacility | undefined;
}

/** The 837 transaction a claim came from, with what its header and envelope say of the sending. */
export interface ClaimTransaction {
  readonly position: number;
  readonly controlNumber: string;
  readonly version: string | undefined;
  readonly claimType: ClaimType;
  /** BHT04 (`YYYY-MM-DD`) and BHT05 (`HH:MM:SS`): when the transaction was created. */
  createdDate: string | undefined;
  createdTime: string | undefined;
  /** NM1*41 and NM1*40 (1000A, 1000B) ids and the receiver's name. */
  submitterId: string | undefined;
  receiverId: string | undefined;
  receiverName: string | undefined;
  /** Of the envelope: ISA13, GS04 and GS05 (as BHT04/BHT05). */
  readonly interchangeControlNumber: string | undefined;
  readonly groupDate: string | undefined;
  readonly groupTime: string | undefined;
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
