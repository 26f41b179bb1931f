import type { Queryable } from '../../src/db/db.js';
import type { Envelope } from '../../src/correction/types.js';

let seq = 0;
const next = () => ++seq;

export const TENANT = 'default';
export const envelope = (correlationId = 'corr-1'): Envelope => ({
  tenantId: TENANT,
  orgId: 'org-1',
  correlationId,
});

export const FULL_SNAPSHOT = { rendering_credential: 'NP', facility_address_state: 'CA', payer_id: 'P1' };

export interface ClaimSpec {
  pcn?: string;
  payerId?: string;
  subscriberId?: string;
  serviceDate?: string;
  priorAuthorization?: string | null;
  snapshot?: Record<string, unknown>;
  lines?: { code: string; modifiers?: string[]; chargeCents?: number }[];
}

export async function aClaim(db: Queryable, spec: ClaimSpec = {}): Promise<number> {
  const lines = spec.lines ?? [{ code: '99213' }];
  const total = lines.reduce((s, l) => s + (l.chargeCents ?? 10_000), 0);
  const [row] = await db.query<{ claim_id: number }>(
    `INSERT INTO billing.claim (tenant_id, patient_control_number, total_charge_cents, payer_id, subscriber_id,
       service_date_from, service_date_to, prior_authorization, resolved_context_snapshot, diagnosis_codes, billing_npi)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, '{J020}', '1234567893') RETURNING claim_id`,
    [
      TENANT,
      spec.pcn ?? `PCN${next()}`,
      total,
      spec.payerId ?? 'P1',
      spec.subscriberId ?? 'SUB1',
      spec.serviceDate ?? '2025-03-01',
      spec.priorAuthorization ?? null,
      JSON.stringify(spec.snapshot ?? FULL_SNAPSHOT),
    ],
  );
  const claimId = row!.claim_id;
  for (const [i, l] of lines.entries()) {
    await db.query(
      `INSERT INTO billing.claim_line (claim_id, line_number, procedure_code, modifiers, charge_cents, units, service_date)
       VALUES ($1, $2, $3, $4, $5, 1, $6)`,
      [claimId, i + 1, l.code, l.modifiers ?? [], l.chargeCents ?? 10_000, spec.serviceDate ?? '2025-03-01'],
    );
  }
  return claimId;
}

export async function aRemitClaim(
  db: Queryable,
  spec: {
    pcn: string;
    claimId?: number | null;
    pccn?: string;
    paidCents?: number;
    statusCode?: string;
    chargeCents?: number;
  },
): Promise<number> {
  const [rem] = await db.query<{ remittance_id: number }>(
    `INSERT INTO billing.remittance (tenant_id, payer_key, trace_number, payment_cents, payment_date)
     VALUES ($1, 'P1', $2, 0, '2025-04-01') RETURNING remittance_id`,
    [TENANT, `TRN${next()}`],
  );
  const [rc] = await db.query<{ remit_claim_id: number }>(
    `INSERT INTO billing.remit_claim (tenant_id, remittance_id, patient_control_number, status_code, charge_cents, paid_cents,
       payer_claim_control_number, claim_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING remit_claim_id`,
    [
      TENANT,
      rem!.remittance_id,
      spec.pcn,
      spec.statusCode ?? '4',
      spec.chargeCents ?? 10_000,
      spec.paidCents ?? 0,
      spec.pccn ?? `ICN${next()}`,
      spec.claimId ?? null,
    ],
  );
  return rc!.remit_claim_id;
}

export async function anAdjustment(
  db: Queryable,
  remitClaimId: number,
  spec: { group: string; carc: string; amountCents: number; line?: boolean },
): Promise<void> {
  let lineId: number | null = null;
  if (spec.line) {
    const [l] = await db.query<{ remit_line_id: number }>(
      `INSERT INTO billing.remit_line (tenant_id, remit_claim_id, line_number, procedure_code, charge_cents, paid_cents)
       VALUES ($1, $2, $3, '99213', 10000, 0) RETURNING remit_line_id`,
      [TENANT, remitClaimId, next()],
    );
    lineId = l!.remit_line_id;
  }
  await db.query(
    `INSERT INTO billing.remittance_adjustment (tenant_id, remit_claim_id, remit_line_id, group_code, carc, amount_cents)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [TENANT, remitClaimId, lineId, spec.group, spec.carc, spec.amountCents],
  );
}

export interface DenialSpec {
  carc?: string;
  carcs?: string[];
  rarcs?: string[];
  claim?: ClaimSpec | null;
  claimId?: number | null;
  pccn?: string;
  deniedAmountCents?: number;
  deniedOn?: string;
}

/** A denial with its claim and remittance claim (unless `claim: null`). */
export async function aDenial(
  db: Queryable,
  spec: DenialSpec = {},
): Promise<{ denialId: number; claimId: number | null; remitClaimId: number; pcn: string }> {
  const pcn = spec.claim?.pcn ?? `PCN${next()}`;
  const claimId =
    spec.claimId !== undefined
      ? spec.claimId
      : spec.claim === null
        ? null
        : await aClaim(db, { ...spec.claim, pcn });
  const pccn = spec.pccn ?? `ICN${next()}`;
  const remitClaimId = await aRemitClaim(db, { pcn, claimId, pccn });
  const [d] = await db.query<{ denial_id: number }>(
    `INSERT INTO billing.denial (tenant_id, remit_claim_id, claim_id, patient_control_number, payer_claim_control_number,
       payer_key, carc_codes, rarc_codes, denied_amount_cents, denied_on)
     VALUES ($1, $2, $3, $4, $5, 'P1', $6, $7, $8, $9) RETURNING denial_id`,
    [
      TENANT,
      remitClaimId,
      claimId,
      pcn,
      pccn,
      spec.carcs ?? [spec.carc ?? 'CO-4'],
      spec.rarcs ?? [],
      spec.deniedAmountCents ?? 10_000,
      spec.deniedOn ?? '2025-04-01',
    ],
  );
  return { denialId: d!.denial_id, claimId, remitClaimId, pcn };
}

export async function aModifierRule(
  db: Queryable,
  spec: { triggerType?: string; triggerValue?: string; scope?: string; modifier?: string } = {},
): Promise<void> {
  await db.query(
    `INSERT INTO rcm_reference.modifier_injection_rule (tenant_id, trigger_type, trigger_value, scope, modifier)
     VALUES ($1, $2, $3, $4, $5)`,
    [
      TENANT,
      spec.triggerType ?? 'rendering_credential',
      spec.triggerValue ?? 'NP',
      spec.scope ?? '*',
      spec.modifier ?? 'SA',
    ],
  );
}

export async function anAuthorization(
  db: Queryable,
  spec: {
    number?: string;
    procedureCode?: string | null;
    from?: string;
    to?: string;
    subscriberId?: string;
  } = {},
): Promise<void> {
  await db.query(
    `INSERT INTO billing.authorization (tenant_id, payer_id, subscriber_id, procedure_code, authorization_number, valid_from, valid_to)
     VALUES ($1, 'P1', $2, $3, $4, $5, $6)`,
    [
      TENANT,
      spec.subscriberId ?? 'SUB1',
      spec.procedureCode ?? null,
      spec.number ?? 'AUTH123',
      spec.from ?? '2025-01-01',
      spec.to ?? '2025-12-31',
    ],
  );
}

export async function aSubmission(
  db: Queryable,
  claimId: number,
  submittedAt = '2025-03-05T10:00:00Z',
): Promise<void> {
  await db.query(
    `INSERT INTO billing.claim_submission (tenant_id, claim_id, submitted_at, channel, reference) VALUES ($1, $2, $3, 'edi', 'ISA000000123')`,
    [TENANT, claimId, submittedAt],
  );
}

export async function aStatusEntry(
  db: Queryable,
  claimId: number,
  statusAt: string,
  status = 'ACCEPTED',
): Promise<void> {
  await db.query(
    `INSERT INTO billing.claim_status_history (tenant_id, claim_id, status, status_at, source) VALUES ($1, $2, $3, $4, '277CA')`,
    [TENANT, claimId, status, statusAt],
  );
}

export async function aPayer(db: Queryable, timelyFilingDays: number, payerId = 'P1'): Promise<void> {
  await db.query(
    `INSERT INTO billing.payer (tenant_id, payer_id, timely_filing_days) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, payer_id) DO UPDATE SET timely_filing_days = EXCLUDED.timely_filing_days`,
    [TENANT, payerId, timelyFilingDays],
  );
}

export async function attemptsOf(db: Queryable, denialId: number) {
  return db.query<{
    handler_name: string;
    status: string;
    failure_reason: string | null;
    rebilled_claim_id: number | null;
    recovered_amount_cents: number;
    details: Record<string, unknown>;
    strategy: string | null;
    carc_code: string;
  }>(
    `SELECT handler_name, status, failure_reason, rebilled_claim_id, recovered_amount_cents, details, strategy, carc_code
     FROM billing.auto_correction_attempt WHERE denial_id = $1 ORDER BY attempt_id`,
    [denialId],
  );
}

export async function eventsOf(db: Queryable) {
  return db.query<{
    event_type: string;
    payload: {
      data: Record<string, unknown>;
      tenantId: string;
      orgId: string;
      correlationId: string;
      eventId: string;
    };
  }>(`SELECT event_type, payload FROM billing.outbox_event ORDER BY seq`);
}
