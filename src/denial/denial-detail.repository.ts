import type { StoredAttempt } from '../correction/attempt.repository.js';
import type { Queryable } from '../db/db.js';
import { COLUMNS, type DenialRow } from './denial-page.repository.js';

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

export interface ClaimLineRow {
  readonly lineNumber: number;
  readonly procedureCode: string;
  readonly modifiers: string[];
  readonly chargeCents: number;
  readonly units: string | null;
  readonly serviceDate: string | null;
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

export interface RemitLineRow {
  readonly remitLineId: number;
  readonly lineNumber: number;
  readonly procedureCode: string | null;
  readonly modifiers: string[];
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly serviceDate: string | null;
}

export interface AdjustmentRow {
  readonly remitLineId: number | null;
  readonly groupCode: string;
  readonly carc: string;
  readonly description: string | null;
  readonly amountCents: number;
}

/** Every CAS of a remit claim (claim and line level) with the CARC's published description. */
export interface RemarkRow {
  readonly remitLineId: number | null;
  readonly code: string;
  readonly description: string | null;
}

/** The decision-table row that classified a denial's first code, with the table's version. */
/** Everything the denial detail shows, read in one statement. */
export interface DenialDetailRows {
  readonly denial: DenialRow;
  readonly claim: ClaimHeaderRow | null;
  readonly claimLines: ClaimLineRow[];
  readonly remit: RemitClaimRow | null;
  readonly remitLines: RemitLineRow[];
  readonly adjustments: AdjustmentRow[];
  readonly remarks: RemarkRow[];
  readonly attempts: StoredAttempt[];
  /** The decision-table row that classified the denial's first code, with the table's version. */
  readonly decision: { category: string; verdict: string; tableVersion: string } | null;
}

const UTC = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

/**
 * One denial of a tenant with its claim, lines, remittance, adjustments (with CARC descriptions),
 * remarks (with RARC descriptions), attempts and decision-table row, in ONE statement: the detail
 * page is the API's most frequent read, and nine round trips per request were most of its cost
 * under load. Null when the denial does not exist or belongs to another tenant.
 */
export async function findDenialDetail(
  db: Queryable,
  tenantId: string,
  denialId: number,
): Promise<DenialDetailRows | null> {
  const rows = await db.query<DenialRow & Omit<DenialDetailRows, 'denial'> & Record<string, unknown>>(
    `SELECT ${COLUMNS},
       (SELECT json_build_object('claimId', c.claim_id, 'patientControlNumber', c.patient_control_number,
                 'version', c.version, 'frequencyCode', c.frequency_code, 'claimType', c.claim_type,
                 'payerId', c.payer_id, 'payerName', c.payer_name, 'totalChargeCents', c.total_charge_cents,
                 'serviceDateFrom', c.service_date_from, 'serviceDateTo', c.service_date_to,
                 'priorAuthorization', c.prior_authorization,
                 'payerClaimControlNumber', c.payer_claim_control_number, 'diagnosisCodes', c.diagnosis_codes)
        FROM billing.claim c WHERE c.tenant_id = $1 AND c.claim_id = d.claim_id) AS claim,
       (SELECT COALESCE(json_agg(json_build_object('lineNumber', l.line_number, 'procedureCode', l.procedure_code,
                 'modifiers', l.modifiers, 'chargeCents', l.charge_cents, 'units', l.units::text,
                 'serviceDate', l.service_date) ORDER BY l.line_number), '[]')
        FROM billing.claim_line l JOIN billing.claim c ON c.claim_id = l.claim_id
        WHERE c.tenant_id = $1 AND l.claim_id = d.claim_id) AS "claimLines",
       (SELECT json_build_object('remitClaimId', rc.remit_claim_id, 'payerKey', r.payer_key,
                 'payerName', r.payer_name, 'traceNumber', r.trace_number, 'statusCode', rc.status_code,
                 'chargeCents', rc.charge_cents, 'paidCents', rc.paid_cents,
                 'patientResponsibilityCents', rc.patient_responsibility_cents,
                 'payerClaimControlNumber', rc.payer_claim_control_number, 'paymentDate', r.payment_date,
                 'receivedDate', rc.received_date)
        FROM billing.remit_claim rc JOIN billing.remittance r USING (remittance_id)
        WHERE rc.tenant_id = $1 AND rc.remit_claim_id = d.remit_claim_id) AS remit,
       (SELECT COALESCE(json_agg(json_build_object('remitLineId', rl.remit_line_id, 'lineNumber', rl.line_number,
                 'procedureCode', rl.procedure_code, 'modifiers', rl.modifiers, 'chargeCents', rl.charge_cents,
                 'paidCents', rl.paid_cents, 'serviceDate', rl.service_date) ORDER BY rl.line_number), '[]')
        FROM billing.remit_line rl WHERE rl.remit_claim_id = d.remit_claim_id) AS "remitLines",
       (SELECT COALESCE(json_agg(json_build_object('remitLineId', a.remit_line_id, 'groupCode', a.group_code,
                 'carc', a.carc, 'description', cc.description, 'amountCents', a.amount_cents)
                 ORDER BY a.adjustment_id), '[]')
        FROM billing.remittance_adjustment a LEFT JOIN rcm_reference.carc cc ON cc.code = a.carc
        WHERE a.remit_claim_id = d.remit_claim_id) AS adjustments,
       (SELECT COALESCE(json_agg(json_build_object('remitLineId', m.remit_line_id, 'code', m.code,
                 'description', rr.description) ORDER BY m.remit_line_id NULLS FIRST, m.code), '[]')
        FROM billing.remittance_remark m LEFT JOIN rcm_reference.rarc rr ON rr.code = m.code
        WHERE m.remit_claim_id = d.remit_claim_id) AS remarks,
       (SELECT COALESCE(json_agg(json_build_object('attempt_id', t.attempt_id, 'denial_id', t.denial_id,
                 'handler_name', t.handler_name, 'carc_code', t.carc_code, 'strategy', t.strategy,
                 'status', t.status, 'details', t.details, 'failure_reason', t.failure_reason,
                 'rebilled_claim_id', t.rebilled_claim_id, 'recovered_amount_cents', t.recovered_amount_cents,
                 'correlation_id', t.correlation_id,
                 'claimed_at', to_char(t.claimed_at AT TIME ZONE 'UTC', ${UTC}),
                 'finished_at', to_char(t.finished_at AT TIME ZONE 'UTC', ${UTC})) ORDER BY t.attempt_id), '[]')
        FROM billing.auto_correction_attempt t WHERE t.tenant_id = $1 AND t.denial_id = d.denial_id) AS attempts,
       (SELECT json_build_object('category', x.category, 'verdict', x.verdict, 'tableVersion', x.table_version)
        FROM rcm_reference.denial_decision x
        WHERE x.group_code IN (split_part(d.carc_codes[1], '-', 1), '*')
          AND x.carc = split_part(d.carc_codes[1], '-', 2) AND x.rarc = '*'
        ORDER BY x.group_code = '*' LIMIT 1) AS decision
     FROM billing.denial d WHERE d.tenant_id = $1 AND d.denial_id = $2`,
    [tenantId, denialId],
  );
  const r = rows[0];
  if (!r) return null;
  const { claim, claimLines, remit, remitLines, adjustments, remarks, attempts, decision, ...denial } = r;
  return { denial, claim, claimLines, remit, remitLines, adjustments, remarks, attempts, decision };
}
