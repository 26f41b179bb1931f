import { attemptFromStored, type AttemptRow } from '../correction/attempt.repository.js';
import type { Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { usd } from '../api/schemas/common.js';
import type {
  AdjustmentView,
  AgeBand,
  AttemptView,
  ClaimLineView,
  DenialDetail,
  DenialList,
  DenialListQuery,
  DenialSummary,
} from '../api/schemas/denials.js';
import { findDenialDetail, type AdjustmentRow, type RemarkRow } from './denial-detail.repository.js';
import { findDenial, findDenialPage, type DenialRow } from './denial-page.repository.js';

/**
 * The worklist: one page of the tenant's denials matching the filters, sorted, with the total.
 * `owner=me` means the caller (`subject`).
 */
export async function listDenials(
  db: Queryable,
  tenantId: string,
  q: DenialListQuery,
  subject: string | null = null,
): Promise<DenialList> {
  const owner = q.owner === 'me' ? (subject ?? undefined) : q.owner;
  const { rows, total, totalCapped } = await findDenialPage(db, tenantId, { ...q, owner });
  return { items: rows.map(summaryOf), total, totalCapped, limit: q.limit, offset: q.offset };
}

/** Everything about one denial; another tenant's id is NOT_FOUND, exactly like a missing one. */
export async function denialDetail(db: Queryable, tenantId: string, denialId: number): Promise<DenialDetail> {
  const found = await findDenialDetail(db, tenantId, denialId);
  if (!found?.remit) throw new ReclaimError('NOT_FOUND', `denial ${denialId} not found`, { denialId });
  const { denial: row, claim, claimLines, remit, remitLines, adjustments, remarks, decision } = found;
  const attempts = found.attempts.map(attemptFromStored);
  const lineOfRemit = new Map(remitLines.map((l) => [l.remitLineId, l.lineNumber]));
  const adjustmentsOn = (lineNumber: number | null) =>
    adjustments
      .filter((a) => (a.remitLineId === null ? null : lineOfRemit.get(a.remitLineId)) === lineNumber)
      .map(adjustmentView);
  const remarksOn = (lineNumber: number | null) =>
    remarks
      .filter((m) => (m.remitLineId === null ? null : lineOfRemit.get(m.remitLineId)) === lineNumber)
      .map(remarkView);
  const paidOn = new Map(remitLines.map((l) => [l.lineNumber, l.paidCents]));
  // Lines of the claim as billed, each with what the remittance said about the line of the same
  // number; without a claim on file, the remittance's own lines.
  const lines: ClaimLineView[] =
    claimLines.length > 0
      ? claimLines.map((l) => ({
          lineNumber: l.lineNumber,
          procedureCode: l.procedureCode,
          modifiers: l.modifiers,
          charge: usd(l.chargeCents),
          units: l.units === null ? null : Number(l.units),
          serviceDate: l.serviceDate,
          paid: paidOn.has(l.lineNumber) ? usd(paidOn.get(l.lineNumber)!) : null,
          adjustments: adjustmentsOn(l.lineNumber),
          remarks: remarksOn(l.lineNumber),
        }))
      : remitLines.map((l) => ({
          lineNumber: l.lineNumber,
          procedureCode: l.procedureCode ?? '',
          modifiers: l.modifiers,
          charge: usd(l.chargeCents),
          units: null,
          serviceDate: l.serviceDate,
          paid: usd(l.paidCents),
          adjustments: adjustmentsOn(l.lineNumber),
          remarks: remarksOn(l.lineNumber),
        }));
  return {
    ...summaryOf(row),
    claim: claim
      ? {
          claimId: claim.claimId,
          patientControlNumber: claim.patientControlNumber,
          version: claim.version,
          frequencyCode: claim.frequencyCode,
          claimType: claim.claimType,
          payerId: claim.payerId,
          payerName: claim.payerName,
          totalCharge: usd(claim.totalChargeCents),
          serviceDateFrom: claim.serviceDateFrom,
          serviceDateTo: claim.serviceDateTo,
          priorAuthorization: claim.priorAuthorization,
          payerClaimControlNumber: claim.payerClaimControlNumber,
          diagnosisCodes: claim.diagnosisCodes,
        }
      : null,
    lines,
    remittance: {
      remitClaimId: remit.remitClaimId,
      payerKey: remit.payerKey,
      payerName: remit.payerName,
      traceNumber: remit.traceNumber,
      statusCode: remit.statusCode,
      charge: usd(remit.chargeCents),
      paid: usd(remit.paidCents),
      patientResponsibility: usd(remit.patientResponsibilityCents),
      payerClaimControlNumber: remit.payerClaimControlNumber,
      paymentDate: remit.paymentDate,
      receivedDate: remit.receivedDate,
      adjustments: adjustments.filter((a) => a.remitLineId === null).map(adjustmentView),
      remarks: remarks.filter((m) => m.remitLineId === null).map(remarkView),
    },
    // Denials from an 835 are classified by their codes through the decision table.
    classification:
      row.category !== null
        ? {
            label: row.category,
            category: row.category,
            verdict:
              decision?.verdict ??
              (row.retryable === null ? null : row.retryable ? 'retryable' : 'non_retryable'),
            confidence: 1,
            source: 'decision_table',
            modelVersion: decision?.tableVersion ?? null,
          }
        : null,
    history: { attempts: attempts.map(attemptView) },
  };
}

export async function requireDenial(db: Queryable, tenantId: string, denialId: number): Promise<DenialRow> {
  const row = await findDenial(db, tenantId, denialId);
  if (!row) throw new ReclaimError('NOT_FOUND', `denial ${denialId} not found`, { denialId });
  return row;
}

export function ageBandOf(days: number): AgeBand {
  if (days <= 30) return '0-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  if (days <= 180) return '91-180';
  return '181+';
}

function summaryOf(r: DenialRow): DenialSummary {
  return {
    id: r.denialId,
    kind: r.kind,
    claimId: r.claimId,
    patientControlNumber: r.patientControlNumber,
    payerClaimControlNumber: r.payerClaimControlNumber,
    payer: r.payerKey,
    carcCodes: r.carcCodes,
    rarcCodes: r.rarcCodes,
    group: r.carcCodes[0]?.split('-')[0] ?? null,
    category: r.category,
    status: r.status as DenialSummary['status'],
    deniedAmount: usd(r.deniedAmountCents),
    deniedOn: r.deniedOn,
    ageDays: Math.max(0, r.ageDays),
    ageBand: ageBandOf(Math.max(0, r.ageDays)),
    lastOutcome: r.lastOutcome as DenialSummary['lastOutcome'],
    assignee: r.assignee,
    ownerGroup: r.ownerGroup,
  };
}

export function attemptView(a: AttemptRow): AttemptView {
  return {
    attemptId: a.attemptId,
    handlerName: a.handlerName,
    carcCode: a.carcCode,
    strategy: a.strategy,
    status: a.status,
    failureReason: a.failureReason,
    details: a.details,
    rebilledClaimId: a.rebilledClaimId,
    recoveredAmount: usd(a.recoveredAmountCents),
    correlationId: a.correlationId,
    claimedAt: a.claimedAt,
    finishedAt: a.finishedAt,
  };
}

const adjustmentView = (a: AdjustmentRow): AdjustmentView => ({
  group: a.groupCode,
  carc: a.carc,
  description: a.description,
  amount: usd(a.amountCents),
});
const remarkView = (m: RemarkRow) => ({ code: m.code, description: m.description });
