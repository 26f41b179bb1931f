import type { Queryable } from '../db/db.js';

export interface ClaimHeaderRow {
  readonly claimId: number;
  readonly patientControlNumber: string;
  readonly version: number;
  readonly frequencyCode: string;
  readonly claimType: string;
  readonly payerId: string | null;
  readonly payerName: string | null;
  readonly totalChargeCents: number;
  readonly serviceDateFrom: string | null;
  readonly serviceDateTo: string | null;
  readonly priorAuthorization: string | null;
  readonly payerClaimControlNumber: string | null;
  readonly diagnosisCodes: string[];
}

export async function findClaimHeader(
  db: Queryable,
  tenantId: string,
  claimId: number,
): Promise<ClaimHeaderRow | null> {
  const rows = await db.query<ClaimHeaderRow & Record<string, unknown>>(
    `SELECT claim_id AS "claimId", patient_control_number AS "patientControlNumber", version,
            frequency_code AS "frequencyCode", claim_type AS "claimType", payer_id AS "payerId",
            payer_name AS "payerName", total_charge_cents AS "totalChargeCents",
            service_date_from AS "serviceDateFrom", service_date_to AS "serviceDateTo",
            prior_authorization AS "priorAuthorization", payer_claim_control_number AS "payerClaimControlNumber",
            diagnosis_codes AS "diagnosisCodes"
     FROM billing.claim WHERE tenant_id = $1 AND claim_id = $2`,
    [tenantId, claimId],
  );
  return rows[0] ?? null;
}

export interface ClaimLineRow {
  readonly lineNumber: number;
  readonly procedureCode: string;
  readonly modifiers: string[];
  readonly chargeCents: number;
  readonly units: string | null;
  readonly serviceDate: string | null;
}

export async function findClaimLines(db: Queryable, claimId: number): Promise<ClaimLineRow[]> {
  return db.query<ClaimLineRow & Record<string, unknown>>(
    `SELECT line_number AS "lineNumber", procedure_code AS "procedureCode", modifiers,
            charge_cents AS "chargeCents", units::text AS units, service_date AS "serviceDate"
     FROM billing.claim_line WHERE claim_id = $1 ORDER BY line_number`,
    [claimId],
  );
}

export interface RemitClaimRow {
  readonly remitClaimId: number;
  readonly payerKey: string;
  readonly payerName: string | null;
  readonly traceNumber: string;
  readonly statusCode: string;
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly patientResponsibilityCents: number;
  readonly payerClaimControlNumber: string;
  readonly paymentDate: string | null;
  readonly receivedDate: string | null;
}

export async function findRemitClaim(
  db: Queryable,
  tenantId: string,
  remitClaimId: number,
): Promise<RemitClaimRow | null> {
  const rows = await db.query<RemitClaimRow & Record<string, unknown>>(
    `SELECT rc.remit_claim_id AS "remitClaimId", r.payer_key AS "payerKey", r.payer_name AS "payerName",
            r.trace_number AS "traceNumber", rc.status_code AS "statusCode", rc.charge_cents AS "chargeCents",
            rc.paid_cents AS "paidCents", rc.patient_responsibility_cents AS "patientResponsibilityCents",
            rc.payer_claim_control_number AS "payerClaimControlNumber", r.payment_date AS "paymentDate",
            rc.received_date AS "receivedDate"
     FROM billing.remit_claim rc JOIN billing.remittance r USING (remittance_id)
     WHERE rc.tenant_id = $1 AND rc.remit_claim_id = $2`,
    [tenantId, remitClaimId],
  );
  return rows[0] ?? null;
}

export interface RemitLineRow {
  readonly remitLineId: number;
  readonly lineNumber: number;
  readonly procedureCode: string | null;
  readonly modifiers: string[];
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly serviceDate: string | null;
}

export async function findRemitLines(db: Queryable, remitClaimId: number): Promise<RemitLineRow[]> {
  return db.query<RemitLineRow & Record<string, unknown>>(
    `SELECT remit_line_id AS "remitLineId", line_number AS "lineNumber", procedure_code AS "procedureCode",
            modifiers, charge_cents AS "chargeCents", paid_cents AS "paidCents", service_date AS "serviceDate"
     FROM billing.remit_line WHERE remit_claim_id = $1 ORDER BY line_number`,
    [remitClaimId],
  );
}

export interface AdjustmentRow {
  readonly remitLineId: number | null;
  readonly groupCode: string;
  readonly carc: string;
  readonly description: string | null;
  readonly amountCents: number;
}

/** Every CAS of a remit claim (claim and line level) with the CARC's published description. */
export async function findAdjustments(db: Queryable, remitClaimId: number): Promise<AdjustmentRow[]> {
  return db.query<AdjustmentRow & Record<string, unknown>>(
    `SELECT a.remit_line_id AS "remitLineId", a.group_code AS "groupCode", a.carc, c.description,
            a.amount_cents AS "amountCents"
     FROM billing.remittance_adjustment a LEFT JOIN rcm_reference.carc c ON c.code = a.carc
     WHERE a.remit_claim_id = $1 ORDER BY a.adjustment_id`,
    [remitClaimId],
  );
}

export interface RemarkRow {
  readonly remitLineId: number | null;
  readonly code: string;
  readonly description: string | null;
}

export async function findRemarks(db: Queryable, remitClaimId: number): Promise<RemarkRow[]> {
  return db.query<RemarkRow & Record<string, unknown>>(
    `SELECT m.remit_line_id AS "remitLineId", m.code, r.description
     FROM billing.remittance_remark m LEFT JOIN rcm_reference.rarc r ON r.code = m.code
     WHERE m.remit_claim_id = $1 ORDER BY m.remit_line_id NULLS FIRST, m.code`,
    [remitClaimId],
  );
}

/** The decision-table row that classified a denial's first code, with the table's version. */
export async function findDecision(
  db: Queryable,
  groupCode: string,
  carc: string,
): Promise<{ category: string; verdict: string; tableVersion: string } | null> {
  const rows = await db.query<{ category: string; verdict: string; tableVersion: string }>(
    `SELECT category, verdict, table_version AS "tableVersion" FROM rcm_reference.denial_decision
     WHERE group_code IN ($1, '*') AND carc = $2 AND rarc = '*'
     ORDER BY group_code = '*' LIMIT 1`,
    [groupCode, carc],
  );
  return rows[0] ?? null;
}
