import type { Queryable, Tx } from '../db/db.js';
import type { Envelope } from './types.js';

export type AttemptStatus = 'SUCCESS' | 'FAILED' | 'SKIPPED' | 'PENDING';

/** An attempt row as the history shows it. */
export interface AttemptRow {
  readonly attemptId: number;
  readonly denialId: number;
  readonly handlerName: string;
  readonly carcCode: string;
  readonly strategy: string | null;
  readonly status: AttemptStatus;
  readonly details: Record<string, unknown>;
  readonly failureReason: string | null;
  readonly rebilledClaimId: number | null;
  readonly recoveredAmountCents: number;
  readonly correlationId: string;
  readonly claimedAt: string;
  readonly finishedAt: string | null;
}

export interface LiveAttempt {
  readonly attemptId: number;
  readonly denialId: number;
  readonly handlerName: string;
  readonly status: Exclude<AttemptStatus, 'FAILED'>;
  /** A PENDING slot older than the stale timeout: its engine is presumed dead. */
  readonly stale: boolean;
  readonly rebilledClaimId: number | null;
}

export interface LockedDenial {
  readonly denialId: number;
  readonly carcCodes: string[];
}

/**
 * Locks, among the next `limit` denials of the tenant after `afterDenialId`, the open ones with
 * codes some handler covers and nothing live left to do, skipping rows another engine holds, so
 * that several engines share the backlog without waiting. Each call looks at a bounded window of
 * ids (its end is returned as the next cursor, null at the end), so a batch costs the same at the
 * start of a large backlog as at its end.
 */
export async function lockNextDenials(
  tx: Tx,
  q: {
    tenantId: string;
    carcs: readonly string[];
    afterDenialId: number;
    limit: number;
    staleAfterMs: number;
    lock: boolean;
    /** Only denials from remittances of this ingested file. */
    sourceFileId?: number | undefined;
    /** Denials whose live attempts SKIPPED count as work too (a forced retry of the backlog). */
    retrySkipped?: boolean;
  },
): Promise<{ denials: LockedDenial[]; windowEnd: number | null }> {
  const [window] = await tx.query<{ last: number | null }>(
    `SELECT max(denial_id) AS last FROM (
       SELECT denial_id FROM billing.denial WHERE tenant_id = $1 AND denial_id > $2 ORDER BY denial_id LIMIT $3) w`,
    [q.tenantId, q.afterDenialId, q.limit],
  );
  const windowEnd = window?.last ?? null;
  if (windowEnd === null) return { denials: [], windowEnd };
  const rows = await tx.query<{ denial_id: number; carc_codes: string[] }>(
    `SELECT d.denial_id, d.carc_codes FROM billing.denial d
     WHERE d.tenant_id = $1 AND d.denial_id > $3 AND d.denial_id <= $4
       AND d.status = 'OPEN' AND d.carc_codes && $2::text[]
       AND NOT EXISTS (
         SELECT 1 FROM billing.auto_correction_attempt a
         WHERE a.denial_id = d.denial_id AND a.status <> 'FAILED'
           AND NOT (a.status = 'PENDING' AND a.claimed_at < now() - $5 * interval '1 millisecond')
           AND NOT ($7 AND a.status = 'SKIPPED'))
       AND ($6::bigint IS NULL OR EXISTS (
         SELECT 1 FROM billing.remit_claim rc WHERE rc.remit_claim_id = d.remit_claim_id AND rc.source_file_id = $6))
     ORDER BY d.denial_id ${q.lock ? 'FOR UPDATE OF d SKIP LOCKED' : ''}`,
    [
      q.tenantId,
      q.carcs,
      q.afterDenialId,
      windowEnd,
      q.staleAfterMs,
      q.sourceFileId ?? null,
      q.retrySkipped ?? false,
    ],
  );
  return { denials: rows.map((r) => ({ denialId: r.denial_id, carcCodes: r.carc_codes })), windowEnd };
}

/** Locks one denial whatever its status, waiting for an engine that holds it. */
export async function lockDenial(
  tx: Tx,
  tenantId: string,
  denialId: number,
  lock: boolean,
): Promise<LockedDenial | null> {
  const rows = await tx.query<{ denial_id: number; carc_codes: string[] }>(
    `SELECT denial_id, carc_codes FROM billing.denial WHERE tenant_id = $1 AND denial_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
    [tenantId, denialId],
  );
  const row = rows[0];
  return row ? { denialId: row.denial_id, carcCodes: row.carc_codes } : null;
}

export async function findLiveAttempts(
  tx: Queryable,
  denialIds: readonly number[],
  staleAfterMs: number,
): Promise<LiveAttempt[]> {
  if (denialIds.length === 0) return [];
  const rows = await tx.query<{
    attempt_id: number;
    denial_id: number;
    handler_name: string;
    status: LiveAttempt['status'];
    stale: boolean;
    rebilled_claim_id: number | null;
  }>(
    `SELECT attempt_id, denial_id, handler_name, status, rebilled_claim_id,
            (status = 'PENDING' AND claimed_at < now() - $2 * interval '1 millisecond') AS stale
     FROM billing.auto_correction_attempt WHERE denial_id = ANY($1::bigint[]) AND status <> 'FAILED'`,
    [denialIds, staleAfterMs],
  );
  return rows.map((r) => ({
    attemptId: r.attempt_id,
    denialId: r.denial_id,
    handlerName: r.handler_name,
    status: r.status,
    stale: r.stale,
    rebilledClaimId: r.rebilled_claim_id,
  }));
}

export interface Slot {
  readonly denialId: number;
  readonly handlerName: string;
  readonly carcCode: string;
}

/**
 * Takes PENDING slots for new (denial, handler) pairs. A pair whose slot is already live is left
 * out of the result rather than failing the batch: the unique index decides, not this process.
 */
export async function insertPendingAttempts(
  tx: Tx,
  envelope: Envelope,
  token: string,
  slots: readonly Slot[],
): Promise<{ attemptId: number; denialId: number; handlerName: string }[]> {
  if (slots.length === 0) return [];
  const rows = await tx.query<{ attempt_id: number; denial_id: number; handler_name: string }>(
    `INSERT INTO billing.auto_correction_attempt
       (tenant_id, org_id, correlation_id, denial_id, handler_name, carc_code, status, claim_token)
     SELECT $1, $2, $3, u.denial_id, u.handler_name, u.carc_code, 'PENDING', $4::uuid
     FROM unnest($5::bigint[], $6::text[], $7::text[]) AS u(denial_id, handler_name, carc_code)
     ON CONFLICT (denial_id, handler_name) WHERE status <> 'FAILED' DO NOTHING
     RETURNING attempt_id, denial_id, handler_name`,
    [
      envelope.tenantId,
      envelope.orgId,
      envelope.correlationId,
      token,
      slots.map((s) => s.denialId),
      slots.map((s) => s.handlerName),
      slots.map((s) => s.carcCode),
    ],
  );
  return rows.map((r) => ({ attemptId: r.attempt_id, denialId: r.denial_id, handlerName: r.handler_name }));
}

/**
 * Re-opens live rows as PENDING under this engine's token: a stale PENDING slot, or a SKIPPED one
 * that a forced retry runs again. What the row said before is kept in its details.
 */
export async function reclaimAttempts(
  tx: Tx,
  envelope: Envelope,
  token: string,
  attemptIds: readonly number[],
): Promise<number[]> {
  if (attemptIds.length === 0) return [];
  const rows = await tx.query<{ attempt_id: number }>(
    `UPDATE billing.auto_correction_attempt
     SET details = jsonb_build_object('previous', jsonb_build_object(
           'status', status, 'details', details, 'correlationId', correlation_id, 'claimedAt', claimed_at, 'finishedAt', finished_at)),
         status = 'PENDING', claim_token = $2::uuid, claimed_at = now(), finished_at = NULL,
         correlation_id = $3, org_id = $4
     WHERE attempt_id = ANY($1::bigint[]) AND status IN ('PENDING', 'SKIPPED')
     RETURNING attempt_id`,
    [attemptIds, token, envelope.correlationId, envelope.orgId],
  );
  return rows.map((r) => r.attempt_id);
}

export interface AttemptResult {
  readonly attemptId: number;
  readonly status: 'SUCCESS' | 'SKIPPED' | 'FAILED';
  readonly strategy: string | null;
  readonly details: Record<string, unknown>;
  readonly failureReason: string | null;
  readonly rebilledClaimId: number | null;
  readonly recoveredAmountCents: number;
}

/**
 * Records outcomes on the slots this engine holds. Returns how many it still held: fewer than
 * asked means another engine took a slot over, and the caller must roll back.
 */
export async function finishAttempts(
  tx: Tx,
  token: string,
  results: readonly AttemptResult[],
): Promise<number> {
  if (results.length === 0) return 0;
  const rows = await tx.query<{ attempt_id: number }>(
    `UPDATE billing.auto_correction_attempt a
     SET status = r.status, strategy = r.strategy, details = a.details || r.details, failure_reason = r.failure_reason,
         rebilled_claim_id = r.rebilled_claim_id, recovered_amount_cents = r.recovered_amount_cents,
         finished_at = now(), claim_token = NULL
     FROM jsonb_to_recordset($2::jsonb) AS r(attempt_id bigint, status text, strategy text, details jsonb,
          failure_reason text, rebilled_claim_id bigint, recovered_amount_cents bigint)
     WHERE a.attempt_id = r.attempt_id AND a.attempt_id = ANY($3::bigint[])
       AND a.claim_token = $1::uuid AND a.status = 'PENDING'
     RETURNING a.attempt_id`,
    [
      token,
      JSON.stringify(results.map((r) => ({ attempt_id: r.attemptId, ...outcomeJson(r) }))),
      // The key list as an array too, so that the planner reaches rows by index rather than by scan.
      results.map((r) => r.attemptId),
    ],
  );
  return rows.length;
}

/**
 * Writes finished attempts for pairs that never had a PENDING row (the bulk path, where the denial
 * row locks held for the whole transaction are the slot). A pair whose live slot exists already is
 * left out of the result; the caller rolls back when that happens.
 */
export async function insertFinishedAttempts(
  tx: Tx,
  envelope: Envelope,
  rows: readonly (Slot & Omit<AttemptResult, 'attemptId'>)[],
): Promise<{ attemptId: number; denialId: number; handlerName: string }[]> {
  if (rows.length === 0) return [];
  const inserted = await tx.query<{ attempt_id: number; denial_id: number; handler_name: string }>(
    `INSERT INTO billing.auto_correction_attempt
       (tenant_id, org_id, correlation_id, denial_id, handler_name, carc_code, status, strategy, details, failure_reason,
        rebilled_claim_id, recovered_amount_cents, finished_at)
     SELECT $1, $2, $3, r.denial_id, r.handler_name, r.carc_code, r.status, r.strategy, r.details, r.failure_reason,
            r.rebilled_claim_id, r.recovered_amount_cents, now()
     FROM jsonb_to_recordset($4::jsonb) AS r(denial_id bigint, handler_name text, carc_code text, status text, strategy text,
          details jsonb, failure_reason text, rebilled_claim_id bigint, recovered_amount_cents bigint)
     ON CONFLICT (denial_id, handler_name) WHERE status <> 'FAILED' DO NOTHING
     RETURNING attempt_id, denial_id, handler_name`,
    [
      envelope.tenantId,
      envelope.orgId,
      envelope.correlationId,
      JSON.stringify(
        rows.map((r) => ({
          denial_id: r.denialId,
          handler_name: r.handlerName,
          carc_code: r.carcCode,
          ...outcomeJson(r),
        })),
      ),
    ],
  );
  return inserted.map((r) => ({
    attemptId: r.attempt_id,
    denialId: r.denial_id,
    handlerName: r.handler_name,
  }));
}

/** Records FAILED attempts (they hold no slot) for pairs whose batch could not be written. */
export async function insertFailedAttempts(
  db: Queryable,
  envelope: Envelope,
  slots: readonly Slot[],
  reason: string,
): Promise<void> {
  if (slots.length === 0) return;
  await db.query(
    `INSERT INTO billing.auto_correction_attempt
       (tenant_id, org_id, correlation_id, denial_id, handler_name, carc_code, status, failure_reason, finished_at)
     SELECT $1, $2, $3, u.denial_id, u.handler_name, u.carc_code, 'FAILED', $7, now()
     FROM unnest($4::bigint[], $5::text[], $6::text[]) AS u(denial_id, handler_name, carc_code)`,
    [
      envelope.tenantId,
      envelope.orgId,
      envelope.correlationId,
      slots.map((s) => s.denialId),
      slots.map((s) => s.handlerName),
      slots.map((s) => s.carcCode),
      reason,
    ],
  );
}

/** Marks held slots FAILED (frees them for a retry) when writing the batch's outcome failed. */
export async function failAttempts(
  db: Queryable,
  token: string,
  attemptIds: readonly number[],
  reason: string,
): Promise<void> {
  if (attemptIds.length === 0) return;
  await db.query(
    `UPDATE billing.auto_correction_attempt
     SET status = 'FAILED', failure_reason = $3, finished_at = now(), claim_token = NULL
     WHERE attempt_id = ANY($1::bigint[]) AND claim_token = $2::uuid AND status = 'PENDING'`,
    [attemptIds, token, reason],
  );
}

/** An attempt as stored (snake_case columns, timestamps as UTC ISO text). */
export interface StoredAttempt {
  readonly attempt_id: number;
  readonly denial_id: number;
  readonly handler_name: string;
  readonly carc_code: string;
  readonly strategy: string | null;
  readonly status: AttemptStatus;
  readonly details: Record<string, unknown>;
  readonly failure_reason: string | null;
  readonly rebilled_claim_id: number | null;
  readonly recovered_amount_cents: number;
  readonly correlation_id: string;
  readonly claimed_at: string;
  readonly finished_at: string | null;
}

/** Every attempt on a denial, oldest first. */
export async function listAttempts(db: Queryable, tenantId: string, denialId: number): Promise<AttemptRow[]> {
  const rows = await db.query<StoredAttempt & Record<string, unknown>>(
    `SELECT attempt_id, denial_id, handler_name, carc_code, strategy, status, details, failure_reason,
            rebilled_claim_id, recovered_amount_cents, correlation_id,
            to_char(claimed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS claimed_at,
            to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at
     FROM billing.auto_correction_attempt WHERE tenant_id = $1 AND denial_id = $2 ORDER BY attempt_id`,
    [tenantId, denialId],
  );
  return rows.map(attemptFromStored);
}

export function attemptFromStored(r: StoredAttempt): AttemptRow {
  return {
    attemptId: r.attempt_id,
    denialId: r.denial_id,
    handlerName: r.handler_name,
    carcCode: r.carc_code,
    strategy: r.strategy,
    status: r.status,
    details: r.details,
    failureReason: r.failure_reason,
    rebilledClaimId: r.rebilled_claim_id,
    recoveredAmountCents: r.recovered_amount_cents,
    correlationId: r.correlation_id,
    claimedAt: r.claimed_at,
    finishedAt: r.finished_at,
  };
}

/** An attempt's outcome as the JSON records the bulk statements read with jsonb_to_recordset. */
function outcomeJson(r: Omit<AttemptResult, 'attemptId'>) {
  return {
    status: r.status,
    strategy: r.strategy,
    details: r.details,
    failure_reason: r.failureReason,
    rebilled_claim_id: r.rebilledClaimId,
    recovered_amount_cents: r.recoveredAmountCents,
  };
}
