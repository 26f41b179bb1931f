import type { Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { resolvedContext } from '../ingest/x12/claim-context.js';
import { findClaimLines, findClaims } from './corrected-claim.repository.js';
import type { Claim837 } from '../x12/claims/model.js';
import { write837P, type Writer837Options } from '../x12/claims/writer.js';

/**
 * Reads claim versions back as 837 claims, in the order asked. The first diagnosis is the
 * principal one (ABK), the rest other diagnoses (ABF), as the 837 reader stored them.
 */
export async function loadClaims837(
  db: Queryable,
  tenantId: string,
  claimIds: readonly number[],
): Promise<Claim837[]> {
  if (claimIds.length === 0) return [];
  const [claims, lines] = await Promise.all([
    findClaims(db, tenantId, claimIds),
    findClaimLines(db, claimIds),
  ]);
  const byId = new Map(claims.map((c) => [c.claim_id, c]));
  return claimIds.map((id) => {
    const c = byId.get(id);
    if (!c) throw new ReclaimError('NOT_FOUND', `claim ${id} not found`, { claimId: id });
    const snapshot = resolvedContext(c.resolved_context_snapshot, c);
    const text = (key: string) => {
      const v = snapshot[key];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    return {
      claimType: c.claim_type,
      patientControlNumber: c.patient_control_number,
      chargeCents: c.total_charge_cents,
      facilityCode: c.facility_code ?? undefined,
      facilityQualifier: undefined,
      frequencyCode: c.frequency_code,
      payerClaimControlNumber: c.payer_claim_control_number ?? undefined,
      priorAuthorization: c.prior_authorization ?? undefined,
      diagnoses: c.diagnosis_codes.map((code, i) => ({ qualifier: i === 0 ? 'ABK' : 'ABF', code })),
      billingProvider: {
        name: text('billing_provider_name'),
        npi: c.billing_npi ?? undefined,
        address: undefined,
        taxId: undefined,
      },
      renderingProvider: c.rendering_npi
        ? { name: text('rendering_provider_name'), npi: c.rendering_npi }
        : undefined,
      payer: { name: c.payer_name ?? undefined, id: c.payer_id ?? undefined },
      filingIndicator: undefined,
      subscriber: {
        lastName: c.patient_last_name ?? undefined,
        firstName: c.patient_first_name ?? undefined,
        id: c.subscriber_id ?? undefined,
        birthDate: c.patient_birth_date ?? undefined,
        gender: undefined,
      },
      patient: undefined,
      serviceDateFrom: c.service_date_from ?? undefined,
      serviceDateTo: c.service_date_to ?? undefined,
      lines: lines
        .filter((l) => l.claim_id === id)
        .map((l) => ({
          lineNumber: l.line_number,
          procedureQualifier: l.procedure_qualifier,
          procedureCode: l.procedure_code,
          modifiers: l.modifiers,
          revenueCode: l.revenue_code ?? undefined,
          chargeCents: l.charge_cents,
          unitBasis: l.unit_basis ?? undefined,
          units: l.units === null ? undefined : String(l.units),
          placeOfService: l.place_of_service ?? undefined,
          diagnosisPointers: l.diagnosis_pointers,
          serviceDate: l.service_date ?? undefined,
          serviceDateTo: undefined,
          lineControlNumber: undefined,
        })),
    };
  });
}

/** Default envelope for corrected claims written by Reclaim; a caller sending to a clearinghouse passes its own ids. */
export function defaultWriterOptions(now: Date = new Date()): Writer837Options {
  return {
    senderId: 'RECLAIM',
    receiverId: 'PAYER',
    submitter: { name: 'RECLAIM', contactName: 'BILLING', phone: '0000000000' },
    receiver: { name: 'PAYER' },
    controlNumber: (Math.floor(now.getTime() / 1000) % 999_999_999) + 1,
    createdAt: now.toISOString().slice(0, 16),
    lineBreaks: true,
  };
}

/** The corrected claims as one 837P interchange. */
export async function writeClaims837(
  db: Queryable,
  tenantId: string,
  claimIds: readonly number[],
  options: Writer837Options = defaultWriterOptions(),
): Promise<string> {
  return write837P(await loadClaims837(db, tenantId, claimIds), options);
}
