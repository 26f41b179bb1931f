import type { Tx } from '../db/db.js';
import type { ClaimCorrection, ClaimFacts } from './types.js';

/** CLM05-3 for a replacement of a prior claim. */
export const REPLACEMENT_FREQUENCY = '7';

/** The parts of a claim version a correction can change: what a preview shows side by side. */
export interface ClaimFace {
  readonly frequencyCode: string;
  readonly payerClaimControlNumber: string | null;
  readonly priorAuthorization: string | null;
  readonly lines: readonly {
    readonly lineNumber: number;
    readonly procedureCode: string;
    readonly modifiers: readonly string[];
  }[];
}

export interface ClaimDiff {
  /** CLM05-3, REF*F8 and REF*G1: [before, after] when they change. */
  readonly fields: Readonly<Record<string, readonly [string | null, string | null]>>;
  readonly modifiers: readonly {
    readonly lineNumber: number;
    readonly procedureCode: string;
    readonly before: readonly string[];
    readonly after: readonly string[];
  }[];
}

/** A corrected claim version to write: the original with the corrections of every rebilling handler. */
export interface CorrectedClaimPlan {
  readonly originalClaimId: number;
  readonly patientControlNumber: string;
  readonly before: ClaimFace;
  readonly after: ClaimFace;
}

/**
 * Builds the replacement of `claim`: frequency 7, REF*F8 with the payer's control number for the
 * original, and the corrections merged in handler order. Null when there is no control number to
 * reference, since a payer cannot match a replacement without one.
 */
export function planCorrectedClaim(
  claim: ClaimFacts,
  payerClaimControlNumber: string,
  corrections: readonly ClaimCorrection[],
): CorrectedClaimPlan | null {
  if (payerClaimControlNumber.trim() === '') return null;
  const before = faceOf(claim);
  let priorAuthorization = claim.priorAuthorization;
  const modifiers = new Map(claim.lines.map((l) => [l.lineNumber, [...l.modifiers]]));
  for (const c of corrections) {
    if (c.priorAuthorization !== undefined) priorAuthorization = c.priorAuthorization;
    for (const [line, add] of Object.entries(c.addModifiers ?? {})) {
      const current = modifiers.get(Number(line));
      if (!current) continue;
      for (const m of add) if (!current.includes(m)) current.push(m);
    }
  }
  return {
    originalClaimId: claim.claimId,
    patientControlNumber: claim.patientControlNumber,
    before,
    after: {
      frequencyCode: REPLACEMENT_FREQUENCY,
      payerClaimControlNumber,
      priorAuthorization,
      lines: claim.lines.map((l) => ({
        lineNumber: l.lineNumber,
        procedureCode: l.procedureCode,
        modifiers: modifiers.get(l.lineNumber) ?? [],
      })),
    },
  };
}

function faceOf(claim: ClaimFacts): ClaimFace {
  return {
    frequencyCode: claim.frequencyCode,
    payerClaimControlNumber: claim.payerClaimControlNumber,
    priorAuthorization: claim.priorAuthorization,
    lines: claim.lines.map((l) => ({
      lineNumber: l.lineNumber,
      procedureCode: l.procedureCode,
      modifiers: l.modifiers,
    })),
  };
}

/**
 * Writes corrected versions in two statements whatever their number: each copies its original
 * (context snapshot, parties, diagnoses, lines) and takes the next version number of its patient
 * control number. Returns the new claim ids in the order of `plans`.
 */
export async function insertCorrectedClaims(tx: Tx, plans: readonly CorrectedClaimPlan[]): Promise<number[]> {
  if (plans.length === 0) return [];
  // Two corrections of one claim number in a batch take consecutive versions.
  const seen = new Map<string, number>();
  const rows = plans.map((p, i) => {
    const ordinal = (seen.get(p.patientControlNumber) ?? 0) + 1;
    seen.set(p.patientControlNumber, ordinal);
    return {
      i,
      original_id: p.originalClaimId,
      ordinal,
      frequency_code: p.after.frequencyCode,
      pccn: p.after.payerClaimControlNumber,
      prior_authorization: p.after.priorAuthorization,
      modifiers: Object.fromEntries(p.after.lines.map((l) => [String(l.lineNumber), l.modifiers])),
    };
  });
  const payload = JSON.stringify(rows);
  const inserted = await tx.query<{ claim_id: number; patient_control_number: string; version: number }>(
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
    [payload, plans.map((p) => p.originalClaimId)],
  );
  if (inserted.length !== plans.length)
    throw new Error(`corrected claims: wrote ${inserted.length} of ${plans.length}`);
  // The k-th plan of a claim number got the k-th lowest of the versions written for it.
  const versionsOf = new Map<string, { claim_id: number; version: number }[]>();
  for (const r of inserted)
    versionsOf.set(r.patient_control_number, [...(versionsOf.get(r.patient_control_number) ?? []), r]);
  for (const list of versionsOf.values()) list.sort((a, b) => a.version - b.version);
  const ids = rows.map((r) => versionsOf.get(plans[r.i]!.patientControlNumber)![r.ordinal - 1]!.claim_id);
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
        rows.map((r) => ({ new_id: ids[r.i], original_id: r.original_id, modifiers: r.modifiers })),
      ),
      plans.map((p) => p.originalClaimId),
    ],
  );
  return ids;
}

/** What a correction changes: the header fields that differ and the lines whose modifiers do. */
export function diffClaim(before: ClaimFace, after: ClaimFace): ClaimDiff {
  const fields: Record<string, readonly [string | null, string | null]> = {};
  const field = (name: string, a: string | null, b: string | null) => {
    if (a !== b) fields[name] = [a, b];
  };
  field('CLM05-3', before.frequencyCode, after.frequencyCode);
  field('REF*F8', before.payerClaimControlNumber, after.payerClaimControlNumber);
  field('REF*G1', before.priorAuthorization, after.priorAuthorization);
  const modifiers = after.lines.flatMap((line) => {
    const was = before.lines.find((l) => l.lineNumber === line.lineNumber)?.modifiers ?? [];
    return was.join(':') === line.modifiers.join(':')
      ? []
      : [
          {
            lineNumber: line.lineNumber,
            procedureCode: line.procedureCode,
            before: was,
            after: line.modifiers,
          },
        ];
  });
  return { fields, modifiers };
}
