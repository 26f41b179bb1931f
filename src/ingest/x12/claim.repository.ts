import type { Tx } from '../../db/db.js';

/** How many 837 claims and lines posting added. */
export interface PostedClaims {
  claims: number;
  claimLines: number;
}

/**
 * Posts the staged 837 claims. A claim already on file with the same account number (CLM01),
 * frequency code, total charge and REF*F8 is the same claim sent again and is skipped; anything
 * else under a known account number becomes its next version, and a replacement or void
 * (frequency 7 or 8) points at the version it replaces.
 */
export async function postStagedClaims(tx: Tx, tenantId: string, fileId: number): Promise<PostedClaims> {
  await tx.query(
    `CREATE TEMP TABLE x12_claim_plan ON COMMIT DROP AS
     WITH fresh AS (
       SELECT DISTINCT ON (s.pcn, s.frequency, s.charge, coalesce(s.pccn, '')) s.*
       FROM x12_stage_claim s
       WHERE NOT EXISTS (
         SELECT 1 FROM billing.claim c
         WHERE c.tenant_id = $1 AND c.patient_control_number = s.pcn AND c.frequency_code = s.frequency
           AND c.total_charge_cents = s.charge
           AND coalesce(c.payer_claim_control_number, '') = coalesce(s.pccn, ''))
       ORDER BY s.pcn, s.frequency, s.charge, coalesce(s.pccn, ''), s.seq),
     latest AS (
       SELECT DISTINCT ON (patient_control_number) patient_control_number, claim_id, version
       FROM billing.claim WHERE tenant_id = $1 AND patient_control_number IN (SELECT pcn FROM fresh)
       ORDER BY patient_control_number, version DESC)
     SELECT f.seq, coalesce(l.version, 0) + row_number() OVER (PARTITION BY f.pcn ORDER BY f.seq) AS version,
       CASE WHEN f.frequency IN ('7', '8') THEN l.claim_id END AS replaces
     FROM fresh f LEFT JOIN latest l ON l.patient_control_number = f.pcn`,
    [tenantId],
  );
  await tx.query(`CREATE TEMP TABLE x12_new_claim (seq int, claim_id bigint) ON COMMIT DROP`);
  await tx.query(
    `WITH ins AS (
       INSERT INTO billing.claim (tenant_id, patient_control_number, version, replaces_claim_id, claim_type,
         frequency_code, facility_code, total_charge_cents, payer_id, payer_name, payer_claim_control_number,
         prior_authorization, billing_npi, rendering_npi, subscriber_id, patient_last_name, patient_first_name,
         patient_birth_date, diagnosis_codes, service_date_from, service_date_to, source_file_id, source_position)
       SELECT $1, s.pcn, p.version, p.replaces, s.claim_type, s.frequency, s.facility, s.charge, s.payer_id,
         s.payer_name, s.pccn, s.prior_auth, s.billing_npi, s.rendering_npi, s.subscriber_id, s.last_name,
         s.first_name, s.birth_date, s.diagnoses, s.date_from, s.date_to, $2, s.position
       FROM x12_claim_plan p JOIN x12_stage_claim s ON s.seq = p.seq
       ORDER BY s.seq
       RETURNING claim_id, patient_control_number, version)
     INSERT INTO x12_new_claim
     SELECT p.seq, ins.claim_id FROM ins
     JOIN x12_claim_plan p ON p.version = ins.version
     JOIN x12_stage_claim s ON s.seq = p.seq AND s.pcn = ins.patient_control_number`,
    [tenantId, fileId],
  );
  const lines = await tx.query(
    `INSERT INTO billing.claim_line (claim_id, line_number, procedure_qualifier, procedure_code, modifiers,
       revenue_code, charge_cents, units, unit_basis, place_of_service, diagnosis_pointers, service_date)
     SELECT n.claim_id, l.line_number, l.proc_qual, coalesce(l.proc_code, ''), l.modifiers, l.revenue, l.charge,
       l.units, l.unit_basis, l.pos, l.pointers, l.service_date
     FROM x12_stage_claim_line l JOIN x12_new_claim n ON n.seq = l.claim_seq
     RETURNING 1`,
  );
  const claims = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM x12_new_claim');
  return { claims: claims[0]?.n ?? 0, claimLines: lines.length };
}
