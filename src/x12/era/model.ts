/** The 835 remittance advice as Reclaim reads it. Amounts are integer cents; dates are `YYYY-MM-DD`. */

/** One CAS triplet: group (CO, PR, OA, PI; CR in 4010), reason code (CARC), amount, quantity. */
export interface Adjustment {
  readonly group: string;
  readonly reason: string;
  readonly amountCents: number;
  readonly quantity: string | undefined;
}

/** A remark code (RARC) and where it came from: LQ*HE on a line, MOA/MIA on a claim. */
export interface Remark {
  readonly source: 'LQ' | 'MOA' | 'MIA';
  readonly code: string;
}

export interface Reference {
  readonly qualifier: string;
  readonly value: string;
}

export interface Amount {
  readonly qualifier: string;
  readonly amountCents: number;
}

export interface DatedValue {
  readonly qualifier: string;
  readonly date: string | undefined;
}

export interface Person {
  readonly entity: string;
  readonly lastName: string | undefined;
  readonly firstName: string | undefined;
  readonly idQualifier: string | undefined;
  readonly id: string | undefined;
}

export interface Procedure {
  readonly qualifier: string;
  readonly code: string;
  readonly modifiers: readonly string[];
}

/** One SVC loop. */
export interface ServiceLine {
  readonly position: number;
  readonly procedure: Procedure | undefined;
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly revenueCode: string | undefined;
  readonly unitsPaid: string | undefined;
  /** SVC06: the procedure as submitted, when the payer adjudicated a different one. */
  readonly submittedProcedure: Procedure | undefined;
  readonly unitsSubmitted: string | undefined;
  serviceDate: string | undefined;
  serviceDateTo: string | undefined;
  lineControlNumber: string | undefined;
  readonly adjustments: Adjustment[];
  readonly remarks: Remark[];
  readonly references: Reference[];
  readonly amounts: Amount[];
}

/** One CLP loop. */
export interface RemitClaim {
  readonly position: number;
  readonly patientControlNumber: string;
  readonly statusCode: string;
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly patientResponsibilityCents: number;
  readonly filingIndicator: string | undefined;
  readonly payerClaimControlNumber: string;
  readonly facilityCode: string | undefined;
  readonly frequencyCode: string | undefined;
  /** CLP02 = 22: this claim reverses an earlier payment of the same CLP01/CLP07. */
  readonly reversal: boolean;
  patient: Person | undefined;
  insured: Person | undefined;
  correctedPatient: Person | undefined;
  renderingProvider: Person | undefined;
  serviceDateFrom: string | undefined;
  serviceDateTo: string | undefined;
  receivedDate: string | undefined;
  readonly adjustments: Adjustment[];
  readonly remarks: Remark[];
  readonly references: Reference[];
  readonly dates: DatedValue[];
  readonly amounts: Amount[];
  readonly lines: ServiceLine[];
}

export interface Party {
  readonly name: string | undefined;
  readonly idQualifier: string | undefined;
  readonly id: string | undefined;
}

/** BPR, TRN and the payer/payee of one 835 transaction: known before its first claim. */
export interface RemittanceHeader {
  readonly position: number;
  readonly controlNumber: string;
  readonly version: string | undefined;
  handlingCode: string | undefined;
  paymentCents: number;
  creditDebit: string | undefined;
  paymentMethod: string | undefined;
  paymentDate: string | undefined;
  traceNumber: string | undefined;
  /** TRN03: the payer's company identifier. */
  payerIdentifier: string | undefined;
  productionDate: string | undefined;
  payer: Party | undefined;
  payee: Party | undefined;
  readonly references: Reference[];
}

/** One PLB adjustment pair: reason (PLB03-1), its reference (PLB03-2) and amount. */
export interface ProviderAdjustment {
  readonly position: number;
  readonly providerId: string;
  readonly fiscalPeriodDate: string | undefined;
  readonly reason: string;
  readonly reference: string | undefined;
  readonly amountCents: number;
}

/** What a remittance holds once its SE is read. */
export interface RemittanceTrailer {
  readonly header: RemittanceHeader;
  readonly providerAdjustments: readonly ProviderAdjustment[];
  readonly claimCount: number;
  readonly claimPaidCents: number;
}

/** The key that identifies the payer of a remittance: TRN03, else the payer's N1 id, else its name. */
export function payerKey(header: RemittanceHeader): string {
  return header.payerIdentifier ?? header.payer?.id ?? header.payer?.name ?? '';
}
