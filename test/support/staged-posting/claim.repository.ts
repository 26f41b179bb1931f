import type { Tx } from '../../../src/db/db.js';
import { insertCount } from '../../../src/db/insert-count.js';

/** How many 837 claims, lines, submissions and COB pairs posting added. */
export interface PostedClaims {
  claims: number;
  claimLines: number;
  submissions: number;
  cobLinks: number;
}

/**
 * Posts the staged 837 claims. A claim's identity is its account number (CLM01), payer (2010BB
 * NM109), frequency code, total charge and REF*F8: a claim already on file with all five is the
 * same claim sent again and is skipped, so the claim a secondary payer gets (same CLM01 and charge,
 * another payer) is a claim of its own. Version numbers count every claim under the account; a
 * replacement or void (frequency 7 or 8) points at the latest version sent to the same payer.
 * Every staged claim, new or sent again, gets a submission (the transaction's date and interchange
 * control number, with file and receiver in claim_submission_source) and a SUBMITTED status
 * entry, once per transaction.
 */
export async function postStagedClaims(tx: Tx, tenantId: string, fileId: number): Promise<PostedClaims> {
  await tx.query(
    `CREATE TEMP TABLE x12_claim_plan ON COMMIT DROP AS
     WITH fresh AS (
       SELECT DISTINCT ON (s.pcn, coalesce(s.payer_id, ''), s.frequency, s.charge, coalesce(s.pccn, '')) s.*
       FROM x12_stage_claim s
       WHERE NOT EXISTS (
         SELECT 1 FROM billing.claim c
         WHERE c.tenant_id = $1 AND c.patient_control_number = s.pcn
           AND coalesce(c.payer_id, '') = coalesce(s.payer_id, '') AND c.frequency_code = s.frequency
           AND c.total_charge_cents = s.charge
           AND coalesce(c.payer_claim_control_number, '') = coalesce(s.pccn, ''))
       ORDER BY s.pcn, coalesce(s.payer_id, ''), s.frequency, s.charge, coalesce(s.pccn, ''), s.seq),
     latest AS (
       SELECT DISTINCT ON (patient_control_number) patient_control_number, version
       FROM billing.claim WHERE tenant_id = $1 AND patient_control_number IN (SELECT pcn FROM fresh)
       ORDER BY patient_control_number, version DESC),
     replaced AS (
       SELECT DISTINCT ON (c.patient_control_number, coalesce(c.payer_id, '')) c.patient_control_number,
              coalesce(c.payer_id, '') AS payer, c.claim_id
       FROM billing.claim c
       WHERE c.tenant_id = $1 AND c.patient_control_number IN (SELECT pcn FROM fresh WHERE frequency IN ('7', '8'))
       ORDER BY c.patient_control_number, coalesce(c.payer_id, ''), c.version DESC)
     SELECT f.seq, nextval('billing.claim_claim_id_seq') AS claim_id,
       coalesce(l.version, 0) + row_number() OVER (PARTITION BY f.pcn ORDER BY f.seq) AS version,
       CASE WHEN f.frequency IN ('7', '8') THEN r.claim_id END AS replaces
     FROM fresh f
     LEFT JOIN latest l ON l.patient_control_number = f.pcn
     LEFT JOIN replaced r ON r.patient_control_number = f.pcn AND r.payer = coalesce(f.payer_id, '')`,
    [tenantId],
  );
  const claims = await insertCount(
    tx,
    `INSERT INTO billing.claim (claim_id, tenant_id, patient_control_number, version, replaces_claim_id, claim_type,
       frequency_code, facility_code, total_charge_cents, payer_id, payer_name, payer_claim_control_number,
       prior_authorization, billing_npi, rendering_npi, subscriber_id, patient_last_name, patient_first_name,
       patient_birth_date, diagnosis_codes, service_date_from, service_date_to, source_file_id, source_position,
       payer_responsibility, other_payer_ids, resolved_context_snapshot)
     OVERRIDING SYSTEM VALUE
     SELECT p.claim_id, $1, s.pcn, p.version, p.replaces, s.claim_type, s.frequency, s.facility, s.charge, s.payer_id,
       s.payer_name, s.pccn, s.prior_auth, s.billing_npi, s.rendering_npi, s.subscriber_id, s.last_name,
       s.first_name, s.birth_date, s.diagnoses, s.date_from, s.date_to, $2, s.position, s.payer_resp,
       s.other_payer_ids, s.snapshot
     FROM x12_claim_plan p JOIN x12_stage_claim s ON s.seq = p.seq
     ORDER BY s.seq
     RETURNING 1`,
    [tenantId, fileId],
  );
  const lines = await insertCount(
    tx,
    `INSERT INTO billing.claim_line (claim_id, line_number, procedure_qualifier, procedure_code, modifiers,
       revenue_code, charge_cents, units, unit_basis, place_of_service, diagnosis_pointers, service_date, teeth,
       oral_cavity_areas)
     SELECT p.claim_id, l.line_number, l.proc_qual, coalesce(l.proc_code, ''), l.modifiers, l.revenue, l.charge,
       l.units, l.unit_basis, l.pos, l.pointers, l.service_date, l.teeth, l.areas
     FROM x12_stage_claim_line l JOIN x12_claim_plan p ON p.seq = l.claim_seq
     RETURNING 1`,
  );
  // Every staged claim is now on file: as itself, or as the claim it repeats.
  await tx.query(
    `CREATE TEMP TABLE x12_claim_of_seq ON COMMIT DROP AS
     SELECT DISTINCT ON (s.seq) s.seq, s.pcn, s.txn_seq, c.claim_id
     FROM x12_stage_claim s
     JOIN billing.claim c ON c.tenant_id = $1 AND c.patient_control_number = s.pcn
      AND coalesce(c.payer_id, '') = coalesce(s.payer_id, '') AND c.frequency_code = s.frequency
      AND c.total_charge_cents = s.charge AND coalesce(c.payer_claim_control_number, '') = coalesce(s.pccn, '')
     ORDER BY s.seq, c.version`,
    [tenantId],
  );
  // A submission per claim and transaction; one already recorded (the same transaction read
  // before) adds nothing, neither evidence nor a status entry.
  const submissions = await insertCount(
    tx,
    `WITH src AS (
       INSERT INTO billing.claim_submission_source (tenant_id, claim_id, submitted_at, reference,
         transaction_control_number, source_file_id, source_position, submitter_id, receiver_id, receiver_name)
       SELECT DISTINCT ON (m.claim_id, t.submitted_at, coalesce(t.interchange, ''), t.control_number)
         $1, m.claim_id, t.submitted_at, coalesce(t.interchange, ''), t.control_number, $2, t.position,
         t.submitter_id, t.receiver_id, t.receiver_name
       FROM x12_claim_of_seq m JOIN x12_stage_claim_txn t ON t.seq = m.txn_seq
       WHERE t.submitted_at IS NOT NULL
       ORDER BY m.claim_id, t.submitted_at, coalesce(t.interchange, ''), t.control_number
       ON CONFLICT DO NOTHING
       RETURNING claim_id, submitted_at, reference),
     sub AS (
       INSERT INTO billing.claim_submission (tenant_id, claim_id, submitted_at, channel, reference)
       SELECT $1, claim_id, submitted_at, 'edi', nullif(reference, '') FROM src
       RETURNING claim_id, submitted_at)
     INSERT INTO billing.claim_status_history (tenant_id, claim_id, status, status_at, source)
     SELECT $1, claim_id, 'SUBMITTED', submitted_at, 'x12-837' FROM sub
     RETURNING 1`,
    [tenantId, fileId],
  );
  const cob = await linkCoordinationOfBenefits(tx, tenantId);
  return { claims: claims, claimLines: lines, submissions: submissions, cobLinks: cob };
}

/**
 * Pairs each claim sent to a secondary or later payer (SBR01 not P) with the claim of the same
 * account sent to the payer before it: the last payer it names in loop 2330B that has a claim on
 * file, the same charge preferred, then the latest version. `cob_prior_claim_id` holds the pair.
 * Runs over every account of the file, so the pair is made whichever claim arrives first.
 */
async function linkCoordinationOfBenefits(tx: Tx, tenantId: string): Promise<number> {
  const rows = await insertCount(
    tx,
    `WITH prior AS (
       SELECT DISTINCT ON (c.claim_id) c.claim_id, o.claim_id AS prior_id
       FROM billing.claim c
       JOIN billing.claim o ON o.tenant_id = c.tenant_id AND o.patient_control_number = c.patient_control_number
        AND o.claim_id <> c.claim_id AND o.payer_id = ANY (c.other_payer_ids)
       WHERE c.tenant_id = $1 AND c.patient_control_number IN (SELECT pcn FROM x12_claim_of_seq)
         AND coalesce(c.payer_responsibility, 'P') <> 'P' AND cardinality(c.other_payer_ids) > 0
       ORDER BY c.claim_id, array_position(c.other_payer_ids, o.payer_id) DESC,
         (o.total_charge_cents = c.total_charge_cents) DESC, o.version DESC)
     UPDATE billing.claim c SET cob_prior_claim_id = p.prior_id
     FROM prior p
     WHERE c.claim_id = p.claim_id AND c.cob_prior_claim_id IS DISTINCT FROM p.prior_id
     RETURNING 1`,
    [tenantId],
  );
  return rows;
}
