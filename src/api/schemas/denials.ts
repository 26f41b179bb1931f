import { z } from 'zod';
import { Money, PageQuery, paged } from './common.js';

export const DENIAL_STATUSES = [
  'OPEN',
  'CORRECTED',
  'APPEALED',
  'WRITTEN_OFF',
  'RESOLVED',
  'MANUAL_REVIEW',
] as const;
export const DenialStatus = z.enum(DENIAL_STATUSES);
export type DenialStatus = z.infer<typeof DenialStatus>;

export const AGE_BANDS = ['0-30', '31-60', '61-90', '91-180', '181+'] as const;
export const AgeBand = z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof AgeBand>;

export const DENIAL_SORTS = [
  'age',
  '-age',
  'amount',
  '-amount',
  'carc',
  '-carc',
  'payer',
  '-payer',
  'lastOutcome',
  '-lastOutcome',
] as const;
export const DenialSort = z.enum(DENIAL_SORTS);
export type DenialSort = z.infer<typeof DenialSort>;

/**
 * A work item is a denial or a patient-liability item (a patient share, PR-1/2/3, on a claim the
 * payer otherwise paid: the PatientLiabilityHandler transfers it to the patient).
 */
export const DENIAL_KINDS = ['denial', 'patient_liability'] as const;
export const DenialKind = z.enum(DENIAL_KINDS);
export type DenialKind = z.infer<typeof DenialKind>;

/** A cohort's kind: one of the two, or `any` (both: what `reclaim correct --all` works). */
export const CohortKind = z.enum([...DENIAL_KINDS, 'any']);
export type CohortKind = z.infer<typeof CohortKind>;

/** The cohort filters, shared by the worklist and the bulk correction. */
export const DenialFilter = z.object({
  /**
   * Denials unless asked, as the worklist lists them: the same filter names the same items
   * through `GET /denials` and the bulk route. `any` takes both kinds (a cohort only).
   */
  kind: CohortKind.default('denial'),
  carc: z
    .string()
    .regex(/^(CO|PR|OA|PI|CR)-[A-Z0-9]{1,4}$/, "a group and code such as 'CO-4'")
    .optional(),
  group: z.enum(['CO', 'PR', 'OA', 'PI', 'CR']).optional(),
  status: DenialStatus.optional(),
  category: z.string().min(1).max(64).optional(),
  payer: z.string().min(1).max(80).optional(),
  ageBand: AgeBand.optional(),
  minAmountCents: z.coerce.number().int().min(0).optional(),
  maxAmountCents: z.coerce.number().int().min(0).optional(),
  /** Account number (patient control number) or payer claim control number, prefix match. */
  q: z.string().min(1).max(80).optional(),
  /** `me` (the token's subject), a person, or an owner group. */
  owner: z.string().min(1).max(200).optional(),
});
export type DenialFilter = z.infer<typeof DenialFilter>;

export const DenialListQuery = DenialFilter.extend(PageQuery.shape).extend({
  /** The worklist lists one kind at a time, denials unless asked (its indexes are per kind). */
  kind: DenialKind.default('denial'),
  sort: DenialSort.default('-age'),
});
export type DenialListQuery = z.infer<typeof DenialListQuery>;

export const LastOutcome = z.enum(['SUCCESS', 'FAILED', 'SKIPPED', 'PENDING']);

/** One row of the worklist. */
export const DenialSummary = z.object({
  id: z.number().int(),
  kind: DenialKind,
  claimId: z.number().int().nullable(),
  patientControlNumber: z.string(),
  payerClaimControlNumber: z.string(),
  payer: z.string(),
  carcCodes: z.array(z.string()),
  rarcCodes: z.array(z.string()),
  group: z.string().nullable().describe("the first code's adjustment group ('CO')"),
  category: z.string().nullable(),
  status: DenialStatus,
  deniedAmount: Money,
  deniedOn: z.string().nullable(),
  ageDays: z.number().int(),
  ageBand: AgeBand,
  lastOutcome: LastOutcome.nullable(),
  assignee: z.string().nullable().describe('the person who owns the denial'),
  ownerGroup: z.string().nullable().describe('the owner group of the weekly workqueue that owns it'),
});
export type DenialSummary = z.infer<typeof DenialSummary>;

export const DenialList = paged(DenialSummary).extend({
  totalCapped: z
    .boolean()
    .describe('true when more than `total` (10,000) denials match: totals are exact up to 10,000'),
});
export type DenialList = z.infer<typeof DenialList>;

const CodeWithDescription = z.object({ code: z.string(), description: z.string().nullable() });

export const AdjustmentView = z.object({
  group: z.string(),
  carc: z.string(),
  description: z.string().nullable(),
  amount: Money,
});
export type AdjustmentView = z.infer<typeof AdjustmentView>;

export const ClaimLineView = z.object({
  lineNumber: z.number().int(),
  procedureCode: z.string(),
  modifiers: z.array(z.string()),
  charge: Money,
  units: z.number().nullable(),
  serviceDate: z.string().nullable(),
  paid: Money.nullable().describe('what the remittance paid on this line, when it names it'),
  adjustments: z.array(AdjustmentView),
  remarks: z.array(CodeWithDescription),
});
export type ClaimLineView = z.infer<typeof ClaimLineView>;

export const ClaimHeader = z.object({
  claimId: z.number().int(),
  patientControlNumber: z.string(),
  version: z.number().int(),
  frequencyCode: z.string(),
  claimType: z.string(),
  payerId: z.string().nullable(),
  payerName: z.string().nullable(),
  totalCharge: Money,
  serviceDateFrom: z.string().nullable(),
  serviceDateTo: z.string().nullable(),
  priorAuthorization: z.string().nullable(),
  payerClaimControlNumber: z.string().nullable(),
  diagnosisCodes: z.array(z.string()),
});
export type ClaimHeader = z.infer<typeof ClaimHeader>;

export const RemittanceView = z.object({
  remitClaimId: z.number().int(),
  payerKey: z.string(),
  payerName: z.string().nullable(),
  traceNumber: z.string(),
  statusCode: z.string(),
  charge: Money,
  paid: Money,
  patientResponsibility: Money,
  payerClaimControlNumber: z.string(),
  paymentDate: z.string().nullable(),
  receivedDate: z.string().nullable(),
  adjustments: z.array(AdjustmentView).describe('claim-level adjustments (CAS under CLP)'),
  remarks: z.array(CodeWithDescription).describe('claim-level remarks (MOA/MIA)'),
});
export type RemittanceView = z.infer<typeof RemittanceView>;

export const Classification = z.object({
  label: z.string(),
  category: z.string().nullable(),
  verdict: z.string().nullable(),
  confidence: z.number(),
  source: z.string(),
  modelVersion: z.string().nullable(),
});
export type Classification = z.infer<typeof Classification>;

export const AttemptView = z.object({
  attemptId: z.number().int(),
  handlerName: z.string(),
  carcCode: z.string(),
  strategy: z.string().nullable(),
  status: LastOutcome,
  failureReason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  rebilledClaimId: z.number().int().nullable(),
  recoveredAmount: Money,
  correlationId: z.string(),
  claimedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type AttemptView = z.infer<typeof AttemptView>;

/** `GET /denials/:id`. */
export const DenialDetail = DenialSummary.extend({
  claim: ClaimHeader.nullable(),
  lines: z.array(ClaimLineView),
  remittance: RemittanceView,
  classification: Classification.nullable(),
  history: z.object({ attempts: z.array(AttemptView) }),
});
export type DenialDetail = z.infer<typeof DenialDetail>;
