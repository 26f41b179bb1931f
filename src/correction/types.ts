/** Parts of the context worth loading only for the handlers that read them. */
export type Need = 'adjustments' | 'submissions' | 'authorizations' | 'duplicates' | 'modifierRules';

/** What a handler sees of one denial: everything it needs, loaded in bulk before it runs. */
export interface DenialContext {
  readonly denial: DenialFacts;
  /** The claim version the payer denied; null when the remittance could not be matched to one. */
  readonly claim: ClaimFacts | null;
  /** The remittance claim the denial came from, with its adjustments; null without an anchor. */
  readonly remit: RemitFacts | null;
  readonly timelyFilingDays: number | null;
  readonly submissions: readonly Submission[];
  readonly statusHistory: readonly StatusEntry[];
  readonly authorizations: readonly Authorization[];
  readonly modifierRules: readonly ModifierRule[];
  /** Other claims for the same patient, payer and date of service with the same procedures. */
  readonly duplicateCandidates: readonly DuplicateCandidate[];
}

export interface DenialFacts {
  readonly denialId: number;
  readonly tenantId: string;
  readonly claimId: number | null;
  readonly remitClaimId: number;
  readonly carcCodes: readonly string[];
  readonly rarcCodes: readonly string[];
  readonly deniedAmountCents: number;
  readonly payerClaimControlNumber: string;
  /** The day the payer denied the claim (remittance date), else when the denial was recorded. */
  readonly deniedOn: string;
}

/** The keys of `resolved_context_snapshot` that CO-4 rules trigger on. */
export const SNAPSHOT_KEYS = ['rendering_credential', 'facility_address_state', 'payer_id'] as const;
export type SnapshotKey = (typeof SNAPSHOT_KEYS)[number];

export interface ClaimFacts {
  readonly claimId: number;
  readonly patientControlNumber: string;
  readonly version: number;
  readonly frequencyCode: string;
  readonly payerId: string | null;
  readonly subscriberId: string | null;
  readonly serviceDateFrom: string | null;
  readonly serviceDateTo: string | null;
  readonly priorAuthorization: string | null;
  readonly payerClaimControlNumber: string | null;
  readonly snapshot: Readonly<Record<string, unknown>>;
  readonly lines: readonly ClaimLineFacts[];
}

export interface ClaimLineFacts {
  readonly lineNumber: number;
  readonly procedureCode: string;
  readonly modifiers: readonly string[];
  readonly chargeCents: number;
}

export interface RemitFacts {
  readonly remitClaimId: number;
  readonly payerClaimControlNumber: string;
  /** CLP02 of the posted 835 claim: '22' is a reversal of an earlier payment. */
  readonly statusCode: string;
  readonly adjustments: readonly Adjustment[];
}

export interface Adjustment {
  readonly groupCode: string;
  readonly carc: string;
  readonly amountCents: number;
  /** null: claim level. */
  readonly remitLineId: number | null;
}

export interface Submission {
  readonly submissionId: number;
  readonly claimId: number;
  readonly submittedAt: string;
  readonly channel: string;
  readonly reference: string | null;
}

export interface StatusEntry {
  readonly claimId: number;
  readonly status: string;
  readonly statusAt: string;
  readonly source: string | null;
}

export interface Authorization {
  readonly authorizationNumber: string;
  readonly procedureCode: string | null;
  readonly validFrom: string;
  readonly validTo: string;
}

export interface ModifierRule {
  readonly ruleId: number;
  readonly triggerType: SnapshotKey;
  readonly triggerValue: string;
  readonly scope: string;
  readonly modifier: string;
}

export interface DuplicateCandidate {
  readonly claimId: number;
  readonly patientControlNumber: string;
  /** The payer paid something on it (net of reversals): the strongest sign it is the claim this one duplicates. */
  readonly paid: boolean;
  /** Sent to the payer (a submission or status entry) and not adjudicated yet: no remittance for it. */
  readonly pending: boolean;
}

export type Strategy =
  | 'MODIFIER_CORRECTION'
  | 'MISSING_INFO_REBILL'
  | 'DUPLICATE_LINK'
  | 'TIMELY_FILING_APPEAL'
  | 'ADJUDICATION_APPEAL'
  | 'PATIENT_BILLING';

/** A change to carry onto the corrected claim version. */
export interface ClaimCorrection {
  /** line number → modifiers to add (in order, after the line's own). */
  readonly addModifiers?: Readonly<Record<number, readonly string[]>>;
  readonly priorAuthorization?: string;
}

/**
 * What a handler decided. A handler only decides; the engine writes the effects, the attempt and
 * the events together, so that a decision is never half applied.
 */
export type Decision =
  | {
      readonly kind: 'rebill';
      readonly strategy: Strategy;
      readonly correction: ClaimCorrection;
      readonly details: Details;
    }
  | {
      readonly kind: 'write_off';
      readonly strategy: Strategy;
      readonly duplicateOfClaimId: number;
      readonly details: Details;
    }
  | {
      readonly kind: 'appeal';
      readonly strategy: Strategy;
      readonly reason: 'TIMELY_FILING' | 'ADJUDICATION';
      readonly proof: Details;
      readonly details: Details;
    }
  | {
      readonly kind: 'patient_liability';
      readonly strategy: Strategy;
      readonly amountCents: number;
      readonly byCarc: Readonly<Record<string, number>>;
      readonly details: Details;
    }
  | { readonly kind: 'skip'; readonly reason: string; readonly details: Details };

export type Details = Readonly<Record<string, unknown>>;

/** One handler: plain data plus a pure decision over a loaded context. */
export interface Handler {
  readonly name: string;
  /** Denial codes as 'GROUP-CARC' ('CO-4', 'PR-2'). */
  readonly carcs: readonly string[];
  readonly strategies: readonly Strategy[];
  /** The optional parts of the context it reads, so a batch loads only what its handlers use. */
  readonly needs: readonly Need[];
  run(ctx: DenialContext): Decision;
}

/** Tenant, organisation and correlation ids carried from the inbound envelope to every event. */
export interface Envelope {
  readonly tenantId: string;
  readonly orgId: string | null;
  readonly correlationId: string;
}

export const skip = (reason: string, details: Details = {}): Decision => ({ kind: 'skip', reason, details });
