import type { Queryable, Tx } from '../db/db.js';

/** The claim version the latest successful rebill of a denial produced; null when none did. */
export async function findLatestRebilledClaim(
  db: Queryable,
  tenantId: string,
  denialId: number,
): Promise<number | null> {
  const rows = await db.query<{ id: number }>(
    `SELECT rebilled_claim_id AS id FROM billing.auto_correction_attempt
     WHERE tenant_id = $1 AND denial_id = $2 AND status = 'SUCCESS' AND rebilled_claim_id IS NOT NULL
     ORDER BY attempt_id DESC LIMIT 1`,
    [tenantId, denialId],
  );
  return rows[0]?.id ?? null;
}

/** The distinct corrected claims of one correlation (a CLI run's `--out`). */
export async function findRebilledClaimsOf(db: Queryable, correlationId: string): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT DISTINCT rebilled_claim_id AS id FROM billing.auto_correction_attempt
     WHERE correlation_id = $1 AND rebilled_claim_id IS NOT NULL ORDER BY 1`,
    [correlationId],
  );
  return rows.map((r) => r.id);
}

/** A corrected version to write: a copy of its original with these header fields and line modifiers. */
export interface NewClaimVersion {
  readonly originalClaimId: number;
  /** 1 for the first version of its claim number written in one call, 2 for the next, … */
  readonly ordinal: number;
  readonly frequencyCode: string;
  readonly payerClaimControlNumber: string | null;
  readonly priorAuthorization: string | null;
  /** Modifiers by line number (as text), for every line of the original. */
  readonly modifiers: Readonly<Record<string, readonly string[]>>;
}

/** A claim version as written: its id, and the version its patient control number got. */
export interface WrittenClaimVersion {
  readonly claim_id: number;
  readonly patient_control_number: string;
  readonly version: number;
}

/**
 * Writes the versions' headers in one statement, each a copy of its original (context snapshot,
 * parties, diagnoses) numbered after the highest version of its claim number plus its ordinal.
 * Returns the rows written, in no particular order.
 */
export async function insertClaimVersions(
  tx: Tx,
  versions: readonly NewClaimVersion[],
): Promise<WrittenClaimVersion[]> {
  const payload = JSON.stringify(
    versions.map((v, i) => ({
      i,
      original_id: v.originalClaimId,
      ordinal: v.ordinal,
      frequency_code: v.frequencyCode,
      pccn: v.payerClaimControlNumber,
      prior_authorization: v.priorAuthorization,
      modifiers: v.modifiers,
    })),
  );
  return tx.query<WrittenClaimVersion & Record<string, unknown>>(
    `INSERT INTO billing.claim (
       tenant_id, patient_control_number, version, replaces_claim_id, claim_type, frequency_code, facility_code,
       total_charge_cents, payer_id, payer_name, payer_claim_control_number, prior_authorization, billing_npi,
       rendering_npi, subscriber_id, patient_last_name, patient_first_name, patient_birth_date, diagnosis_codes,
       service_date_from, service_date_to, resolved_context_snapshot)
     SELECT o.tenant_id, o.patient_control_number,
            (SELECT max(x.version) FROM billing.claim x
             WHERE x.tenant_id = o.tenant_id AND x.patient_control_number = o.patient_control_number) + n.ordinal,
            o.claim_id, o.claim_type, n.frequency_code, o.facility_code, o.total_charge_cents, o.payer_id, o.payer_name,
            n.pccn, n.prior_authorization, o.billing_npi, o.rendering_npi, o.subscriber_id, o.patient_last_name,
            o.patient_first_name, o.patient_birth_date, o.diagnosis_codes, o.service_date_from, o.service_date_to,
            o.resolved_context_snapshot
     FROM jsonb_to_recordset($1::jsonb)
          AS n(i int, original_id bigint, ordinal int, frequency_code text, pccn text, prior_authorization text)
     JOIN billing.claim o ON o.claim_id = n.original_id AND o.claim_id = ANY($2::bigint[])
     RETURNING claim_id, patient_control_number, version`,
    [payload, versions.map((v) => v.originalClaimId)],
  );
}

/** Copies the lines of each original to its new version, with the new version's modifiers. */
export async function insertClaimVersionLines(
  tx: Tx,
  versions: readonly {
    readonly claimId: number;
    readonly originalClaimId: number;
    readonly modifiers: Readonly<Record<string, readonly string[]>>;
  }[],
): Promise<void> {
  await tx.query(
    `INSERT INTO billing.claim_line (claim_id, line_number, procedure_qualifier, procedure_code, modifiers, revenue_code,
       charge_cents, units, unit_basis, place_of_service, diagnosis_pointers, service_date)
     SELECT n.new_id, l.line_number, l.procedure_qualifier, l.procedure_code,
            CASE WHEN n.modifiers ? l.line_number::text
                 THEN ARRAY(SELECT jsonb_array_elements_text(n.modifiers -> l.line_number::text))
                 ELSE l.modifiers END,
            l.revenue_code, l.charge_cents, l.units, l.unit_basis, l.place_of_service, l.diagnosis_pointers, l.service_date
     FROM jsonb_to_recordset($1::jsonb) AS n(new_id bigint, original_id bigint, modifiers jsonb)
     JOIN billing.claim_line l ON l.claim_id = n.original_id AND l.claim_id = ANY($2::bigint[])`,
    [
      JSON.stringify(
        versions.map((v) => ({ new_id: v.claimId, original_id: v.originalClaimId, modifiers: v.modifiers })),
      ),
      versions.map((v) => v.originalClaimId),
    ],
  );
}

/** A claim version's header as stored (837 fields and the context snapshot). */
export interface StoredClaim {
  readonly claim_id: number;
  readonly patient_control_number: string;
  readonly claim_type: 'professional' | 'institutional';
  readonly frequency_code: string;
  readonly facility_code: string | null;
  readonly total_charge_cents: number;
  readonly payer_id: string | null;
  readonly payer_name: string | null;
  readonly payer_claim_control_number: string | null;
  readonly prior_authorization: string | null;
  readonly billing_npi: string | null;
  readonly rendering_npi: string | null;
  readonly subscriber_id: string | null;
  readonly patient_last_name: string | null;
  readonly patient_first_name: string | null;
  readonly patient_birth_date: string | null;
  readonly diagnosis_codes: string[];
  readonly service_date_from: string | null;
  readonly service_date_to: string | null;
  readonly resolved_context_snapshot: Record<string, unknown>;
}

/** A claim version's line as stored. */
export interface StoredClaimLine {
  readonly claim_id: number;
  readonly line_number: number;
  readonly procedure_qualifier: string;
  readonly procedure_code: string;
  readonly modifiers: string[];
  readonly revenue_code: string | null;
  readonly charge_cents: number;
  readonly units: string | number | null;
  readonly unit_basis: string | null;
  readonly place_of_service: string | null;
  readonly diagnosis_pointers: string[];
  readonly service_date: string | null;
}

/** The tenant's claim versions with these ids (those that exist), in no particular order. */
export async function findClaims(
  db: Queryable,
  tenantId: string,
  claimIds: readonly number[],
): Promise<StoredClaim[]> {
  return db.query<StoredClaim & Record<string, unknown>>(
    `SELECT claim_id, patient_control_number, claim_type, frequency_code, facility_code, total_charge_cents, payer_id,
              payer_name, payer_claim_control_number, prior_authorization, billing_npi, rendering_npi, subscriber_id,
              patient_last_name, patient_first_name, patient_birth_date, diagnosis_codes, service_date_from,
              service_date_to, resolved_context_snapshot
       FROM billing.claim WHERE tenant_id = $1 AND claim_id = ANY($2::bigint[])`,
    [tenantId, claimIds],
  );
}

/** The lines of these claim versions, by claim id and line number. */
export async function findClaimLines(db: Queryable, claimIds: readonly number[]): Promise<StoredClaimLine[]> {
  return db.query<StoredClaimLine & Record<string, unknown>>(
    `SELECT claim_id, line_number, procedure_qualifier, procedure_code, modifiers, revenue_code, charge_cents,
              units::text AS units, unit_basis, place_of_service, diagnosis_pointers, service_date
       FROM billing.claim_line WHERE claim_id = ANY($1::bigint[]) ORDER BY claim_id, line_number`,
    [claimIds],
  );
}
