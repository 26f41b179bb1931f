import type { Tx } from '../db/db.js';
import { resolvedContext } from '../ingest/x12/claim-context.js';
import type {
  Adjustment,
  Authorization,
  ClaimFacts,
  ClaimLineFacts,
  DenialContext,
  DenialFacts,
  DuplicateCandidate,
  ModifierRule,
  Need,
  RemitFacts,
  StatusEntry,
  Submission,
} from './types.js';

export interface ContextRequest {
  readonly denialId: number;
  readonly needs: ReadonlySet<Need>;
}

/** Loads the contexts of many denials of one tenant in a fixed number of queries. */
export async function loadContexts(
  tx: Tx,
  tenantId: string,
  requests: readonly ContextRequest[],
): Promise<Map<number, DenialContext>> {
  const out = new Map<number, DenialContext>();
  if (requests.length === 0) return out;
  const needsOf = new Map(requests.map((r) => [r.denialId, r.needs]));
  const denials = await findDenialFacts(
    tx,
    requests.map((r) => r.denialId),
  );
  const claimIds = uniq(denials.map((d) => d.claimId).filter((id): id is number => id !== null));
  const claimsFor = (need: Need) =>
    uniq(
      denials.filter((d) => d.claimId !== null && needsOf.get(d.denialId)?.has(need)).map((d) => d.claimId!),
    );
  const remitIds = denials
    .filter((d) => needsOf.get(d.denialId)?.has('adjustments'))
    .map((d) => d.remitClaimId);
  const anyNeeds = (need: Need) => requests.some((r) => r.needs.has(need));

  // One query after another: a transaction runs them one at a time anyway, and PGlite is slower
  // when they queue up together.
  const claims = await findClaims(tx, claimIds);
  const remits = await findRemits(tx, remitIds);
  const submissions = anyNeeds('submissions') ? await findSubmissions(tx, claimsFor('submissions')) : [];
  const history = anyNeeds('submissions') ? await findStatusHistory(tx, claimsFor('submissions')) : [];
  const auths = anyNeeds('authorizations') ? await findAuthorizations(tx, claimsFor('authorizations')) : [];
  const duplicates = anyNeeds('duplicates') ? await findDuplicateCandidates(tx, claimsFor('duplicates')) : [];
  const rules = anyNeeds('modifierRules') ? await findModifierRules(tx, tenantId) : [];
  const payerIds = uniq([...claims.values()].map((c) => c.payerId).filter((p): p is string => p !== null));
  const filingDays = await findTimelyFilingDays(tx, tenantId, [
    ...payerIds,
    ...denials.map((d) => d.payerKey),
  ]);

  for (const { payerKey, ...denial } of denials) {
    const claim = denial.claimId === null ? null : (claims.get(denial.claimId) ?? null);
    const byClaim = <T extends { claimId: number }>(rows: readonly T[]) =>
      claim ? rows.filter((r) => r.claimId === claim.claimId) : [];
    out.set(denial.denialId, {
      denial,
      claim,
      remit: remits.get(denial.remitClaimId) ?? null,
      timelyFilingDays: filingDays.get(claim?.payerId ?? payerKey) ?? filingDays.get(payerKey) ?? null,
      submissions: byClaim(submissions),
      statusHistory: byClaim(history),
      authorizations: claim ? auths.filter((a) => a.claimId === claim.claimId) : [],
      modifierRules: rules,
      duplicateCandidates: claim ? duplicates.filter((d) => d.forClaimId === claim.claimId) : [],
    });
  }
  return out;
}

function uniq<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

async function findDenialFacts(
  tx: Tx,
  denialIds: readonly number[],
): Promise<(DenialFacts & { payerKey: string })[]> {
  const rows = await tx.query<{
    denial_id: number;
    tenant_id: string;
    claim_id: number | null;
    remit_claim_id: number;
    carc_codes: string[];
    rarc_codes: string[];
    denied_amount_cents: number;
    payer_claim_control_number: string;
    payer_key: string;
    denied_on: string;
  }>(
    `SELECT d.denial_id, d.tenant_id, d.claim_id, d.remit_claim_id, d.carc_codes, d.rarc_codes,
            d.denied_amount_cents, d.payer_claim_control_number, d.payer_key,
            COALESCE(d.denied_on, (d.created_at AT TIME ZONE 'UTC')::date) AS denied_on
     FROM billing.denial d WHERE d.denial_id = ANY($1::bigint[]) ORDER BY d.denial_id`,
    [denialIds],
  );
  return rows.map((r) => ({
    denialId: r.denial_id,
    tenantId: r.tenant_id,
    claimId: r.claim_id,
    remitClaimId: r.remit_claim_id,
    carcCodes: r.carc_codes,
    rarcCodes: r.rarc_codes,
    deniedAmountCents: r.denied_amount_cents,
    payerClaimControlNumber: r.payer_claim_control_number,
    payerKey: r.payer_key,
    deniedOn: r.denied_on,
  }));
}

async function findClaims(tx: Tx, claimIds: readonly number[]): Promise<Map<number, ClaimFacts>> {
  if (claimIds.length === 0) return new Map();
  const claims = await tx.query<{
    claim_id: number;
    patient_control_number: string;
    version: number;
    frequency_code: string;
    payer_id: string | null;
    payer_name: string | null;
    billing_npi: string | null;
    rendering_npi: string | null;
    subscriber_id: string | null;
    service_date_from: string | null;
    service_date_to: string | null;
    prior_authorization: string | null;
    payer_claim_control_number: string | null;
    resolved_context_snapshot: Record<string, unknown>;
    provider_credential: string | null;
    provider_state: string | null;
  }>(
    // The providers a tenant loaded fill what the claim's own snapshot leaves out (an 837P names
    // the rendering NPI but never its credential): the rendering provider first, else billing.
    `SELECT c.claim_id, c.patient_control_number, c.version, c.frequency_code, c.payer_id, c.payer_name,
            c.billing_npi, c.rendering_npi, c.subscriber_id,
            c.service_date_from, c.service_date_to, c.prior_authorization, c.payer_claim_control_number,
            c.resolved_context_snapshot,
            coalesce(rp.credential, bp.credential) AS provider_credential,
            coalesce(bp.state, rp.state) AS provider_state
       FROM billing.claim c
       LEFT JOIN billing.provider rp ON rp.tenant_id = c.tenant_id AND rp.npi = c.rendering_npi
       LEFT JOIN billing.provider bp ON bp.tenant_id = c.tenant_id AND bp.npi = c.billing_npi
      WHERE c.claim_id = ANY($1::bigint[])`,
    [claimIds],
  );
  const lines = await tx.query<{
    claim_id: number;
    line_number: number;
    procedure_code: string;
    modifiers: string[];
    charge_cents: number;
  }>(
    `SELECT claim_id, line_number, procedure_code, modifiers, charge_cents
       FROM billing.claim_line WHERE claim_id = ANY($1::bigint[]) ORDER BY claim_id, line_number`,
    [claimIds],
  );
  const linesOf = new Map<number, ClaimLineFacts[]>();
  for (const l of lines) {
    const list = linesOf.get(l.claim_id) ?? [];
    list.push({
      lineNumber: l.line_number,
      procedureCode: l.procedure_code,
      modifiers: l.modifiers,
      chargeCents: l.charge_cents,
    });
    linesOf.set(l.claim_id, list);
  }
  return new Map(
    claims.map((c) => [
      c.claim_id,
      {
        claimId: c.claim_id,
        patientControlNumber: c.patient_control_number,
        version: c.version,
        frequencyCode: c.frequency_code,
        payerId: c.payer_id,
        subscriberId: c.subscriber_id,
        serviceDateFrom: c.service_date_from,
        serviceDateTo: c.service_date_to,
        priorAuthorization: c.prior_authorization,
        payerClaimControlNumber: c.payer_claim_control_number,
        snapshot: withReference(resolvedContext(c.resolved_context_snapshot, c), {
          rendering_credential: c.provider_credential,
          facility_address_state: c.provider_state,
          payer_id: c.payer_id,
        }),
        lines: linesOf.get(c.claim_id) ?? [],
      },
    ]),
  );
}

/**
 * The claim's snapshot with its missing keys filled from reference data; what the claim itself
 * recorded wins, and each filled key is named in `sources` as coming from the reference tables.
 */
function withReference(
  snapshot: Record<string, unknown>,
  reference: Record<string, string | null>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...snapshot };
  const sources: Record<string, unknown> =
    typeof snapshot.sources === 'object' && snapshot.sources !== null
      ? { ...(snapshot.sources as object) }
      : {};
  let filled = false;
  for (const [key, value] of Object.entries(reference)) {
    const own = out[key];
    if ((own === undefined || own === null || own === '') && value) {
      out[key] = value;
      sources[key] = key === 'payer_id' ? 'claim payer_id' : 'reference providers';
      filled = true;
    }
  }
  if (filled) out.sources = sources;
  return out;
}

/** Every remittance claim, with its adjustments when asked for (claim level and all its lines). */
async function findRemits(tx: Tx, remitClaimIds: readonly number[]): Promise<Map<number, RemitFacts>> {
  if (remitClaimIds.length === 0) return new Map();
  const remits = await tx.query<{
    remit_claim_id: number;
    payer_claim_control_number: string;
    status_code: string;
  }>(
    `SELECT remit_claim_id, payer_claim_control_number, status_code FROM billing.remit_claim WHERE remit_claim_id = ANY($1::bigint[])`,
    [remitClaimIds],
  );
  const adjustments = await tx.query<{
    remit_claim_id: number;
    remit_line_id: number | null;
    group_code: string;
    carc: string;
    amount_cents: number;
  }>(
    `SELECT remit_claim_id, remit_line_id, group_code, carc, amount_cents
       FROM billing.remittance_adjustment WHERE remit_claim_id = ANY($1::bigint[]) ORDER BY adjustment_id`,
    [remitClaimIds],
  );
  const adjOf = new Map<number, Adjustment[]>();
  for (const a of adjustments) {
    const list = adjOf.get(a.remit_claim_id) ?? [];
    list.push({
      groupCode: a.group_code,
      carc: a.carc,
      amountCents: a.amount_cents,
      remitLineId: a.remit_line_id,
    });
    adjOf.set(a.remit_claim_id, list);
  }
  return new Map(
    remits.map((r) => [
      r.remit_claim_id,
      {
        remitClaimId: r.remit_claim_id,
        payerClaimControlNumber: r.payer_claim_control_number,
        statusCode: r.status_code,
        adjustments: adjOf.get(r.remit_claim_id) ?? [],
      },
    ]),
  );
}

async function findSubmissions(tx: Tx, claimIds: readonly number[]): Promise<Submission[]> {
  if (claimIds.length === 0) return [];
  const rows = await tx.query<{
    submission_id: number;
    claim_id: number;
    submitted_at: string;
    channel: string;
    reference: string | null;
  }>(
    `SELECT submission_id, claim_id, to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS submitted_at,
            channel, reference
     FROM billing.claim_submission WHERE claim_id = ANY($1::bigint[]) ORDER BY submitted_at, submission_id`,
    [claimIds],
  );
  return rows.map((r) => ({
    submissionId: r.submission_id,
    claimId: r.claim_id,
    submittedAt: r.submitted_at,
    channel: r.channel,
    reference: r.reference,
  }));
}

async function findStatusHistory(tx: Tx, claimIds: readonly number[]): Promise<StatusEntry[]> {
  if (claimIds.length === 0) return [];
  const rows = await tx.query<{ claim_id: number; status: string; status_at: string; source: string | null }>(
    `SELECT claim_id, status, to_char(status_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS status_at, source
     FROM billing.claim_status_history WHERE claim_id = ANY($1::bigint[]) ORDER BY status_at`,
    [claimIds],
  );
  return rows.map((r) => ({
    claimId: r.claim_id,
    status: r.status,
    statusAt: r.status_at,
    source: r.source,
  }));
}

async function findAuthorizations(
  tx: Tx,
  claimIds: readonly number[],
): Promise<(Authorization & { claimId: number })[]> {
  if (claimIds.length === 0) return [];
  const rows = await tx.query<{
    claim_id: number;
    authorization_number: string;
    procedure_code: string | null;
    valid_from: string;
    valid_to: string;
  }>(
    `SELECT c.claim_id, a.authorization_number, a.procedure_code, a.valid_from, a.valid_to
     FROM billing.claim c
     JOIN billing.authorization a
       ON a.tenant_id = c.tenant_id AND a.subscriber_id = c.subscriber_id AND a.payer_id = c.payer_id
     WHERE c.claim_id = ANY($1::bigint[])
     ORDER BY a.authorization_id`,
    [claimIds],
  );
  return rows.map((r) => ({
    claimId: r.claim_id,
    authorizationNumber: r.authorization_number,
    procedureCode: r.procedure_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
}

/**
 * Claims that look like the same service billed again: same tenant, patient, payer, date of
 * service and procedure codes, under another patient control number (versions of one claim share
 * theirs and are not duplicates). Each says whether the payer paid it (remittances net of
 * reversals) or still has it pending (sent, no remittance yet): the evidence a write-off needs.
 */
async function findDuplicateCandidates(
  tx: Tx,
  claimIds: readonly number[],
): Promise<(DuplicateCandidate & { forClaimId: number })[]> {
  if (claimIds.length === 0) return [];
  const rows = await tx.query<{
    for_claim_id: number;
    claim_id: number;
    patient_control_number: string;
    paid: boolean;
    pending: boolean;
  }>(
    `WITH target AS (
       SELECT c.claim_id, c.tenant_id, c.subscriber_id, c.payer_id, c.service_date_from, c.patient_control_number,
              ARRAY(SELECT l.procedure_code FROM billing.claim_line l WHERE l.claim_id = c.claim_id ORDER BY 1) AS codes
       FROM billing.claim c
       WHERE c.claim_id = ANY($1::bigint[]) AND c.subscriber_id IS NOT NULL AND c.service_date_from IS NOT NULL
     )
     SELECT t.claim_id AS for_claim_id, o.claim_id, o.patient_control_number,
            COALESCE((SELECT sum(rc.paid_cents) FROM billing.remit_claim rc
                      WHERE rc.tenant_id = o.tenant_id AND rc.patient_control_number = o.patient_control_number), 0) > 0 AS paid,
            NOT EXISTS (SELECT 1 FROM billing.remit_claim rc
                        WHERE rc.tenant_id = o.tenant_id AND rc.patient_control_number = o.patient_control_number)
              AND (EXISTS (SELECT 1 FROM billing.claim_submission s WHERE s.claim_id = o.claim_id)
                   OR EXISTS (SELECT 1 FROM billing.claim_status_history h WHERE h.claim_id = o.claim_id)) AS pending
     FROM target t
     JOIN billing.claim o
       ON o.tenant_id = t.tenant_id AND o.subscriber_id = t.subscriber_id
      AND o.service_date_from = t.service_date_from AND o.patient_control_number <> t.patient_control_number
      AND o.payer_id IS NOT DISTINCT FROM t.payer_id
     WHERE ARRAY(SELECT l.procedure_code FROM billing.claim_line l WHERE l.claim_id = o.claim_id ORDER BY 1) = t.codes`,
    [claimIds],
  );
  return rows.map((r) => ({
    forClaimId: r.for_claim_id,
    claimId: r.claim_id,
    patientControlNumber: r.patient_control_number,
    paid: r.paid,
    pending: r.pending,
  }));
}

async function findModifierRules(tx: Tx, tenantId: string): Promise<ModifierRule[]> {
  const rows = await tx.query<{
    rule_id: number;
    trigger_type: ModifierRule['triggerType'];
    trigger_value: string;
    scope: string;
    modifier: string;
  }>(
    `SELECT rule_id, trigger_type, trigger_value, scope, modifier
     FROM rcm_reference.modifier_injection_rule WHERE tenant_id = $1 ORDER BY rule_id`,
    [tenantId],
  );
  return rows.map((r) => ({
    ruleId: r.rule_id,
    triggerType: r.trigger_type,
    triggerValue: r.trigger_value,
    scope: r.scope,
    modifier: r.modifier,
  }));
}

async function findTimelyFilingDays(
  tx: Tx,
  tenantId: string,
  payerIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await tx.query<{ payer_id: string; timely_filing_days: number }>(
    `SELECT payer_id, timely_filing_days FROM billing.payer WHERE tenant_id = $1 AND payer_id = ANY($2::text[])`,
    [tenantId, uniq(payerIds)],
  );
  return new Map(rows.map((r) => [r.payer_id, r.timely_filing_days]));
}
