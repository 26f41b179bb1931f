import type { Tx } from '../../../src/db/db.js';
import type { DenialClassificationCounts } from '../../../src/classify/classify-denials.js';
import { insertCount } from '../../../src/db/insert-count.js';

/** How many rows posting added; what was already there is counted by the caller. */
export interface PostedRemittances {
  remittances: number;
  remitClaims: number;
  remitLines: number;
  adjustments: number;
  remarks: number;
  providerAdjustments: number;
  denials: number;
  /** How the new denials classified through the CARC/RARC decision table. */
  classified: DenialClassificationCounts;
}

/**
 * Posts the staged 835 rows. A remittance is keyed on (tenant, payer, TRN02); a claim payment on
 * (remittance, CLP01, CLP07, CLP02, occurrence). Rows already present are left alone, and so are
 * their lines, adjustments and remarks: posting the same payment twice changes nothing.
 */
export async function postStagedRemittances(
  tx: Tx,
  tenantId: string,
  fileId: number,
): Promise<PostedRemittances> {
  const remittances = await insertCount(
    tx,
    `INSERT INTO billing.remittance (tenant_id, payer_key, trace_number, payer_name, payee_name, payee_npi,
       handling_code, payment_cents, payment_method, payment_date, production_date, source_file_id, source_position,
       payer_ids)
     SELECT DISTINCT ON (payer_key, trace_number) $1, payer_key, trace_number, payer_name, payee_name, payee_npi,
       handling_code, payment_cents, payment_method, payment_date, production_date, $2, position, payer_ids
     FROM x12_stage_remittance ORDER BY payer_key, trace_number, seq
     ON CONFLICT (tenant_id, payer_key, trace_number) DO NOTHING
     RETURNING remittance_id`,
    [tenantId, fileId],
  );
  await tx.query(
    `CREATE TEMP TABLE x12_remit_map ON COMMIT DROP AS
     SELECT s.seq, r.remittance_id, s.seq = min(s.seq) OVER (PARTITION BY r.remittance_id) AS first_seen,
            r.source_file_id = $2 AS is_new
     FROM x12_stage_remittance s
     JOIN billing.remittance r ON r.tenant_id = $1 AND r.payer_key = s.payer_key AND r.trace_number = s.trace_number`,
    [tenantId, fileId],
  );
  // Ids are drawn before inserting, in file order (so "earlier" means earlier in the file too),
  // and the children join the staging tables on them: no RETURNING to map back.
  await tx.query(
    `CREATE TEMP TABLE x12_new_remit_claim ON COMMIT DROP AS
     SELECT d.seq, nextval('billing.remit_claim_remit_claim_id_seq') AS remit_claim_id,
            d.remittance_id
     FROM (SELECT DISTINCT ON (m.remittance_id, s.pcn, s.pccn, s.status, s.occurrence) m.remittance_id, s.seq,
             m.is_new, s.pcn, s.pccn, s.status, s.occurrence
           FROM x12_stage_remit_claim s JOIN x12_remit_map m ON m.seq = s.remit_seq
           ORDER BY m.remittance_id, s.pcn, s.pccn, s.status, s.occurrence, s.seq) d
     WHERE d.is_new OR NOT EXISTS (
       SELECT 1 FROM billing.remit_claim rc
       WHERE rc.tenant_id = $1 AND rc.remittance_id = d.remittance_id AND rc.patient_control_number = d.pcn
         AND rc.payer_claim_control_number = d.pccn AND rc.status_code = d.status AND rc.occurrence = d.occurrence)
     ORDER BY d.seq`,
    [tenantId],
  );
  await tx.query(
    `INSERT INTO billing.remit_claim (remit_claim_id, tenant_id, remittance_id, patient_control_number, status_code,
       charge_cents, paid_cents, patient_responsibility_cents, claim_filing_indicator, payer_claim_control_number,
       facility_code, frequency_code, service_date_from, service_date_to, received_date, source_position, occurrence,
       source_file_id)
     OVERRIDING SYSTEM VALUE
     SELECT n.remit_claim_id, $1, n.remittance_id, s.pcn, s.status, s.charge, s.paid, s.patient_share, s.filing,
       s.pccn, s.facility, s.frequency, s.date_from, s.date_to, s.received, s.position, s.occurrence, $2
     FROM x12_new_remit_claim n JOIN x12_stage_remit_claim s ON s.seq = n.seq`,
    [tenantId, fileId],
  );
  await tx.query(
    `CREATE TEMP TABLE x12_new_remit_line ON COMMIT DROP AS
     SELECT l.claim_seq, l.line_number, n.remit_claim_id,
            nextval('billing.remit_line_remit_line_id_seq') AS remit_line_id
     FROM x12_stage_remit_line l JOIN x12_new_remit_claim n ON n.seq = l.claim_seq`,
  );
  await tx.query(
    `INSERT INTO billing.remit_line (remit_line_id, tenant_id, remit_claim_id, line_number, procedure_qualifier,
       procedure_code, modifiers, charge_cents, paid_cents, revenue_code, units_paid, service_date, line_control_number)
     OVERRIDING SYSTEM VALUE
     SELECT nl.remit_line_id, $1, nl.remit_claim_id, l.line_number, l.proc_qual, l.proc_code, l.modifiers, l.charge,
       l.paid, l.revenue, l.units, l.service_date, l.line_control
     FROM x12_new_remit_line nl
     JOIN x12_stage_remit_line l ON l.claim_seq = nl.claim_seq AND l.line_number = nl.line_number`,
    [tenantId],
  );
  const adjustments = await insertCount(
    tx,
    `INSERT INTO billing.remittance_adjustment (tenant_id, remit_claim_id, remit_line_id, group_code, carc, amount_cents, quantity)
     SELECT $1, n.remit_claim_id, nl.remit_line_id, a.group_code, a.carc, a.amount, a.quantity
     FROM x12_stage_adjustment a
     JOIN x12_new_remit_claim n ON n.seq = a.claim_seq
     LEFT JOIN x12_new_remit_line nl ON nl.claim_seq = a.claim_seq AND nl.line_number = a.line_number
     ORDER BY a.ord
     RETURNING 1`,
    [tenantId],
  );
  const remarks = await insertCount(
    tx,
    `INSERT INTO billing.remittance_remark (tenant_id, remit_claim_id, remit_line_id, source, code)
     SELECT $1, n.remit_claim_id, nl.remit_line_id, r.source, r.code
     FROM x12_stage_remark r
     JOIN x12_new_remit_claim n ON n.seq = r.claim_seq
     LEFT JOIN x12_new_remit_line nl ON nl.claim_seq = r.claim_seq AND nl.line_number = r.line_number
     ORDER BY r.ord
     RETURNING 1`,
    [tenantId],
  );
  const plb = await insertCount(
    tx,
    `INSERT INTO billing.provider_adjustment (tenant_id, remittance_id, provider_id, fiscal_period, reason_code,
       reference_id, amount_cents)
     SELECT $1, m.remittance_id, p.provider_id, p.fiscal_date, p.reason, p.reference, p.amount
     FROM x12_stage_plb p JOIN x12_remit_map m ON m.seq = p.remit_seq AND m.first_seen AND m.is_new
     RETURNING 1`,
    [tenantId],
  );
  await linkReversals(tx);
  await linkPayments(tx, tenantId, 'x12_stage_remit_claim');
  // Classified while reading (the decision table, in staging.ts): no second pass over the rows.
  const [denials] = await tx.query<{ n: number; yes: number; no: number }>(
    `WITH ins AS (
       INSERT INTO billing.denial (tenant_id, remit_claim_id, claim_id, patient_control_number,
         payer_claim_control_number, payer_key, carc_codes, rarc_codes, denied_amount_cents, denied_on, kind,
         category, retryable)
       SELECT $1, rc.remit_claim_id, rc.claim_id, rc.patient_control_number, rc.payer_claim_control_number,
         r.payer_key, s.denial_carcs, s.denial_rarcs, s.denied_cents, coalesce(r.payment_date, r.production_date),
         s.denial_kind, s.category, s.retryable
       FROM x12_new_remit_claim n
       JOIN x12_stage_remit_claim s ON s.seq = n.seq AND s.is_denial
       JOIN billing.remit_claim rc ON rc.remit_claim_id = n.remit_claim_id
       JOIN billing.remittance r ON r.remittance_id = rc.remittance_id
       ORDER BY n.seq
       RETURNING retryable)
     SELECT count(*)::int AS n, count(*) FILTER (WHERE retryable)::int AS yes,
            count(*) FILTER (WHERE NOT retryable)::int AS no
     FROM ins`,
    [tenantId],
  );
  const lines = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM x12_new_remit_line');
  const claims = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM x12_new_remit_claim');
  return {
    remittances,
    remitClaims: claims[0]?.n ?? 0,
    remitLines: lines[0]?.n ?? 0,
    adjustments,
    remarks,
    providerAdjustments: plb,
    denials: denials?.n ?? 0,
    classified: {
      classified: denials?.n ?? 0,
      retryable: denials?.yes ?? 0,
      nonRetryable: denials?.no ?? 0,
      manual: (denials?.n ?? 0) - (denials?.yes ?? 0) - (denials?.no ?? 0),
    },
  };
}

/**
 * A reversal (CLP02 = 22) points at the payment it takes back: the latest earlier claim payment
 * from the same payer with the same CLP01 and CLP07 that is not itself a reversal.
 */
async function linkReversals(tx: Tx): Promise<void> {
  await tx.query(
    `UPDATE billing.remit_claim r SET reverses_remit_claim_id = (
       SELECT o.remit_claim_id FROM billing.remit_claim o
       JOIN billing.remittance ro ON ro.remittance_id = o.remittance_id
       JOIN billing.remittance rr ON rr.remittance_id = r.remittance_id
       WHERE o.tenant_id = r.tenant_id AND o.patient_control_number = r.patient_control_number
         AND o.payer_claim_control_number = r.payer_claim_control_number AND o.status_code <> '22'
         AND ro.payer_key = rr.payer_key AND o.remit_claim_id <> r.remit_claim_id
       ORDER BY o.remit_claim_id < r.remit_claim_id DESC, o.remit_claim_id DESC LIMIT 1)
     WHERE r.remit_claim_id IN (SELECT remit_claim_id FROM x12_new_remit_claim) AND r.status_code = '22'`,
  );
}

/**
 * Matches claim payments to submitted claims (docs/x12.md, "Matching payments to claims"): among
 * the claims with the payment's account number (CLP01 = CLM01), the best ranked on, in order,
 * payer (the claim's payer id is one the 835's payer goes by, or the names agree), payer order
 * (CLP02 1/2/3 against SBR01 P/S/T), frequency (CLP09, '1' when absent, against CLM05-3) and
 * charge (CLP03 = CLM02); the latest version among equals. When the best-ranked claims belong to
 * different payers the payment is ambiguous and stays unlinked. Every payment of the accounts in
 * `accounts` (a staging table with a `pcn` column) is matched again, so the links depend on which
 * files are in, not on the order they came in; open denials follow their payment's link.
 */
export async function linkPayments(
  tx: Tx,
  tenantId: string,
  accounts: 'x12_stage_remit_claim' | 'x12_stage_claim',
): Promise<void> {
  await tx.query(
    `WITH cand AS (
       SELECT rc.remit_claim_id, c.claim_id, c.version, coalesce(c.payer_id, '') AS payer,
         rank() OVER (PARTITION BY rc.remit_claim_id ORDER BY
           coalesce(c.payer_id = ANY (r.payer_ids) OR upper(c.payer_name) = upper(r.payer_name), false) DESC,
           (CASE rc.status_code WHEN '1' THEN 'P' WHEN '19' THEN 'P' WHEN '2' THEN 'S' WHEN '20' THEN 'S'
              WHEN '3' THEN 'T' WHEN '21' THEN 'T' END) IS NOT DISTINCT FROM coalesce(c.payer_responsibility, 'P') DESC,
           c.frequency_code = coalesce(rc.frequency_code, '1') DESC,
           c.total_charge_cents = rc.charge_cents DESC) AS place
       FROM billing.remit_claim rc
       JOIN billing.remittance r ON r.remittance_id = rc.remittance_id
       JOIN billing.claim c ON c.tenant_id = rc.tenant_id AND c.patient_control_number = rc.patient_control_number
       WHERE rc.tenant_id = $1 AND rc.patient_control_number IN (SELECT pcn FROM ${accounts})),
     best AS (
       SELECT DISTINCT ON (remit_claim_id) remit_claim_id,
         CASE WHEN min(payer) OVER w = max(payer) OVER w THEN claim_id END AS claim_id
       FROM cand WHERE place = 1
       WINDOW w AS (PARTITION BY remit_claim_id)
       ORDER BY remit_claim_id, version DESC)
     UPDATE billing.remit_claim rc SET claim_id = b.claim_id
     FROM best b
     WHERE rc.remit_claim_id = b.remit_claim_id AND rc.claim_id IS DISTINCT FROM b.claim_id`,
    [tenantId],
  );
  await tx.query(
    `UPDATE billing.denial d SET claim_id = rc.claim_id
     FROM billing.remit_claim rc
     WHERE d.tenant_id = $1 AND d.status = 'OPEN' AND rc.remit_claim_id = d.remit_claim_id
       AND d.claim_id IS DISTINCT FROM rc.claim_id
       AND d.patient_control_number IN (SELECT pcn FROM ${accounts})`,
    [tenantId],
  );
}

/** The denials created from one ingested file (for running the correction engine on them next). */
export async function findDenialIdsOfFile(tx: Tx, fileId: number): Promise<number[]> {
  const rows = await tx.query<{ denial_id: number }>(
    `SELECT d.denial_id FROM billing.denial d
     JOIN billing.remit_claim rc ON rc.remit_claim_id = d.remit_claim_id
     WHERE rc.source_file_id = $1 ORDER BY d.denial_id`,
    [fileId],
  );
  return rows.map((r) => r.denial_id);
}
